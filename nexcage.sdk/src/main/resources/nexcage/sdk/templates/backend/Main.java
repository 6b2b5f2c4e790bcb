package {{package}};

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;

/**
 * A container backend named {{name}}: {@code nexcage run --backend {{name}} ...}. This one keeps its
 * "containers" in memory (exec echoes its command); a real one drives an engine here.
 */
@Component
public class {{className}} implements ContainerBackend {
    private final Map<String, ContainerInfo> containers = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "{{name}}";
    }

    @Override
    public String description() {
        return "Containers kept in memory";
    }

    @Override
    public BackendHealth health() {
        return BackendHealth.healthy("1.0.0");
    }

    @Override
    public ContainerInfo create(ContainerSpec spec) throws BackendException {
        ContainerInfo info = new ContainerInfo(spec.id(), spec.id(), spec.image(), ContainerStatus.CREATED, name(), Instant.now(), 0,
                null, spec.labels());
        if (containers.putIfAbsent(spec.id(), info) != null) {
            throw new BackendException(BackendException.Reason.NAME_IN_USE, "container " + spec.id() + " already exists");
        }
        return info;
    }

    @Override
    public void start(String id) throws BackendException {
        setStatus(id, ContainerStatus.RUNNING);
    }

    @Override
    public void stop(String id, int timeoutSeconds) throws BackendException {
        setStatus(id, ContainerStatus.STOPPED);
    }

    @Override
    public void kill(String id, String signal) throws BackendException {
        setStatus(id, ContainerStatus.STOPPED);
    }

    @Override
    public void delete(String id, boolean force) throws BackendException {
        if (info(id).status() == ContainerStatus.RUNNING && !force) {
            throw new BackendException(BackendException.Reason.CONTAINER_RUNNING, "container " + id + " is running; stop it first");
        }
        containers.remove(id);
    }

    @Override
    public List<ContainerInfo> list(boolean all) {
        return containers.values().stream().filter(c -> all || c.status() == ContainerStatus.RUNNING).toList();
    }

    @Override
    public ContainerInfo info(String id) throws BackendException {
        ContainerInfo info = containers.get(id);
        if (info == null) {
            throw new BackendException(BackendException.Reason.NO_SUCH_CONTAINER, "no container " + id);
        }
        return info;
    }

    @Override
    public int exec(String id, List<String> command, OutputStream out, OutputStream err) throws BackendException {
        if (info(id).status() != ContainerStatus.RUNNING) {
            throw new BackendException(BackendException.Reason.NOT_RUNNING, "container " + id + " is not running");
        }
        write(out, String.join(" ", command) + "\n");
        return 0;
    }

    @Override
    public void logs(String id, boolean follow, int tail, OutputStream out, OutputStream err) throws BackendException {
        info(id);
    }

    @Override
    public int startAttached(String id, OutputStream out, OutputStream err) throws BackendException {
        start(id);
        write(out, "container " + id + " ran " + info(id).image() + "\n");
        setStatus(id, ContainerStatus.STOPPED);
        return 0;
    }

    private void setStatus(String id, ContainerStatus status) throws BackendException {
        ContainerInfo c = info(id);
        containers.put(id, new ContainerInfo(id, c.engineId(), c.image(), status, name(), c.created(),
                status == ContainerStatus.RUNNING ? 1 : 0, status == ContainerStatus.STOPPED ? 0 : null, c.labels()));
    }

    private static void write(OutputStream out, String text) throws BackendException {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new BackendException(BackendException.Reason.OTHER, "cannot write the container's output: " + e.getMessage(), e);
        }
    }
}
