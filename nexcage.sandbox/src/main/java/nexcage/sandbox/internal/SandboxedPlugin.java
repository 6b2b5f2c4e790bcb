package nexcage.sandbox.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.service.log.Logger;

import nexcage.api.Capability;
import nexcage.core.admin.SandboxRunner;
import nexcage.sandbox.bridge.BridgeLink;
import nexcage.sandbox.bridge.ChildCommand;
import nexcage.sandbox.bridge.SandboxBridge;
import nexcage.sandbox.internal.isolation.Cgroup;
import nexcage.sandbox.internal.isolation.HostTools;
import nexcage.sandbox.internal.isolation.Isolation;
import nexcage.sandbox.internal.isolation.IsolationRequest;
import nexcage.sandbox.internal.isolation.SandboxLimits;
import nexcage.sandbox.internal.life.ChildProcess;
import nexcage.sandbox.internal.life.Death;
import nexcage.sandbox.internal.life.RestartPolicy;

/**
 * One sandboxed plugin's life in the daemon: its child started under isolation and linked through
 * the bridge (the proxies registered with its stub's context), its death turned into the reason the
 * core shows and a restart with backoff, and its stop (the bridge closed, then the child stopped,
 * gracefully first).
 */
final class SandboxedPlugin {
    /** After its bridge closed, how long the child has to exit by itself, then after SIGTERM. */
    private static final long STOP_EXIT_MS = 500;
    private static final long STOP_TERM_MS = 3000;

    private final SandboxRunner.Sandboxed spec;
    private final Bundle stub;
    private final SandboxRunner.Events events;
    private final SandboxBridge bridge;
    private final HostTools tools;
    private final ScheduledExecutorService launcher;
    private final Logger log;
    private final RestartPolicy restarts;
    private final Deque<long[]> cpuWindow = new ArrayDeque<>();
    private volatile ChildProcess child;
    /** Taken (getAndSet null) by whoever closes it: a death, a stop, or a start that finds its child already dead. */
    private final AtomicReference<BridgeLink> link = new AtomicReference<>();
    private volatile List<String> notApplied = List.of();
    private volatile boolean stopped;
    private volatile ScheduledFuture<?> pendingRestart;
    private volatile double cpuPercent = -1;
    private long startedAt;
    private int launches;

    SandboxedPlugin(SandboxRunner.Sandboxed spec, Bundle stub, SandboxRunner.Events events, SandboxBridge bridge, HostTools tools,
            ScheduledExecutorService launcher, Logger log) {
        this.spec = spec;
        this.stub = stub;
        this.events = events;
        this.bridge = bridge;
        this.tools = tools;
        this.launcher = launcher;
        this.log = log;
        this.restarts = new RestartPolicy(spec.restarts());
    }

    /** Starts the child and links it; throws with one sentence when it could not (nothing is left running). */
    void start() throws Exception {
        launch();
    }

    private void launch() throws Exception {
        String name = spec.name();
        Path tmp = spec.runDir().resolve("tmp");
        Path sockDir = spec.runDir().resolve("sock");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        Files.createDirectories(sockDir);
        Files.createDirectories(spec.dataDir());
        Path socket = sockDir.resolve("bridge.sock");
        Files.deleteIfExists(socket);
        ChildCommand cmd = bridge.childCommand(name, spec.jar(), socket, spec.dataDir(), tmp);
        boolean network = spec.capabilities().contains(Capability.NETWORK_CLIENT) || spec.capabilities().contains(Capability.NETWORK_SERVER);
        IsolationRequest req = new IsolationRequest(name, cmd.argv(), cmd.environment(), cmd.readOnlyPaths(), cmd.writablePaths(),
                spec.dataDir(), tmp, sockDir, network, SandboxLimits.of(spec.resources()));
        Isolation.Wrapped w = Isolation.wrap(req, tools, ProcessHandle.current().pid() + "-" + name + "-" + (++launches));
        if (spec.requireComplete() && !w.notApplied().isEmpty()) {
            if (w.cgroup() != null) {
                w.cgroup().remove();
            }
            throw new IllegalStateException("refused to start it: runtime.security.require_sandbox is true and on this host its sandbox lacks "
                    + String.join("; ", w.notApplied()) + "; install what is missing or set require_sandbox: false");
        }
        notApplied = w.notApplied();
        log.debug("starting its sandboxed process: {}", String.join(" ", w.argv()));
        ChildProcess c = onLauncher(() -> ChildProcess.start(w, line -> log.info("child: {}", line), line -> log.warn("child: {}", line)));
        child = c;
        startedAt = System.currentTimeMillis();
        synchronized (cpuWindow) {
            cpuWindow.clear();
        }
        c.death().thenAccept(d -> died(c, d));
        try {
            // a little under the core's own limit on the start, so the start fails with the child's reason rather than as stuck
            Duration linkTimeout = Duration.ofMillis(Math.max(1000, spec.resources().timeoutSeconds() * 1000L - 1500));
            BridgeLink l = bridge.open(name, socket, stub.getBundleContext(), linkTimeout);
            link.set(l);
            if (!c.alive()) {
                closeLink(); // it died while linking: its death may have come before there was a link to close
            }
            if (c.cgroup() != null) {
                c.cgroup().limitCpu();
            }
            l.onClosed(() -> {
                // the child closed the socket: it is dying; one that stays up without its link is stopped
                if (!stopped && child == c && c.alive()) {
                    launcher.execute(() -> c.stop(STOP_EXIT_MS, STOP_TERM_MS));
                }
            });
        } catch (IOException | RuntimeException e) {
            child = null; // its death is this failure, not one to restart from
            Death d = c.alive() ? c.stop(0, STOP_TERM_MS) : c.death().getNow(null);
            String why = d != null && !d.requested() ? d.reason(spec.resources().maxMemoryMb(), spec.resources().maxThreads()) : e.getMessage();
            throw new IOException("its sandboxed process did not come up: " + why, e);
        }
    }

    /** Runs on the launcher thread (the parent bubblewrap's --die-with-parent watches), directly when already there. */
    private <T> T onLauncher(Callable<T> what) throws Exception {
        if (Thread.currentThread().getName().equals("nexcage-sandbox-launcher")) {
            return what.call();
        }
        try {
            return launcher.submit(what).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private void died(ChildProcess c, Death d) {
        // a child stopped because its link closed died all the same: only a stop of the plugin is not a death
        if (stopped || child != c) {
            return;
        }
        closeLink();
        if (!d.lastStderr().isEmpty()) {
            log.error("its sandboxed process ended (status {}); its last lines: {}", d.exitStatus(), String.join(" | ", d.lastStderr()));
        }
        String reason = d.reason(spec.resources().maxMemoryMb(), spec.resources().maxThreads());
        scheduleRestart(reason, System.currentTimeMillis() - startedAt);
    }

    private void scheduleRestart(String reason, long ranMillis) {
        long delay = restarts.afterDeath(ranMillis);
        if (delay < 0) {
            events.died(reason + (restarts.maxRestarts() > 0 ? "; not restarted again after " + restarts.maxRestarts() + " restarts" : ""), true);
            return;
        }
        events.died(reason + "; restarting it in " + delay / 1000 + " s (restart " + restarts.restarts() + " of " + restarts.maxRestarts() + ")",
                false);
        pendingRestart = launcher.schedule(this::restart, delay, TimeUnit.MILLISECONDS);
    }

    private void restart() {
        if (stopped) {
            return;
        }
        try {
            launch();
            events.restarted();
        } catch (Exception e) {
            if (!stopped) {
                scheduleRestart(e.getMessage(), 0);
            }
        }
    }

    /** Stops it for good: no restart, the bridge closed (its proxies go), the child stopped. */
    void stop() {
        stopped = true;
        ScheduledFuture<?> r = pendingRestart;
        if (r != null) {
            r.cancel(false);
        }
        closeLink();
        ChildProcess c = child;
        if (c != null && c.alive()) {
            c.stop(STOP_EXIT_MS, STOP_TERM_MS);
        }
    }

    private void closeLink() {
        BridgeLink l = link.getAndSet(null);
        if (l != null) {
            l.close();
        }
    }

    /** One CPU sample of the cgroup a second; the window is the last 10 s. */
    void sample() {
        ChildProcess c = child;
        Cgroup g = c == null || !c.alive() ? null : c.cgroup();
        long cpu = g == null ? -1 : g.cpuNanos();
        if (cpu < 0) {
            cpuPercent = -1;
            return;
        }
        synchronized (cpuWindow) {
            cpuWindow.addLast(new long[] {System.nanoTime(), cpu});
            while (cpuWindow.size() > 11) {
                cpuWindow.removeFirst();
            }
            long[] first = cpuWindow.getFirst();
            long[] last = cpuWindow.getLast();
            cpuPercent = last[0] == first[0] ? 0 : 100.0 * (last[1] - first[1]) / (last[0] - first[0]);
        }
    }

    SandboxRunner.Status status() {
        ChildProcess c = child;
        boolean alive = c != null && c.alive();
        Cgroup g = alive ? c.cgroup() : null;
        return new SandboxRunner.Status(spec.name(), alive ? c.jvmPid() : -1, notApplied, g == null ? -1 : g.memoryBytes(),
                alive ? cpuPercent : -1, g == null ? -1 : g.cpuNanos(), g == null ? -1 : g.tasks(), restarts.restarts());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
