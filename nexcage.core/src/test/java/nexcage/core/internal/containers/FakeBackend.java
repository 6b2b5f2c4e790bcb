package nexcage.core.internal.containers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;

/** A backend in memory: records each call, keeps containers in a map, and fails an operation when told to. */
class FakeBackend implements ContainerBackend {
    final String name;
    final List<String> calls = new ArrayList<>();
    final List<ContainerSpec> specs = new ArrayList<>();
    final Map<String, ContainerStatus> containers = new HashMap<>();
    /** An operation's bug: a RuntimeException, or an Error such as a plugin's missing class. */
    final Map<String, Throwable> bugs = new HashMap<>();
    private final Map<String, BackendException> failures = new HashMap<>();
    /** What an attached run prints and exits with. */
    String output = "";
    int exitCode;

    FakeBackend(String name) {
        this.name = name;
    }

    FakeBackend failing(String op, BackendException.Reason reason, String message) {
        failures.put(op, new BackendException(reason, message));
        return this;
    }

    private synchronized void called(String op, String id, Object... more) throws BackendException {
        StringBuilder b = new StringBuilder(op).append(' ').append(id);
        for (Object m : more) {
            b.append(' ').append(m);
        }
        calls.add(b.toString());
        if (failures.containsKey(op)) {
            throw failures.get(op);
        }
        throwBug(op);
    }

    private void throwBug(String op) {
        Throwable bug = bugs.get(op);
        if (bug instanceof RuntimeException r) {
            throw r;
        }
        if (bug instanceof Error e) {
            throw e;
        }
    }

    private ContainerInfo info(String id, ContainerStatus status) {
        return new ContainerInfo(id, "engine-" + id, "img", status, name, Instant.EPOCH, 0, null, Map.of());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "in memory";
    }

    @Override
    public BackendHealth health() {
        throwBug("health");
        return BackendHealth.healthy("1.0");
    }

    @Override
    public ContainerInfo create(ContainerSpec spec) throws BackendException {
        called("create", spec.id());
        specs.add(spec);
        containers.put(spec.id(), ContainerStatus.CREATED);
        return info(spec.id(), ContainerStatus.CREATED);
    }

    @Override
    public void start(String id) throws BackendException {
        called("start", id);
        containers.put(id, ContainerStatus.RUNNING);
    }

    @Override
    public void stop(String id, int timeoutSeconds) throws BackendException {
        called("stop", id, timeoutSeconds);
        containers.put(id, ContainerStatus.STOPPED);
    }

    @Override
    public void kill(String id, String signal) throws BackendException {
        called("kill", id, signal);
        containers.put(id, ContainerStatus.STOPPED);
    }

    @Override
    public void delete(String id, boolean force) throws BackendException {
        called("delete", id, force);
        containers.remove(id);
    }

    @Override
    public List<ContainerInfo> list(boolean all) throws BackendException {
        called("list", "-", all);
        return containers.entrySet().stream().map(e -> info(e.getKey(), e.getValue())).toList();
    }

    @Override
    public ContainerInfo info(String id) throws BackendException {
        called("info", id);
        ContainerStatus s = containers.get(id);
        if (s == null) {
            throw new BackendException(BackendException.Reason.NO_SUCH_CONTAINER, "there is no container " + id);
        }
        return info(id, s);
    }

    @Override
    public int exec(String id, List<String> command, OutputStream out, OutputStream err) throws BackendException {
        called("exec", id, command);
        return exitCode;
    }

    @Override
    public void logs(String id, boolean follow, int tail, OutputStream out, OutputStream err) throws BackendException {
        called("logs", id, follow, tail);
        write(out, output);
    }

    @Override
    public int startAttached(String id, OutputStream out, OutputStream err) throws BackendException {
        return startAttached(id, out, err, () -> { });
    }

    @Override
    public int startAttached(String id, OutputStream out, OutputStream err, Runnable started) throws BackendException {
        called("startAttached", id);
        containers.put(id, ContainerStatus.RUNNING);
        started.run();
        whileRunning(id);
        write(out, output);
        containers.put(id, ContainerStatus.STOPPED);
        return exitCode;
    }

    /** What happens while an attached run's container runs (a test may send a signal). */
    void whileRunning(String id) {
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
