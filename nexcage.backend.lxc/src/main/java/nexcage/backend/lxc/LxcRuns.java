package nexcage.backend.lxc;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;

import nexcage.backend.support.CommandLookup;
import nexcage.backend.support.FileTail;
import nexcage.backend.support.FileTail.LineEnds;
import nexcage.backend.support.FileTail.Missing;

/**
 * Running containers: start, stop, kill, exec, logs and the attached run.
 *
 * <p>A container with a command runs it under lxc's own init ({@code lxc-execute}: init.lxc is PID 1,
 * the command its child, so a signal reaches the command and its exit code is the container's, as
 * with {@code docker run --init}). Its monitor is started in the foreground of a new session
 * ({@code setsid lxc-execute}), with the command's stdout and stderr appended to two files, so it
 * outlives the daemon and the two streams stay apart. A system container (no command: the image's
 * {@code /sbin/init}) boots with {@code lxc-start -d}, its console logged to {@code console.log}.
 */
final class LxcRuns {

    private static final Duration START_WAIT = Duration.ofSeconds(30);
    private static final long POLL_MS = 10;

    private final Lxcpath lxcpath;
    private final LxcTools tools;
    /** The monitors ({@code lxc-execute}) this backend started, by container: waited on rather than polled. */
    private final Map<String, Process> monitors = new ConcurrentHashMap<>();

    LxcRuns(Lxcpath lxcpath, LxcTools tools) {
        this.lxcpath = lxcpath;
        this.tools = tools;
    }

    /**
     * A start under way: the monitor (null for a system container) and lxc's log of it, read through a
     * channel opened before the start, so an autoRemove container's log is read after lxc removed it.
     */
    private record Started(Process monitor, FileChannel log) implements AutoCloseable {
        RunLog read() throws IOException {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(log.size() + 4096, 8 << 20));
            log.read(b, 0);
            return RunLog.parse(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            log.close();
        }
    }

    void start(String id) throws BackendException {
        ContainerPaths p = lxcpath.existing(id);
        if (lxcpath.state(id).running()) {
            return;
        }
        closeQuietly(start(id, p, ContainerRecord.read(p.dir())).log());
    }

    private Started start(String id, ContainerPaths p, ContainerRecord r) throws BackendException {
        if (r != null && !r.command().isEmpty()) {
            checkCommand(id, p, r);
        }
        FileChannel logChannel;
        try {
            Files.write(p.runLog(), new byte[0]);
            logChannel = FileChannel.open(p.runLog());
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot write " + p.runLog() + " to start container " + id + ": " + e.getMessage());
        }
        try {
            return start(id, p, r, logChannel);
        } catch (BackendException | RuntimeException e) {
            closeQuietly(logChannel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // a read-only channel: nothing was lost
        }
    }

    private Started start(String id, ContainerPaths p, ContainerRecord r, FileChannel logChannel) throws BackendException {
        List<String> log = List.of("-P", lxcpath.root().toString(), "-n", id, "-o", p.runLog().toString(), "-l", "INFO");
        if (r == null || r.system()) {
            List<String> cmd = new ArrayList<>(List.of(tools.require("lxc-start").toString(), "-d"));
            cmd.addAll(log);
            LxcTools.Result res = tools.run(START_WAIT, cmd);
            if (!res.ok()) {
                throw startFailed(id, p, res.complaint());
            }
            return new Started(null, logChannel);
        }
        List<String> cmd = new ArrayList<>();
        tools.find("setsid").ifPresent(s -> cmd.add(s.toString()));
        cmd.addAll(List.of(tools.require("lxc-execute").toString(), "-q"));
        cmd.addAll(log);
        cmd.add("--");
        cmd.addAll(r.command());
        Process monitor = LxcTools.start(new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(p.stdout().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(p.stderr().toFile())));
        monitors.put(id, monitor);
        monitor.onExit().thenRun(() -> monitors.remove(id, monitor));
        Started s = new Started(monitor, logChannel);
        awaitStarted(id, p, s);
        return s;
    }

    /** Waits until lxc has started the command (or the monitor ended: a start that failed, or a command already done). */
    private void awaitStarted(String id, ContainerPaths p, Started s) throws BackendException {
        long end = System.nanoTime() + START_WAIT.toNanos();
        try {
            while (System.nanoTime() < end) {
                if (s.read().started()) {
                    return;
                }
                if (s.monitor().waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
                    RunLog log = s.read();
                    if (!log.started()) {
                        throw startFailed(id, p, log, "exit status " + s.monitor().exitValue());
                    }
                    return;
                }
            }
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot read lxc's log of container " + id + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(Reason.OTHER, "interrupted while starting container " + id + "; it may be running (nexcage info " + id + ")");
        }
        throw new BackendException(Reason.OTHER, "lxc did not start container " + id + " within " + START_WAIT.toSeconds()
                + " s; see " + p.runLog());
    }

    private static BackendException startFailed(String id, ContainerPaths p, String fallback) {
        return startFailed(id, p, Lxcpath.runLog(p), fallback);
    }

    private static BackendException startFailed(String id, ContainerPaths p, RunLog log, String fallback) {
        String why = log.firstError();
        return new BackendException(Reason.OTHER, "lxc could not start container " + id + " (" + (why != null ? why : fallback)
                + "); its lxc log is " + p.runLog());
    }

    private static void checkCommand(String id, ContainerPaths p, ContainerRecord r) throws BackendException {
        String path = r.env().stream().filter(e -> e.startsWith("PATH=")).findFirst().orElse(LxcConfig.DEFAULT_PATH).substring(5);
        String cmd = r.command().get(0);
        switch (CommandLookup.find(p.rootfs(), cmd, path, r.workdir())) {
            case NOT_FOUND -> throw new BackendException(Reason.COMMAND_NOT_FOUND, "container " + id + ": the command '" + cmd
                    + "' is not in its image " + r.image() + (cmd.contains("/") ? "" : " (looked for in " + path + ")")
                    + "; give a command the image holds");
            case NOT_INVOKABLE -> throw new BackendException(Reason.COMMAND_NOT_INVOKABLE, "container " + id + ": '" + cmd
                    + "' in its image " + r.image() + " is not an executable file; give a command the image can run");
            default -> { }
        }
    }

    int startAttached(String id, OutputStream out, OutputStream err, Runnable started) throws BackendException {
        ContainerPaths p = lxcpath.existing(id);
        ContainerRecord r = ContainerRecord.read(p.dir());
        if (lxcpath.state(id).running()) {
            throw new BackendException(Reason.CONTAINER_RUNNING, "container " + id + " is running already; follow it with 'nexcage logs -f " + id + "'");
        }
        boolean system = r == null || r.system();
        try (FileTail o = FileTail.fromEnd(system ? p.console() : p.stdout(), out, Missing.CREATE, system ? LineEnds.CRLF_TO_LF : LineEnds.AS_IS);
                FileTail e = FileTail.fromEnd(system ? p.console() : p.stderr(), system ? OutputStream.nullOutputStream() : err, Missing.CREATE, LineEnds.AS_IS)) {
            try (Started s = start(id, p, r)) {
                started.run();
                follow(id, s.monitor(), o, e);
                return exitCode(id, s);
            }
        } catch (IOException x) {
            throw new BackendException(Reason.OTHER, "the reader of container " + id + "'s output went away (" + x.getMessage()
                    + "); the container keeps running (nexcage logs -f " + id + " follows it)");
        }
    }

    private static int exitCode(String id, Started s) throws IOException, BackendException {
        RunLog parsed = s.read();
        if (parsed.exitCode() != null) {
            return parsed.exitCode();
        }
        if (s.monitor() != null) {
            return s.monitor().exitValue();
        }
        throw new BackendException(Reason.OTHER, "container " + id + " stopped, but lxc's log holds no exit code; see its lxc log");
    }

    /** Copies the tails until the container has stopped (its monitor ended, or lxc-wait says so), then what is left. */
    private void follow(String id, Process monitor, FileTail o, FileTail e) throws IOException, BackendException {
        Process waiter = monitor != null ? monitor : waitForStop(id);
        try {
            while (true) {
                boolean any = o.copy() | e.copy();
                if (!any && waiter.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
            }
            o.copy();
            e.copy();
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new BackendException(Reason.OTHER, "interrupted while following container " + id
                    + "'s output; it keeps running (nexcage logs -f " + id + " follows it)");
        } finally {
            if (waiter != monitor) {
                waiter.destroy();
            }
        }
    }

    /** A process that ends when the container has stopped (or is gone). */
    private Process waitForStop(String id) throws BackendException {
        Process m = monitors.get(id);
        if (m != null) {
            return m;
        }
        return LxcTools.start(new ProcessBuilder(tools.require("lxc-wait").toString(), "-P", lxcpath.root().toString(), "-n", id,
                "-s", "STOPPED").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD));
    }

    void logs(String id, boolean follow, int tail, OutputStream out, OutputStream err) throws BackendException {
        ContainerPaths p = lxcpath.existing(id);
        ContainerRecord r = ContainerRecord.read(p.dir());
        boolean system = r == null || r.system();
        try (FileTail o = FileTail.fromLines(system ? p.console() : p.stdout(), tail, out, Missing.CREATE, system ? LineEnds.CRLF_TO_LF : LineEnds.AS_IS);
                FileTail e = FileTail.fromLines(system ? p.console() : p.stderr(), tail, system ? OutputStream.nullOutputStream() : err, Missing.CREATE, LineEnds.AS_IS)) {
            if (follow && lxcpath.state(id).running()) {
                follow(id, monitors.get(id), o, e);
            } else {
                o.copy();
                e.copy();
            }
        } catch (IOException x) {
            throw new BackendException(Reason.OTHER, "cannot copy the logs of container " + id + ": " + x.getMessage());
        }
    }

    void stop(String id, int timeoutSeconds) throws BackendException {
        ContainerPaths p = lxcpath.existing(id);
        Lxcpath.State s = running(id, "stop");
        ContainerRecord r = ContainerRecord.read(p.dir());
        int t = Math.max(0, timeoutSeconds);
        if (r == null || r.system()) {
            // a system container's init shuts down on lxc's halt signal (SIGPWR), and is killed after the timeout
            LxcTools.Result res = t == 0 ? tools.run(Lxcpath.QUICK, "lxc-stop", "-P", lxcpath.root().toString(), "-n", id, "-k")
                    : tools.run(Duration.ofSeconds(t + 30L), "lxc-stop", "-P", lxcpath.root().toString(), "-n", id, "-t", Integer.toString(t));
            if (!res.ok() && lxcpath.exists(id) && lxcpath.state(id).running()) {
                throw new BackendException(Reason.OTHER, "lxc could not stop container " + id + " (" + res.complaint() + ")");
            }
            return;
        }
        // as docker stop: TERM to the command, KILL to the whole container after the timeout
        if (t > 0) {
            signal(id, Lxcpath.commandPid(s.pid(), true), Signals.TERM);
            if (awaitStop(id, Duration.ofSeconds(t))) {
                return;
            }
        }
        signal(id, s.pid(), Signals.KILL);
        if (!awaitStop(id, Duration.ofSeconds(10))) {
            throw new BackendException(Reason.OTHER, "container " + id + " did not stop within 10 s of KILL; see " + p.runLog());
        }
    }

    void kill(String id, String signal) throws BackendException {
        int n;
        try {
            n = Signals.number(signal);
        } catch (IllegalArgumentException e) {
            throw new BackendException(Reason.OTHER, e.getMessage());
        }
        ContainerPaths p = lxcpath.existing(id);
        Lxcpath.State s = running(id, "kill");
        ContainerRecord r = ContainerRecord.read(p.dir());
        boolean underLxcInit = r != null && !r.system();
        // KILL goes to the init, ending the whole container; any other signal to the command, as Docker's init passes it on
        signal(id, n == Signals.KILL ? s.pid() : Lxcpath.commandPid(s.pid(), underLxcInit), n);
    }

    private Lxcpath.State running(String id, String op) throws BackendException {
        Lxcpath.State s = lxcpath.state(id);
        if (!s.running() || s.pid() <= 0) {
            throw new BackendException(Reason.NOT_RUNNING, "cannot " + op + " container " + id + ": it is not running");
        }
        return s;
    }

    private void signal(String id, long pid, int signal) throws BackendException {
        LxcTools.Result r = tools.run(Lxcpath.QUICK, "kill", "-" + signal, Long.toString(pid));
        if (!r.ok() && lxcpath.exists(id) && lxcpath.state(id).running()) {
            throw new BackendException(Reason.OTHER, "cannot send signal " + signal + " to container " + id + " (pid " + pid + "): "
                    + r.complaint());
        }
    }

    /** Waits until the container has stopped (or is gone); false after {@code timeout}. */
    boolean awaitStop(String id, Duration timeout) throws BackendException {
        Process m = monitors.get(id);
        try {
            if (m != null) {
                return m.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!lxcpath.exists(id)) {
                return true;
            }
            LxcTools.Result r = tools.run(timeout.plusSeconds(5), "lxc-wait", "-P", lxcpath.root().toString(), "-n", id,
                    "-s", "STOPPED", "-t", Long.toString(Math.max(1, timeout.toSeconds())));
            return r.ok() || !lxcpath.exists(id) || !lxcpath.state(id).running();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(Reason.OTHER, "interrupted while waiting for container " + id + " to stop");
        }
    }

    int exec(String id, List<String> command, OutputStream out, OutputStream err) throws BackendException {
        if (command == null || command.isEmpty()) {
            throw new BackendException(Reason.OTHER, "exec in container " + id + " needs a command to run");
        }
        ContainerPaths p = lxcpath.existing(id);
        running(id, "exec in");
        ContainerRecord r = ContainerRecord.read(p.dir());
        List<String> cmd = new ArrayList<>(List.of(tools.require("lxc-attach").toString(), "-P", lxcpath.root().toString(), "-n", id,
                "--clear-env"));
        List<String> env = r == null ? List.of() : r.env();
        if (env.stream().noneMatch(e -> e.startsWith("PATH="))) {
            cmd.addAll(List.of("-v", LxcConfig.DEFAULT_PATH));
        }
        env.forEach(e -> cmd.addAll(List.of("-v", e)));
        cmd.add("--");
        cmd.addAll(command);
        Process x = LxcTools.start(new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))));
        Future<?> errCopy = tools.pumps().submit(() -> pump(x.getErrorStream(), err));
        try {
            x.getInputStream().transferTo(out);
            out.flush();
            int code = x.waitFor();
            errCopy.get(5, TimeUnit.SECONDS);
            return code;
        } catch (IOException e) {
            x.destroy();
            throw new BackendException(Reason.OTHER, "the reader of exec's output in container " + id
                    + " went away; the command may still be running there");
        } catch (InterruptedException e) {
            x.destroy();
            Thread.currentThread().interrupt();
            throw new BackendException(Reason.OTHER, "interrupted while running exec in container " + id);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return x.exitValue();
        }
    }

    private static Void pump(InputStream in, OutputStream to) throws IOException {
        try (in) {
            in.transferTo(to);
            to.flush();
        }
        return null;
    }

    /** Forgets the monitor of a container that goes. */
    void forget(String id) {
        monitors.remove(id);
    }

    Path root() {
        return lxcpath.root();
    }
}
