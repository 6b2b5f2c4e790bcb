package nexcage.core.internal.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerStatus;

/** Backends by name, in a map; remembers which were re-checked. */
final class MapBackends implements Backends {
    final TreeMap<String, ContainerBackend> byName = new TreeMap<>();
    final List<String> rechecked = new ArrayList<>();
    final OperationTimes times = new OperationTimes();

    MapBackends(ContainerBackend... backends) {
        for (ContainerBackend b : backends) {
            byName.put(b.name(), b);
        }
    }

    @Override
    public Optional<ContainerBackend> backend(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every backend here is provided by the plugin of its own name. */
    @Override
    public Optional<String> plugin(String name) {
        return byName.containsKey(name) ? Optional.of(name) : Optional.empty();
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    @Override
    public void recheck(String name) {
        rechecked.add(name);
    }

    @Override
    public CompletableFuture<ContainerStatus> nextStatus(String backend, String id) {
        return new CompletableFuture<>(); // no engine events here: the container's status is asked instead
    }

    @Override
    public OperationTimes times() {
        return times;
    }

    @Override
    public List<ContainerService.BackendState> states() {
        return byName.values().stream().map(b -> new ContainerService.BackendState(b.name(), "test", b.description(), b.health())).toList();
    }
}
