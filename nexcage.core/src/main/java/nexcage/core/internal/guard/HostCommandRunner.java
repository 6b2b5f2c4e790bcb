package nexcage.core.internal.guard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import nexcage.api.runtime.HostCommandResult;

/**
 * Runs one host command as {@code host_command} promises: the argument vector as given (no shell),
 * stdin closed, stdout and stderr each kept up to a cap, and at the timeout the command and every
 * process it started killed. OSGi-free.
 */
final class HostCommandRunner {
    /** How long the output readers may go on after the command ended (a process it left behind may hold the pipes). */
    private static final long DRAIN_MS = 1000;

    private final int outputCap;

    HostCommandRunner(int outputCap) {
        this.outputCap = outputCap;
    }

    /** Runs {@code argv}, waiting at most {@code timeout}; a command that cannot be started throws with the reason. */
    HostCommandResult run(List<String> argv, Duration timeout) {
        List<String> args = checked(argv);
        Process p;
        try {
            p = new ProcessBuilder(args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run host command '" + args.get(0) + "': " + e.getMessage()
                    + "; check that it is installed and that its path is right", e);
        }
        CappedOutput out = new CappedOutput(outputCap);
        CappedOutput err = new CappedOutput(outputCap);
        Thread outReader = drain(p.getInputStream(), out, "stdout");
        Thread errReader = drain(p.getErrorStream(), err, "stderr");
        boolean timedOut = false;
        try {
            if (!p.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                killTree(p.toHandle());
                p.waitFor(DRAIN_MS, TimeUnit.MILLISECONDS);
            }
            outReader.join(DRAIN_MS);
            errReader.join(DRAIN_MS);
        } catch (InterruptedException e) {
            killTree(p.toHandle());
            Thread.currentThread().interrupt();
            timedOut = true;
        } finally {
            closeQuietly(p.getInputStream());
            closeQuietly(p.getErrorStream());
        }
        return new HostCommandResult(timedOut ? -1 : p.exitValue(), out.text(), err.text(), timedOut);
    }

    private static List<String> checked(List<String> argv) {
        if (argv == null || argv.isEmpty() || argv.get(0) == null || argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("a host command needs its program as the first argument, e.g. [\"uname\", \"-a\"]");
        }
        for (int i = 0; i < argv.size(); i++) {
            if (argv.get(i) == null) {
                throw new IllegalArgumentException("host command argument " + i + " is null; pass a string or leave it out");
            }
        }
        return List.copyOf(argv);
    }

    /** Kills the descendants first, taken while the command still runs: once it is gone they are no longer its descendants. */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants().toList();
        root.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static Thread drain(InputStream in, CappedOutput to, String which) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(to);
            } catch (IOException closed) {
                // the stream was closed after the command ended: what was read is kept
            }
        }, "nexcage-host-command-" + which);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to read
        }
    }
}
