package nexcage.core.internal.control;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.felix.service.command.CommandProcessor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.cli.CommandRouter;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;

/**
 * The control socket ({@code $NEXCAGE_STATE/nexcage.sock}, mode 0600): serves one-shot commands
 * to the {@code nexcage} client and interactive Gogo sessions to {@code nexcage shell}. Only
 * peers with the daemon's own uid or root are served. Each connection runs on its own thread,
 * so many terminals are served at once.
 */
@Component(immediate = true)
public class ControlSocketServer {
    /** The kernel's limit on a Unix socket path (sun_path), less the terminating NUL. */
    static final int MAX_SOCKET_PATH = 107;
    private static final int MAX_REQUEST = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Daemon daemon;
    private final DaemonLog log;
    private final CommandRouter router;
    private final GogoShell shell;
    private final Path socket;
    private final ServerSocketChannel server;
    private final ExecutorService clients = Executors.newCachedThreadPool(Daemon.named("nexcage-client"));
    private final String owner = System.getProperty("user.name");

    @Activate
    public ControlSocketServer(@Reference Daemon daemon, @Reference CommandRouter router, @Reference CommandProcessor processor) throws IOException {
        this.daemon = daemon;
        this.log = daemon.log();
        this.router = router;
        this.shell = new GogoShell(processor, daemon);
        this.socket = daemon.paths().socket();
        if (daemon.pluginUnderTest() != null) {
            // a throw-away framework of 'plugin test' takes no commands
            this.server = null;
            return;
        }
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new IOException("the control socket path " + socket + " is longer than the kernel's " + MAX_SOCKET_PATH
                    + " bytes; set NEXCAGE_SOCKET or NEXCAGE_STATE to a shorter path");
        }
        Files.createDirectories(socket.getParent());
        // the daemon holds daemon.lock, so a socket file left here is stale
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        Thread acceptor = new Thread(this::acceptLoop, "nexcage-control");
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("core", "ready: serving commands on " + socket);
    }

    @Deactivate
    void deactivate() throws IOException {
        if (server == null) {
            return;
        }
        server.close();
        clients.shutdownNow();
        Files.deleteIfExists(socket);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                clients.execute(() -> serve(ch));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("control", "accept failed: " + e.getMessage());
            }
        }
    }

    private void serve(SocketChannel ch) {
        OutputStream rawOut = Channels.newOutputStream(ch);
        Frames frames = new Frames(rawOut);
        try (ch) {
            InputStream in = Channels.newInputStream(ch);
            String peer = peerUser(ch);
            if (peer == null || !(peer.equals(owner) || peer.equals("root"))) {
                refuse(frames, "permission denied: this daemon serves only the user " + owner
                        + " and root; run nexcage as " + owner, 1);
                log.warn("control", "refused a connection from user " + peer);
                return;
            }
            byte[] line = readLine(in);
            if (line == null) {
                return;
            }
            ControlRequest req;
            try {
                req = JSON.readValue(line, ControlRequest.class);
            } catch (IOException e) {
                refuse(frames, "the request is not a JSON line {\"argv\": [...]}: " + e.getMessage().lines().findFirst().orElse("")
                        + "; use the nexcage client of the same version", 2);
                return;
            }
            if (req.shell()) {
                shell.run(in, rawOut);
                return;
            }
            List<String> argv = req.argv() == null ? List.of() : req.argv();
            PrintStream out = new PrintStream(new BufferedOutputStream(frames.stream(Frames.STDOUT), 8192), true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(new BufferedOutputStream(frames.stream(Frames.STDERR), 1024), true, StandardCharsets.UTF_8);
            Path cwd = req.cwd() == null ? Paths.get("/") : Paths.get(req.cwd());
            int status = router.run(argv, new CommandIO(out, err, cwd, req.tty(),
                    new ClientSignalReader(ch, frames, clients, log)));
            out.flush();
            err.flush();
            frames.exit(status);
        } catch (SocketException | ClosedChannelException e) {
            log.debug("control", "client went away: " + e.getMessage());
        } catch (IOException e) {
            if (frames.clientGone()) {
                log.debug("control", "client went away: " + e.getMessage());
            } else {
                log.warn("control", "serving a client failed: " + e.getMessage());
            }
        }
    }

    private static void refuse(Frames frames, String message, int status) throws IOException {
        byte[] b = ("nexcage: " + message + "\n").getBytes(StandardCharsets.UTF_8);
        frames.write(Frames.STDERR, b, 0, b.length);
        frames.exit(status);
    }

    private static String peerUser(SocketChannel ch) {
        try {
            UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return p.user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Reads up to a newline, unbuffered, so that what follows stays in the stream (shell input). */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return b.toByteArray();
            }
            if (b.size() >= MAX_REQUEST) {
                throw new IOException("request longer than " + MAX_REQUEST + " bytes");
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toByteArray();
    }
}
