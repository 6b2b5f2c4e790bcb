package nexcage.core.internal.containers;

import java.util.List;
import java.util.function.Supplier;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.ContainerBackend;
import nexcage.core.internal.config.RuntimeSettings;

/** Which backend a container's operation goes to (DESIGN §8), and the sentence when there is none. */
final class BackendChoice {

    /** A backend by its name in the registry. */
    record Chosen(String name, ContainerBackend backend) {
    }

    private final Backends backends;
    private final Supplier<RuntimeSettings> settings;

    BackendChoice(Backends backends, Supplier<RuntimeSettings> settings) {
        this.backends = backends;
        this.settings = settings;
    }

    /** The backend a new container goes to: {@code --backend}, else the first matching rule, else the default. */
    Chosen forNew(String id, String explicit, int failStatus) throws ContainerFailure {
        RuntimeSettings s = settings.get();
        String name = Routing.backendFor(id, explicit, s);
        ContainerBackend b = backends.backend(name).orElse(null);
        if (b != null) {
            return new Chosen(name, b);
        }
        List<String> names = backends.names();
        String source = Routing.source(id, explicit, s);
        // a name or rule from ${...} in config.yaml is a secret like any other (DESIGN §7): masked in the sentence
        throw new ContainerFailure(explicit != null ? 2 : failStatus, s.masked(names.isEmpty()
                ? "no container backend is available (backend '" + name + "' was asked for); enable the docker plugin with "
                        + "'nexcage plugin enable docker' or install a backend plugin"
                : "there is no backend '" + name + "'" + (source == null ? "" : " (named by " + source + ")")
                        + "; the available backends are " + String.join(", ", names)
                        + (source == null ? "" : ": fix config.yaml, or pass --backend " + names.get(0))));
    }

    /**
     * The backend an existing container is on: where {@link #forNew} sends its id, but when
     * config.yaml names a backend that is not there (a typo, a new rule), the container is looked
     * for on the backends that are, so that running containers stay manageable.
     */
    Chosen forExisting(String id, String explicit, int failStatus) throws ContainerFailure {
        if (explicit == null && backends.backend(Routing.backendFor(id, null, settings.get())).isEmpty()) {
            for (String name : backends.names()) {
                ContainerBackend b = backends.backend(name).orElse(null);
                try {
                    if (b != null) {
                        b.info(id);
                        return new Chosen(name, b);
                    }
                } catch (BackendException notThere) {
                    // not on this one (or it does not answer): the next
                }
            }
        }
        return forNew(id, explicit, failStatus); // on no backend: says which name is missing, and where it came from
    }
}
