package nexcage.backend.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ContainerEvent;
import nexcage.api.backend.ContainerStatus;

import nexcage.backend.support.CommandLookup;

/**
 * What runs in a container: start (its monitor), an attached start, stop and kill (through the
 * runtime's kill), exec and logs.
 */
final class OciRuns {
    /** How long a start may take until the runtime has written the container's pid. */
    static final long START_TIMEOUT_MS = 30_000;
    /** How often a running container's output files are read for a reader that follows them. */
    static final long FOLLOW_MS = 20;

    private final OciHost host;
    private final OciContainers containers;

    OciRuns(OciHost host, OciContainers containers) {
        this.host = host;
        this.containers = containers;
    }

    void start(String id) throws BackendException {
        ContainerDir d = containers.existing(id);
        if (containers.state(d).status() == ContainerStatus.RUNNING) {
            return; // started already: what the caller wanted
        }
        launch(d, false);
    }

    int startAttached(String id, OutputStream out, OutputStream err, Runnable started) throws BackendException {
        ContainerDir d = containers.existing(id);
        try (LogTail tail = LogTail.fromEnd(d.stdout(), d.stderr(), out, err)) {
            CompletableFuture<?> end;
            if (containers.state(d).status() == ContainerStatus.RUNNING) {
                end = monitor(d).map(ProcessHandle::onExit).orElse(CompletableFuture.completedFuture(null)); // follow it to its end
            } else {
                end = launch(d, true);
            }
            started.run();
            while (!end.isDone()) {
                tail.pump();
                try {
                    end.get(FOLLOW_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException more) {
                    // read what came meanwhile
                }
            }
            tail.pump();
            Object ended = end.getNow(null);
            if (ended instanceof Process p) {
                return p.exitValue();
            }
            return d.exitCode().orElse(125);
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "the reader of container " + id + "'s output went away; the container keeps"
                    + " running (nexcage logs -f " + id + " follows it)", e);
        } catch (InterruptedException e) {
            throw OciContainers.interrupted("follow " + id);
        } catch (ExecutionException e) {
            throw new BackendException(Reason.OTHER, "lost track of container " + id + "'s monitor: " + e.getCause(), e);
        }
    }

    void stop(String id, int timeoutSeconds) throws BackendException {
        ContainerDir d = containers.existing(id);
        if (containers.state(d).status() != ContainerStatus.RUNNING) {
            throw notRunning(id, "so there is nothing to stop");
        }
        OciRuntime rt = host.runtimeOf(read(d));
        signal(rt, id, "TERM", true);
        if (!awaitEnd(d, Math.max(0, timeoutSeconds) * 1000L)) {
            signal(rt, id, "KILL", true);
            if (!awaitEnd(d, 10_000)) {
                throw new BackendException(Reason.OTHER, "container " + id + " did not end within 10 s of SIGKILL; see "
                        + rt.name() + " list --root " + rt.root());
            }
        }
    }

    void kill(String id, String signal) throws BackendException {
        ContainerDir d = containers.existing(id);
        if (containers.state(d).status() != ContainerStatus.RUNNING) {
            throw notRunning(id, "so there is nothing to signal; start it first");
        }
        signal(host.runtimeOf(read(d)), id, normalizeSignal(signal), false);
    }

    /** For a forced delete: SIGKILL, then the monitor's end (bounded). */
    void killAndWait(ContainerDir d, String id) throws BackendException {
        signal(host.runtimeOf(read(d)), id, "KILL", true);
        awaitEnd(d, 10_000);
    }

    int exec(String id, List<String> command, OutputStream out, OutputStream err) throws BackendException {
        if (command == null || command.isEmpty()) {
            throw new BackendException(Reason.OTHER, "exec in container " + id + " needs a command to run");
        }
        ContainerDir d = containers.existing(id);
        if (containers.state(d).status() != ContainerStatus.RUNNING) {
            throw notRunning(id, "start it (nexcage start " + id + ") before exec");
        }
        ContainerDir.Record r = read(d);
        // the container's own view of its files (its overlay is mounted in the monitor's namespace only)
        long pid = containers.state(d).pid();
        checkCommand(d, r, command.get(0), pid > 0 ? List.of(Path.of("/proc", Long.toString(pid), "root")) : roots(d, r));
        List<String> line = new ArrayList<>(host.runtimeOf(r).base());
        line.addAll(List.of("exec", "--cwd", r.cwd(), "--env", "PATH=" + r.path(), id));
        line.addAll(command);
        try {
            Process p = new ProcessBuilder(line).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            Thread errCopy = host.threads().newThread(() -> copyQuietly(p.getErrorStream(), err));
            errCopy.start();
            try (InputStream in = p.getInputStream()) {
                copy(in, out);
            }
            int code = p.waitFor();
            errCopy.join(5_000);
            return code;
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "the reader of exec's output in container " + id + " went away, or "
                    + host.runtimeOf(r).name() + " could not be run (" + e.getMessage() + "); the command may still be running there", e);
        } catch (InterruptedException e) {
            throw OciContainers.interrupted("exec in " + id);
        }
    }

    void logs(String id, boolean follow, int tail, OutputStream out, OutputStream err) throws BackendException {
        ContainerDir d = containers.existing(id);
        try (LogTail t = LogTail.fromTail(d.stdout(), d.stderr(), tail, out, err)) {
            t.pump();
            Optional<ProcessHandle> m = follow && containers.state(d).status() == ContainerStatus.RUNNING ? monitor(d) : Optional.empty();
            if (m.isPresent()) {
                CompletableFuture<ProcessHandle> end = m.get().onExit();
                while (!end.isDone()) {
                    try {
                        end.get(FOLLOW_MS * 5, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException more) {
                        // read what came meanwhile
                    }
                    t.pump();
                }
                t.pump();
            }
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot copy the output of container " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            throw OciContainers.interrupted("follow the output of " + id);
        } catch (ExecutionException e) {
            throw new BackendException(Reason.OTHER, "lost track of container " + id + "'s monitor: " + e.getCause(), e);
        }
    }

    /**
     * Starts a container's monitor and returns once the runtime has written its pid (or failed): a
     * future of the monitor's end, after which (with {@code daemonRemoves}) an auto-removed
     * container that ran has been removed too.
     */
    private CompletableFuture<Process> launch(ContainerDir d, boolean daemonRemoves) throws BackendException {
        String id = d.id();
        ContainerDir.Record r = read(d);
        OciRuntime rt = host.runtimeOf(r);
        try {
            checkCommand(d, r, firstArgument(d), roots(d, r));
        } catch (BackendException notThere) {
            if (r.autoRemove()) {
                containers.remove(d); // as the engine's auto-remove does for a start that failed
            }
            throw notThere;
        }
        Process p;
        try {
            d.clearRun();
            p = Monitor.start(d, r.autoRemove(), RootFs.OVERLAY.equals(r.rootfsMode()) ? Path.of(r.imageDir()) : null, rt,
                    daemonRemoves);
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot start container " + id + ": " + e.getMessage(), e);
        }
        host.monitors.put(id, p);
        CompletableFuture<Process> ended = p.onExit().thenApply(x -> {
            host.monitors.remove(id, p);
            if (daemonRemoves && r.autoRemove() && d.pid().isPresent()) {
                removeQuietly(d);
            }
            host.emit(new ContainerEvent(id, "die", ContainerStatus.STOPPED, x.exitValue()));
            return x;
        });
        long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000;
        try {
            while (!Files.exists(d.pidFile()) && p.isAlive() && System.nanoTime() < deadline) {
                p.waitFor(1, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            throw OciContainers.interrupted("start " + id);
        }
        if (!Files.exists(d.pidFile()) && !p.isAlive()) {
            String why = ContainerDir.readString(d.runtimeLog());
            throw new BackendException(Reason.OTHER, rt.name() + " could not start container " + id + ": "
                    + (why == null || why.isBlank() ? "exit " + p.exitValue() + " (see " + d.stderr() + ")" : RuntimeLog.brief(why))
                    + "; nexcage delete " + id + " removes it");
        }
        host.emit(new ContainerEvent(id, "start", ContainerStatus.RUNNING, null));
        return ended;
    }

    private void removeQuietly(ContainerDir d) {
        try {
            containers.remove(d);
        } catch (BackendException e) {
            // left as a stopped container, which nexcage delete removes
        }
    }

    /** Throws COMMAND_NOT_FOUND (127) or COMMAND_NOT_INVOKABLE (126) before the runtime is asked. */
    private static void checkCommand(ContainerDir d, ContainerDir.Record r, String command, List<Path> roots) throws BackendException {
        CommandLookup.Found found = CommandLookup.Found.NOT_FOUND;
        for (Path root : roots) {
            found = CommandLookup.find(root, command, r.path(), r.cwd());
            if (found == CommandLookup.Found.RUNNABLE) {
                break;
            }
        }
        switch (found) {
            case NOT_FOUND -> throw new BackendException(Reason.COMMAND_NOT_FOUND, "container " + d.id() + " could not run its command: "
                    + command + " is not in the image (PATH " + r.path() + "); check the command and the image");
            case NOT_INVOKABLE -> throw new BackendException(Reason.COMMAND_NOT_INVOKABLE, "container " + d.id()
                    + " could not run its command: " + command + " is a directory or not executable; give the program to run, e.g. /bin/sh");
            default -> { }
        }
    }

    /**
     * Where a stopped container's files are, as seen from the daemon: its copy, or its overlay's
     * layers, the container's writes first (what they delete is not seen: a command found in the
     * image but deleted by the container fails in the runtime instead).
     */
    private static List<Path> roots(ContainerDir d, ContainerDir.Record r) {
        return RootFs.OVERLAY.equals(r.rootfsMode()) ? List.of(d.dir().resolve("upper"), Path.of(r.imageDir())) : List.of(d.rootfs());
    }

    /** The command the container's config.json runs (after the init and its {@code --}). */
    private static String firstArgument(ContainerDir d) throws BackendException {
        try {
            var args = new com.fasterxml.jackson.databind.ObjectMapper().readTree(d.dir().resolve("config.json").toFile())
                    .path("process").path("args");
            int i = args.size() > 2 && BundleSpec.INIT_PATH.equals(args.get(0).asText()) ? 2 : 0;
            return args.path(i).asText("");
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot read " + d.dir().resolve("config.json") + ": " + e.getMessage(), e);
        }
    }

    private Optional<ProcessHandle> monitor(ContainerDir d) {
        Process mine = host.monitors.get(d.id());
        return mine != null ? Optional.of(mine.toHandle()) : d.monitor();
    }

    private boolean awaitEnd(ContainerDir d, long millis) throws BackendException {
        Optional<ProcessHandle> m = monitor(d);
        if (m.isEmpty()) {
            return true;
        }
        try {
            m.get().onExit().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !m.get().isAlive();
        } catch (InterruptedException e) {
            throw OciContainers.interrupted("stop " + d.id());
        }
    }

    private void signal(OciRuntime rt, String id, String signal, boolean goneIsFine) throws BackendException {
        HostCommand.Result r;
        try {
            r = HostCommand.run(rt.killCommand(id, signal), HostCommand.SHORT);
        } catch (IOException e) {
            throw new BackendException(Reason.ENGINE_UNAVAILABLE, "cannot run " + rt.binary() + " (" + e.getMessage()
                    + "); reinstall Debian's " + rt.name(), e);
        } catch (InterruptedException e) {
            throw OciContainers.interrupted("signal " + id);
        }
        if (r.ok()) {
            return;
        }
        ContainerDir d = host.dir(id);
        if (!d.exists() || containers.state(d).status() != ContainerStatus.RUNNING) {
            if (goneIsFine) {
                return;
            }
            throw notRunning(id, "so there is nothing to signal; start it first");
        }
        String m = r.output().toLowerCase(Locale.ROOT);
        if (m.contains("signal")) {
            throw new BackendException(Reason.OTHER, rt.name() + " does not know the signal " + signal + " (" + r.brief()
                    + "); use a name such as TERM, KILL, HUP, INT or a number");
        }
        throw new BackendException(Reason.OTHER, rt.name() + " could not send " + signal + " to container " + id + ": " + r.brief());
    }

    /** {@code sigterm}, {@code SIGTERM}, {@code TERM} → {@code TERM}; a number stays as it is; none is KILL. */
    static String normalizeSignal(String signal) {
        if (signal == null || signal.isBlank()) {
            return "KILL";
        }
        String s = signal.strip().toUpperCase(Locale.ROOT);
        return s.startsWith("SIG") ? s.substring(3) : s;
    }

    private static ContainerDir.Record read(ContainerDir d) throws BackendException {
        try {
            return d.read();
        } catch (IOException e) {
            throw OciContainers.noSuchContainer(d.id());
        }
    }

    private static BackendException notRunning(String id, String what) {
        return new BackendException(Reason.NOT_RUNNING, "container " + id + " is not running, " + what);
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] b = new byte[16 * 1024];
        int n;
        while ((n = in.read(b)) > 0) {
            out.write(b, 0, n);
            out.flush();
        }
    }

    private static void copyQuietly(InputStream in, OutputStream out) {
        try (in) {
            copy(in, out);
        } catch (IOException e) {
            // the reader went away; stdout's copy reports it
        }
    }
}
