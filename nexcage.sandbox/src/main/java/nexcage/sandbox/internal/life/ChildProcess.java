package nexcage.sandbox.internal.life;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import nexcage.sandbox.internal.isolation.Cgroup;
import nexcage.sandbox.internal.isolation.Isolation;

/**
 * One running child: the wrapped command started, its output read line by line into the plugin's
 * log (the last lines kept for the reason of a crash), its end turned into a {@link Death}
 * once the process has gone, and its cgroup removed then. Stopping is graceful first (the caller
 * has closed the bridge, after which the child exits by itself; then SIGTERM), then forced (every
 * process of its cgroup killed).
 */
public final class ChildProcess {
    static final int TAIL_LINES = 20;
    /** What the java launcher says on every start when JDK_JAVA_OPTIONS is set (the isolation sets it): not the child's. */
    static final String LAUNCHER_NOTE = "NOTE: Picked up JDK_JAVA_OPTIONS";

    private final Process process;
    private final Cgroup cgroup;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final CompletableFuture<Death> death = new CompletableFuture<>();
    private final Thread outReader;
    private final Thread errReader;
    private volatile boolean stopRequested;

    private ChildProcess(Process process, Cgroup cgroup, Consumer<String> out, Consumer<String> err) {
        this.process = process;
        this.cgroup = cgroup;
        // the JVM writes "Terminating due to java.lang.OutOfMemoryError" to stdout: the tail keeps both streams
        this.outReader = reader(process.getInputStream(), out, true, "out");
        this.errReader = reader(process.getErrorStream(), err, true, "err");
        outReader.start();
        errReader.start();
        process.onExit().thenRun(this::ended);
    }

    /**
     * Starts the wrapped command. Call it on a thread that lives as long as the child: bubblewrap's
     * {@code --die-with-parent} follows the thread that started it, not the process.
     */
    public static ChildProcess start(Isolation.Wrapped w, Consumer<String> out, Consumer<String> err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(w.argv());
        pb.environment().clear();
        pb.environment().putAll(w.environment());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return new ChildProcess(pb.start(), w.cgroup(), out, err);
        } catch (IOException e) {
            if (w.cgroup() != null) {
                w.cgroup().remove();
            }
            throw e;
        }
    }

    private Thread reader(InputStream in, Consumer<String> sink, boolean keepTail, String what) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith(LAUNCHER_NOTE)) {
                        continue;
                    }
                    if (keepTail) {
                        synchronized (stderrTail) {
                            stderrTail.addLast(line);
                            if (stderrTail.size() > TAIL_LINES) {
                                stderrTail.removeFirst();
                            }
                        }
                    }
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "nexcage-sandbox-" + what + "-" + process.pid());
        t.setDaemon(true);
        return t;
    }

    /** The pid of the process started (bubblewrap, or the command itself without it). */
    public long pid() {
        return process.pid();
    }

    /** The child JVM's own pid as the host sees it: the newest process of its cgroup, else the process started. */
    public long jvmPid() {
        if (cgroup != null) {
            List<Long> pids = cgroup.pids();
            for (int i = pids.size() - 1; i >= 0; i--) {
                long pid = pids.get(i);
                String cmd = ProcessHandle.of(pid).flatMap(h -> h.info().command()).orElse("");
                if (cmd.endsWith("/java")) {
                    return pid;
                }
            }
        }
        return process.pid();
    }

    public Cgroup cgroup() {
        return cgroup;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Completes once the child has ended and its cgroup is gone. */
    public CompletableFuture<Death> death() {
        return death;
    }

    private void ended() {
        try {
            outReader.join(2000); // its last lines are the reason of a crash
            errReader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long oom = cgroup == null ? 0 : cgroup.oomKills();
        List<String> tail;
        synchronized (stderrTail) {
            tail = List.copyOf(stderrTail);
        }
        if (cgroup != null) {
            cgroup.killAll();
            cgroup.remove();
        }
        death.complete(new Death(process.exitValue(), oom > 0, tail, stopRequested));
    }

    /**
     * Stops the child: waits up to {@code exitMillis} for it to exit by itself (the bridge was
     * closed), then SIGTERM (a JVM runs its shutdown hooks) and up to {@code termMillis}, then
     * SIGKILL to every process of its cgroup. Returns once it has gone (bounded by the two waits and
     * five seconds more).
     */
    public Death stop(long exitMillis, long termMillis) {
        stopRequested = true;
        if (!waitFor(exitMillis)) {
            process.destroy();
            if (cgroup != null) {
                cgroup.pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
            }
            if (!waitFor(termMillis)) {
                if (cgroup != null) {
                    cgroup.killAll();
                }
                process.destroyForcibly();
            }
        }
        try {
            return death.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return new Death(-1, false, List.of(), true);
        }
    }

    private boolean waitFor(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
