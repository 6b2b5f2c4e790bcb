package nexcage.core.internal.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Once the daemon has gone idle (no command for {@link #IDLE_MS} after the boot or the last one),
 * gives the C heap's free pages back to the kernel, as {@code jcmd PID System.trim_native_heap}
 * does. glibc keeps what the JVM freed (mostly the compiler's arena chunks, which the JVM hands back
 * to malloc every 5 s) as free pages of its arenas; one trim at idle returned 2.8 MB of a restarted
 * daemon's 92.5, one 2 s after the last command only 0.3 (bench/README.md, issue 22). The JVM's
 * periodic trim ({@code -XX:TrimNativeHeapInterval}) gave nothing measurable, and the diagnostic
 * command MBean costs about 670 classes (JMX), more than the trim gives back. So the daemon asks its
 * own JVM through HotSpot's attach socket, which the launcher opens at start
 * ({@code -XX:+StartAttachListener}, the socket {@code /tmp/.java_pid<pid>}, readable by this user
 * only): protocol version 1, the command {@code jcmd} with one argument. Without that socket (another
 * JVM, another launch) nothing is done.
 */
@Component(service = NativeHeapTrim.class, immediate = true)
public class NativeHeapTrim {
    /** The daemon counts as idle when no command came for this long: longer than the JVM's 5 s of pooling arena chunks. */
    static final long IDLE_MS = 6000;
    /** The trim answers one line; more is not read. */
    static final int MAX_ANSWER = 65536;

    private final DaemonLog log;
    private final Path socket;
    private final ScheduledThreadPoolExecutor timer = IdlePools.scheduler("nexcage-trim");
    private ScheduledFuture<?> pending;
    private boolean failureSaid;

    @Activate
    public NativeHeapTrim(@Reference Daemon daemon) {
        this(daemon.log(), Path.of("/tmp/.java_pid" + ProcessHandle.current().pid()));
    }

    NativeHeapTrim(DaemonLog log, Path socket) {
        this.log = log;
        this.socket = socket;
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    /** Something ran (the boot, a command): trims once nothing more has come for {@link #IDLE_MS}. */
    public synchronized void busy() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = timer.schedule(this::trimQuietly, IDLE_MS, TimeUnit.MILLISECONDS);
    }

    private void trimQuietly() {
        try {
            if (!ownSocket(socket)) {
                return;
            }
            String answer = ask(socket, "System.trim_native_heap");
            log.debug("core", "idle: " + answer.strip().replace('\n', ' '));
        } catch (IOException | RuntimeException e) {
            if (!failureSaid) {
                failureSaid = true;
                log.debug("core", "trimming the native heap at idle failed (" + e + "); the daemon keeps the memory glibc holds");
            }
        }
    }

    /**
     * True when the socket is there and this user's: in the shared /tmp another user's file of that
     * name is not this JVM's (its attach listener could not have replaced it).
     */
    static boolean ownSocket(Path socket) throws IOException {
        return Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                .equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    /** Runs a diagnostic command through the JVM's attach socket; returns its output (at most {@link #MAX_ANSWER} bytes). */
    static String ask(Path socket, String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            // version 1, the operation, then exactly three arguments (empty ones too), each ended by NUL
            ch.write(ByteBuffer.wrap(("1\0jcmd\0" + command + "\0\0\0").getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (ch.read(buf) >= 0 && out.size() < MAX_ANSWER) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            String reply = out.toString(StandardCharsets.UTF_8);
            if (!reply.startsWith("0\n")) {
                throw new IOException("the JVM answered " + reply.strip());
            }
            return reply.substring(2);
        }
    }
}
