package nexcage.backend.oci;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ContainerEvent;

/**
 * What the backend's parts share: its directories under the plugin's data directory
 * ({@code containers/}, {@code images/}, {@code runtime/} for the runtimes' {@code --root}), the
 * chosen runtime and root file system mode, the init binary, the monitors this daemon started, the
 * event listeners, and the plugin's thread factory.
 */
final class OciHost {
    /** The static init the containers' commands run under (Debian's tini, package tini). */
    static final Path TINI = Path.of("/usr/bin/tini-static");

    private final Path data;
    private final String runtimeSetting;
    private final String rootfsMode;
    private final ThreadFactory threads;
    private final ImageStore images;
    final Map<String, Process> monitors = new ConcurrentHashMap<>();
    final Set<Consumer<ContainerEvent>> listeners = ConcurrentHashMap.newKeySet();

    OciHost(Path data, String runtimeSetting, String rootfsMode, ThreadFactory threads) {
        this.data = data;
        this.runtimeSetting = runtimeSetting == null ? "" : runtimeSetting.strip();
        this.rootfsMode = RootFs.mode(rootfsMode);
        this.threads = threads;
        this.images = new ImageStore(data.resolve("images"), this::imageInUse);
    }

    Path data() {
        return data;
    }

    Path containers() {
        return data.resolve("containers");
    }

    Path runtimeRoot() {
        return data.resolve("runtime");
    }

    String rootfsMode() {
        return rootfsMode;
    }

    String runtimeSetting() {
        return runtimeSetting;
    }

    ThreadFactory threads() {
        return threads;
    }

    ImageStore images() {
        return images;
    }

    /** The init binary, or null when none is installed (then signals reach a command only if it handles them as pid 1). */
    String init() {
        return Files.isExecutable(TINI) ? TINI.toString() : null;
    }

    ContainerDir dir(String id) {
        return new ContainerDir(containers().resolve(id));
    }

    /** The runtime new containers run on; ENGINE_UNAVAILABLE (with the package to install) when there is none. */
    OciRuntime runtime() throws BackendException {
        return OciRuntime.choose(runtimeSetting, runtimeRoot()).orElseThrow(() -> new BackendException(Reason.ENGINE_UNAVAILABLE,
                OciRuntime.missing(runtimeSetting)));
    }

    /** The runtime a container was created on (its state is in that runtime's --root). */
    OciRuntime runtimeOf(ContainerDir.Record r) throws BackendException {
        return OciRuntime.named(r.runtime(), runtimeRoot()).orElseThrow(() -> new BackendException(Reason.ENGINE_UNAVAILABLE,
                "container " + r.id() + " was created on " + r.runtime() + ", which is not installed any more; "
                        + OciRuntime.missing(r.runtime())));
    }

    void emit(ContainerEvent e) {
        for (Consumer<ContainerEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ignored) {
                // a listener's failure is its own
            }
        }
    }

    /** True while some container's root file system rests on {@code imageRootfs}. */
    private boolean imageInUse(Path imageRootfs) {
        String wanted = imageRootfs.toString();
        try (var dirs = Files.list(containers())) {
            return dirs.map(ContainerDir::new).filter(ContainerDir::exists).anyMatch(d -> {
                try {
                    return wanted.equals(d.read().imageDir());
                } catch (java.io.IOException e) {
                    return true; // unreadable: better kept
                }
            });
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
