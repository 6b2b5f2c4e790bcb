package nexcage.example.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Component;

import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;
import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;

/**
 * The backend {@code process}: each container is one host process, started in a directory of its
 * own. Also the plugin's lifecycle, since it needs the plugin's data directory from {@code init}.
 */
@Component(service = {ContainerBackend.class, PluginLifecycle.class})
public class ProcessBackend implements ContainerBackend, PluginLifecycle {
    static final String NAME = "process";

    private final Map<String, ProcessContainer> containers = new ConcurrentHashMap<>();
    private volatile Path root;

    @Override
    public void init(PluginContext context) throws IOException {
        root = Files.createDirectories(context.getDataDirectory().resolve("containers"));
        context.log("info", "process backend keeps its containers in " + root);
    }

    @Override
    public void deinit(PluginContext context) {
        // the daemon goes on without this plugin: leave no process of it behind
        containers.values().forEach(c -> {
            Process p = c.process();
            if (p != null) {
                p.destroyForcibly();
            }
        });
        containers.clear();
        root = null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "containers as plain host processes (no isolation, no images)";
    }

    @Override
    public BackendHealth health() {
        return root == null ? BackendHealth.unhealthy("plugin process-backend is not initialised yet; wait until it is active")
                : BackendHealth.healthy(Runtime.version().toString());
    }

    @Override
    public ContainerInfo create(ContainerSpec spec) throws BackendException {
        Path dir = ready().resolve(spec.id());
        if (spec.command().isEmpty()) {
            throw new BackendException(Reason.OTHER, "container " + spec.id() + ": the process backend has no images to take"
                    + " a default command from; give the command after the image, e.g. 'none echo hi'");
        }
        ProcessContainer c = new ProcessContainer(spec, dir);
        if (containers.putIfAbsent(spec.id(), c) != null) {
            throw new BackendException(Reason.NAME_IN_USE, "container " + spec.id() + " exists; delete it or choose another name");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            containers.remove(spec.id());
            throw new BackendException(Reason.OTHER, "cannot create the directory " + dir + " of container " + spec.id(), e);
        }
        return c.info(NAME);
    }

    @Override
    public void start(String id) throws BackendException {
        ProcessContainer c = container(id);
        Process p = c.start();
        if (c.spec().autoRemove()) {
            p.onExit().thenRun(() -> forget(id));
        }
    }

    @Override
    public void stop(String id, int timeoutSeconds) throws BackendException {
        Process p = running(id);
        p.destroy();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(Reason.OTHER, "interrupted while stopping container " + id, e);
        }
    }

    @Override
    public void kill(String id, String signal) throws BackendException {
        String s = signal.toUpperCase(Locale.ROOT).replaceFirst("^SIG", "");
        Process p = running(id);
        switch (s) {
            case "TERM", "15" -> p.destroy();
            case "KILL", "9" -> p.destroyForcibly();
            default -> throw new BackendException(Reason.OTHER, "the process backend can send only TERM and KILL, not "
                    + signal + "; use one of those");
        }
    }

    @Override
    public void delete(String id, boolean force) throws BackendException {
        Process p = container(id).process();
        if (p != null && p.isAlive()) {
            if (!force) {
                throw new BackendException(Reason.CONTAINER_RUNNING, "container " + id + " is running; stop it first or delete it with -f");
            }
            p.destroyForcibly();
        }
        forget(id);
    }

    @Override
    public List<ContainerInfo> list(boolean all) {
        return containers.values().stream().map(c -> c.info(NAME)).toList();
    }

    @Override
    public ContainerInfo info(String id) throws BackendException {
        return container(id).info(NAME);
    }

    @Override
    public int exec(String id, List<String> command, OutputStream out, OutputStream err) throws BackendException {
        running(id);
        try {
            Process p = new ProcessBuilder(command).directory(container(id).dir().toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            p.getInputStream().transferTo(out);
            return p.waitFor();
        } catch (IOException e) {
            throw new BackendException(Reason.COMMAND_NOT_FOUND, "container " + id + ": cannot run '" + command.get(0) + "' ("
                    + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(Reason.OTHER, "interrupted while running a command in container " + id, e);
        }
    }

    @Override
    public void logs(String id, boolean follow, int tail, OutputStream out, OutputStream err) throws BackendException {
        ProcessContainer c = container(id);
        try {
            OutputFile.copy(c.output(), tail, follow, c.process(), out);
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot copy the output of container " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(Reason.OTHER, "interrupted while copying the output of container " + id, e);
        }
    }

    @Override
    public int startAttached(String id, OutputStream out, OutputStream err) throws BackendException {
        ProcessContainer c = container(id);
        Process p = c.start();
        logs(id, true, -1, out, err);
        int exit = p.exitValue();
        if (c.spec().autoRemove()) {
            forget(id);
        }
        return exit;
    }

    private Path ready() throws BackendException {
        Path r = root;
        if (r == null) {
            throw new BackendException(Reason.ENGINE_UNAVAILABLE, "plugin process-backend is not initialised yet; wait until it is active");
        }
        return r;
    }

    ProcessContainer container(String id) throws BackendException {
        ProcessContainer c = containers.get(id);
        if (c == null) {
            throw new BackendException(Reason.NO_SUCH_CONTAINER, "no container " + id + " on the process backend");
        }
        return c;
    }

    private Process running(String id) throws BackendException {
        Process p = container(id).process();
        if (p == null || !p.isAlive()) {
            throw new BackendException(Reason.NOT_RUNNING, "container " + id + " is not running");
        }
        return p;
    }

    /** Drops the container and its directory; quietly, since it may run when its process exits. */
    private void forget(String id) {
        ProcessContainer c = containers.remove(id);
        if (c == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(c.dir())) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a directory left behind is harmless: the next create of this id uses it again
        }
    }
}
