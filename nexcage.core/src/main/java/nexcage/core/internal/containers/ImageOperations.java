package nexcage.core.internal.containers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.backend.BackendException;
import nexcage.api.backend.ImageInfo;
import nexcage.core.internal.config.RuntimeSettings;
import nexcage.core.internal.containers.BackendChoice.Chosen;
import nexcage.core.internal.daemon.DaemonLog;

/**
 * What the image commands do on the backends: each goes to {@code --backend}, else
 * {@code runtime.default_backend} (routing rules name containers, not images), through
 * {@link BackendCalls}, so it is counted as the providing plugin's {@code backend:importImage},
 * {@code backend:images} or {@code backend:removeImage} and its failures read as the container
 * commands' do (status 1; 2 for an unknown {@code --backend}). Requests come checked.
 */
final class ImageOperations {
    private static final int FAILED = 1;

    private final Backends backends;
    private final BackendChoice choice;
    private final BackendCalls calls;

    ImageOperations(Backends backends, Supplier<RuntimeSettings> settings, DaemonLog log, PluginAccounting accounting) {
        this.backends = backends;
        this.choice = new BackendChoice(backends, settings);
        this.calls = new BackendCalls(backends, log, accounting);
    }

    /** Imports {@code source} (a tarball or an OCI layout the daemon can read) as {@code name} on {@code backend} (null: the default). */
    ImageInfo importImage(String backend, String name, Path source) throws ContainerFailure {
        Chosen on = choice.forNew(null, backend, FAILED);
        return calls.call(on, "importImage", "import image " + name, FAILED, b -> b.importImage(name, source));
    }

    /**
     * The images of {@code backend}, or (null) of every backend that keeps images: one that keeps
     * none ({@code UNSUPPORTED}) is left out then, though asked by name it is a failure.
     */
    List<ImageInfo> list(String backend) throws ContainerFailure {
        List<ImageInfo> all = new ArrayList<>();
        for (String name : backend != null ? List.of(backend) : backends.names()) {
            Chosen on = choice.forNew(null, name, FAILED);
            try {
                all.addAll(calls.call(on, "images", "list its images", FAILED, b -> b.images()));
            } catch (ContainerFailure f) {
                if (backend != null || !(f.getCause() instanceof BackendException e && e.reason() == BackendException.Reason.UNSUPPORTED)) {
                    throw f;
                }
            }
        }
        return all;
    }

    /** Removes the image {@code name} from {@code backend} (null: the default); one in use only with {@code force}. */
    void remove(String backend, String name, boolean force) throws ContainerFailure {
        Chosen on = choice.forNew(null, backend, FAILED);
        calls.call(on, "removeImage", "remove image " + name, FAILED, b -> {
            b.removeImage(name, force);
            return null;
        });
    }
}
