package nexcage.core.internal.control;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import nexcage.core.internal.cli.CommandRouter;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.daemon.IdlePools;
import nexcage.core.internal.daemon.NativeHeapTrim;

/**
 * The control socket ({@code $NEXCAGE_STATE/nexcage.sock}, mode 0600): serves one-shot commands
 * to the {@code nexcage} client and interactive Gogo sessions to {@code nexcage shell}. Only
 * peers with the daemon's own uid or root are served, within the {@link ControlLimits}; each
 * connection runs on its own thread, so many terminals are served at once.
 */
@Component(immediate = true)
public class ControlSocketServer {
    /** The kernel's limit on a Unix socket path (sun_path), less the terminating NUL. */
    static final int MAX_SOCKET_PATH = 107;

    private final DaemonLog log;
    private final CommandRouter router;
    private final GogoShell shell;
    private final Path socket;
    private final ControlListener listener;
    private final NativeHeapTrim trim;
    private final ExecutorService clients = IdlePools.cached("nexcage-client");

    @Activate
    public ControlSocketServer(BundleContext context, @Reference Daemon daemon, @Reference CommandRouter router,
            @Reference CommandProcessor processor, @Reference NativeHeapTrim trim) throws IOException {
        this.log = daemon.log();
        this.trim = trim;
        this.router = router;
        this.shell = new GogoShell(processor, daemon);
        this.socket = daemon.paths().socket();
        if (daemon.pluginUnderTest() != null) {
            // a throw-away framework of 'plugin test' takes no commands
            this.listener = null;
            return;
        }
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new IOException("the control socket path " + socket + " is longer than the kernel's " + MAX_SOCKET_PATH
                    + " bytes; set NEXCAGE_SOCKET or NEXCAGE_STATE to a shorter path");
        }
        Files.createDirectories(socket.getParent());
        // the daemon holds daemon.lock, so a socket file left here is stale
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        ControlLimits limits = ControlLimits.from(context.getProperty(ControlLimits.MAX_CONNECTIONS_PROPERTY), log);
        listener = new ControlListener(server, PeerCheck.forSocket(socket), limits, clients, this::serve, log);
        listener.start();
        log.info("core", "ready: serving commands on " + socket);
    }

    @Deactivate
    void deactivate() throws IOException {
        if (listener == null) {
            return;
        }
        listener.close();
        clients.shutdownNow();
        Files.deleteIfExists(socket);
    }

    private void serve(SocketChannel ch, Frames frames, ControlRequest req, InputStream in, Map<String, String> caller) throws IOException {
        try {
            serveCommand(ch, frames, req, in, caller);
        } finally {
            trim.busy();
        }
    }

    private void serveCommand(SocketChannel ch, Frames frames, ControlRequest req, InputStream in, Map<String, String> caller)
            throws IOException {
        if (req.shell()) {
            frames.write(Frames.SHELL, new byte[0], 0, 0);
            shell.run(in, Channels.newOutputStream(ch));
            return;
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(frames.stream(Frames.STDOUT), 8192), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new BufferedOutputStream(frames.stream(Frames.STDERR), 1024), true, StandardCharsets.UTF_8);
        Path cwd = req.cwd() == null ? Paths.get("/") : Paths.get(req.cwd());
        int status = router.run(req.argv(), new CommandIO(out, err, cwd, req.tty(), new ClientSignalReader(ch, frames, clients, log),
                caller));
        out.flush();
        err.flush();
        frames.exit(status);
    }
}
