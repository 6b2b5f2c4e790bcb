package nexcage.itest.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import nexcage.api.CapabilityDeniedException;
import nexcage.api.HealthStatus;
import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;
import nexcage.api.cli.CliCommand;
import nexcage.api.cli.CommandContext;
import nexcage.api.containers.Containers;
import nexcage.api.hooks.HookContext;
import nexcage.api.hooks.HookHandler;
import nexcage.api.runtime.SystemInfo;

/**
 * The plugin SandboxIT runs in a child JVM (copied into its plugin file; not run from the test
 * bundle): a lifecycle that logs each call, the command {@code sbprobe} (guarded calls, streamed
 * output, an exit status), and a {@code container.pre_create} handler that vetoes when asked.
 */
public class SandboxProbeActivator implements BundleActivator, PluginLifecycle, CliCommand, HookHandler,
        nexcage.api.backend.ContainerBackend {
    private volatile BundleContext context;

    @Override
    public void start(BundleContext ctx) {
        this.context = ctx;
        ctx.registerService(PluginLifecycle.class, this, null);
        ctx.registerService(CliCommand.class, this, null);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(HookHandler.HOOK, "container.pre_create");
        props.put(HookHandler.TIMEOUT_MS, 3000L);
        ctx.registerService(HookHandler.class, this, props);
        ctx.registerService(nexcage.api.backend.ContainerBackend.class, this, null);
    }

    @Override
    public void stop(BundleContext ctx) {
    }

    @Override
    public void init(PluginContext c) {
        c.log("info", "sandbox probe init " + c.getPluginName() + " pid " + ProcessHandle.current().pid());
    }

    @Override
    public void deinit(PluginContext c) {
        c.log("info", "sandbox probe deinit " + c.getPluginName());
    }

    @Override
    public HealthStatus healthCheck(PluginContext c) {
        c.log("info", "sandbox probe health");
        return HealthStatus.DEGRADED;
    }

    @Override
    public String name() {
        return "sbprobe";
    }

    @Override
    public String description() {
        return "Probes the sandbox from inside it";
    }

    @Override
    public int execute(CommandContext ctx, List<String> args) throws Exception {
        switch (args.get(0)) {
            case "containers":
                return guarded(ctx, () -> String.valueOf(service(Containers.class).list(false).size()));
            case "sysinfo":
                return guarded(ctx, () -> service(SystemInfo.class).runtime().version());
            case "stream": {
                ctx.out().println("first");
                ctx.out().println(appears(Path.of(args.get(1)), 10_000_000_000L) ? "second" : "no go");
                return 0;
            }
            case "cwd":
                ctx.out().println(ctx.cwd() + " " + ctx.tty());
                ctx.err().println("to stderr");
                return 7;
            default:
                throw new IllegalArgumentException("sbprobe knows no " + args.get(0));
        }
    }

    /** A Callable, not an interface of its own: the plugin file carries this one class only. */
    private static int guarded(CommandContext ctx, java.util.concurrent.Callable<String> c) throws Exception {
        try {
            ctx.out().println("ok " + c.call());
            return 0;
        } catch (CapabilityDeniedException e) {
            ctx.out().println("denied " + e.capability() + " " + e.operation());
            return 3;
        }
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> ref = context.getServiceReference(type);
        return context.getService(ref);
    }

    @Override
    public void handle(HookContext ctx) {
        ctx.putMetadata("seen_by", "sbprobe");
        if (ctx.metadata("veto").isPresent()) {
            ctx.veto("the probe says no");
        }
    }

    // ContainerBackend (name and description are the command's): exec streams and answers, info
    // fails as a backend does, events call back

    @Override
    public nexcage.api.backend.BackendHealth health() {
        return nexcage.api.backend.BackendHealth.healthy("probe 1");
    }

    @Override
    public nexcage.api.backend.ContainerInfo create(nexcage.api.backend.ContainerSpec spec) {
        throw new UnsupportedOperationException("the probe creates no containers");
    }

    @Override
    public void start(String id) {
    }

    @Override
    public void stop(String id, int timeoutSeconds) {
    }

    @Override
    public void kill(String id, String signal) {
    }

    @Override
    public void delete(String id, boolean force) {
    }

    @Override
    public List<nexcage.api.backend.ContainerInfo> list(boolean all) {
        return List.of();
    }

    @Override
    public nexcage.api.backend.ContainerInfo info(String id) throws nexcage.api.backend.BackendException {
        throw new nexcage.api.backend.BackendException(nexcage.api.backend.BackendException.Reason.NO_SUCH_CONTAINER,
                "no container " + id + " on the probe");
    }

    @Override
    public int exec(String id, List<String> command, java.io.OutputStream out, java.io.OutputStream err) throws nexcage.api.backend.BackendException {
        try {
            out.write((id + " " + command + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            err.write("err\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new nexcage.api.backend.BackendException(nexcage.api.backend.BackendException.Reason.OTHER, e.getMessage());
        }
        return 3;
    }

    @Override
    public void logs(String id, boolean follow, int tail, java.io.OutputStream out, java.io.OutputStream err) {
    }

    @Override
    public int startAttached(String id, java.io.OutputStream out, java.io.OutputStream err) {
        return 0;
    }

    @Override
    public AutoCloseable events(java.util.function.Consumer<nexcage.api.backend.ContainerEvent> listener) {
        listener.accept(new nexcage.api.backend.ContainerEvent("c1", "die", nexcage.api.backend.ContainerStatus.STOPPED, 1));
        return () -> listener.accept(new nexcage.api.backend.ContainerEvent("c1", "closed", nexcage.api.backend.ContainerStatus.UNKNOWN, null));
    }

    /** Whether {@code file} exists within {@code nanos}: woken by its creation (inotify), not by polling. */
    private static boolean appears(Path file, long nanos) throws IOException, InterruptedException {
        try (WatchService watch = file.getFileSystem().newWatchService()) {
            file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            long deadline = System.nanoTime() + nanos;
            while (!Files.exists(file)) {
                long left = deadline - System.nanoTime();
                WatchKey key = left > 0 ? watch.poll(left, TimeUnit.NANOSECONDS) : null;
                if (key == null) {
                    return Files.exists(file);
                }
                key.pollEvents();
                key.reset();
            }
            return true;
        }
    }
}
