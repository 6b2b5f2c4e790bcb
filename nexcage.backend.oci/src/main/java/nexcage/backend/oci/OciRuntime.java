package nexcage.backend.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import nexcage.api.backend.BackendHealth;

/**
 * One OCI runtime binary (crun or runc) with its state directory ({@code --root}): the command
 * lines the backend runs it with, and whether it answers.
 */
final class OciRuntime {
    static final String CRUN = "crun";
    static final String RUNC = "runc";
    static final List<String> SEARCH_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");
    /** Where a systemd host with cgroup v1 mounts cgroup v2 beside it ("hybrid"). */
    static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");

    private final String name;
    private final Path binary;
    private final Path root;
    private final boolean legacyCgroupView;

    OciRuntime(String name, Path binary, Path root, boolean legacyCgroupView) {
        this.name = name;
        this.binary = binary;
        this.root = root;
        this.legacyCgroupView = legacyCgroupView;
    }

    /**
     * The runtime the setting names ({@code crun}, {@code runc}; empty: crun, else runc), with its
     * state under {@code stateRoot/NAME}; empty when it is not installed.
     */
    static Optional<OciRuntime> choose(String setting, Path stateRoot) {
        String wanted = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
        List<String> order = wanted.isEmpty() ? List.of(CRUN, RUNC) : List.of(wanted);
        for (String n : order) {
            Optional<Path> bin = find(n);
            if (bin.isPresent()) {
                return Optional.of(new OciRuntime(n, bin.get(), stateRoot.resolve(n), n.equals(CRUN) && hybridWithV2Controllers()));
            }
        }
        return Optional.empty();
    }

    /** The runtime of that name (as a container recorded it), wherever it is installed now. */
    static Optional<OciRuntime> named(String name, Path stateRoot) {
        return choose(name, stateRoot);
    }

    /** Why {@link #choose} found nothing: one sentence naming the package to install. */
    static String missing(String setting) {
        String wanted = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            return "neither crun nor runc is installed; install Debian's crun (or runc): apt-get install crun";
        }
        if (!wanted.equals(CRUN) && !wanted.equals(RUNC)) {
            return "plugins.oci.config.runtime is " + setting + ", which is no OCI runtime this backend knows; set it to crun or runc";
        }
        return wanted + " (plugins.oci.config.runtime) is not installed; install Debian's " + wanted + ": apt-get install " + wanted;
    }

    static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(SEARCH_PATH);
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * crun 1.8 refuses to run on cgroup v1 when the cgroup v2 hierarchy mounted beside it holds a
     * controller (here: hugetlb), with "cgroups in hybrid mode not supported". It decides by what it
     * sees at /sys/fs/cgroup/unified, so the monitor runs it where that mount is hidden (its own
     * mount namespace, see {@link Monitor}); crun's other commands do not look.
     */
    static boolean hybridWithV2Controllers() {
        try {
            Path controllers = UNIFIED.resolve("cgroup.controllers");
            return Files.isReadable(controllers) && !Files.readString(controllers).isBlank();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the monitor hides the cgroup v2 mount from this runtime (in its own mount namespace). */
    boolean hidesCgroupV2() {
        return legacyCgroupView;
    }

    String name() {
        return name;
    }

    Path binary() {
        return binary;
    }

    Path root() {
        return root;
    }

    /** The runtime with its state directory: the start of every command line. */
    List<String> base() {
        return List.of(binary.toString(), "--root", root.toString());
    }

    /**
     * The command that creates, starts and waits for container {@code id} in the foreground (the
     * runtime reaps it and exits with its status), writing its pid to {@code pidFile} and the
     * runtime's own errors to {@code runtimeLog}.
     */
    List<String> runCommand(String id, Path bundle, Path pidFile, Path runtimeLog) {
        List<String> c = new ArrayList<>(base());
        c.add(name.equals(CRUN) ? "--log=file:" + runtimeLog : "--log");
        if (!name.equals(CRUN)) {
            c.add(runtimeLog.toString());
        }
        c.addAll(List.of("run", "--pid-file", pidFile.toString(), "--bundle", bundle.toString(), id));
        return c;
    }

    List<String> execCommand(String id, List<String> command) {
        List<String> c = new ArrayList<>(base());
        c.addAll(List.of("exec", id));
        c.addAll(command);
        return c;
    }

    List<String> killCommand(String id, String signal) {
        List<String> c = new ArrayList<>(base());
        c.addAll(List.of("kill", id, signal));
        return c;
    }

    List<String> deleteCommand(String id) {
        List<String> c = new ArrayList<>(base());
        c.addAll(List.of("delete", "--force", id));
        return c;
    }

    /** Asks the runtime for its version ({@code crun --version}): healthy with its first line, else why not. */
    BackendHealth health() {
        try {
            HostCommand.Result r = HostCommand.run(List.of(binary.toString(), "--version"), HostCommand.SHORT);
            if (!r.ok()) {
                return BackendHealth.unhealthy(binary + " --version failed (exit " + r.code() + ": " + r.brief()
                        + "); reinstall Debian's " + name);
            }
            String first = r.output().lines().findFirst().orElse(name).strip();
            return BackendHealth.healthy(first);
        } catch (IOException e) {
            return BackendHealth.unhealthy("cannot run " + binary + " (" + e.getMessage() + "); reinstall Debian's " + name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return BackendHealth.unhealthy("interrupted while asking " + binary + " for its version; ask again");
        }
    }
}
