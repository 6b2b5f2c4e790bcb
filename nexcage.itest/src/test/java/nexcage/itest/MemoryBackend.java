package nexcage.itest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;

/** A container backend in memory, for tests that need the container layer without an engine: exec prints its arguments. */
final class MemoryBackend implements ContainerBackend {
    static final String NAME = "itest-mem";
    final Map<String, ContainerInfo> containers = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "containers in the test's memory";
    }

    @Override
    public BackendHealth health() {
        return BackendHealth.healthy("1");
    }

    @Override
    public ContainerInfo create(ContainerSpec spec) throws BackendException {
        ContainerInfo i = new ContainerInfo(spec.id(), "mem-" + spec.id(), spec.image(), ContainerStatus.CREATED, NAME, Instant.now(), 0,
                null, spec.labels());
        if (containers.putIfAbsent(spec.id(), i) != null) {
            throw new BackendException(BackendException.Reason.NAME_IN_USE, "container " + spec.id() + " exists");
        }
        return i;
    }

    private ContainerInfo get(String id) throws BackendException {
        ContainerInfo i = containers.get(id);
        if (i == null) {
            throw new BackendException(BackendException.Reason.NO_SUCH_CONTAINER, "no container " + id);
        }
        return i;
    }

    private void set(String id, ContainerStatus s) throws BackendException {
        ContainerInfo i = get(id);
        containers.put(id, new ContainerInfo(id, i.engineId(), i.image(), s, NAME, i.created(), s == ContainerStatus.RUNNING ? 1 : 0,
                s == ContainerStatus.STOPPED ? 0 : null, i.labels()));
    }

    @Override
    public void start(String id) throws BackendException {
        set(id, ContainerStatus.RUNNING);
    }

    @Override
    public void stop(String id, int timeoutSeconds) throws BackendException {
        set(id, ContainerStatus.STOPPED);
    }

    @Override
    public void kill(String id, String signal) throws BackendException {
        set(id, ContainerStatus.STOPPED);
    }

    @Override
    public void delete(String id, boolean force) throws BackendException {
        get(id);
        containers.remove(id);
    }

    @Override
    public List<ContainerInfo> list(boolean all) {
        return List.copyOf(containers.values());
    }

    @Override
    public ContainerInfo info(String id) throws BackendException {
        return get(id);
    }

    @Override
    public int exec(String id, List<String> command, OutputStream out, OutputStream err) throws BackendException {
        if (get(id).status() != ContainerStatus.RUNNING) {
            throw new BackendException(BackendException.Reason.NOT_RUNNING, "container " + id + " is not running");
        }
        try {
            out.write((String.join(" ", command.subList(1, command.size())) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BackendException(BackendException.Reason.OTHER, e.getMessage());
        }
        return 0;
    }

    @Override
    public void logs(String id, boolean follow, int tail, OutputStream out, OutputStream err) {
    }

    @Override
    public int startAttached(String id, OutputStream out, OutputStream err) throws BackendException {
        start(id);
        return 0;
    }
}
