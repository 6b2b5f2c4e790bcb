package nexcage.sandbox.bridge.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import nexcage.sandbox.bridge.BridgeLink;
import nexcage.sandbox.bridge.ChildCommand;
import nexcage.sandbox.bridge.SandboxBridge;
import nexcage.sandbox.child.wire.Link;

/**
 * The sandbox bridge: binds a plugin's socket and says how to start its child, then, once the child
 * connected, links it to the plugin's stub bundle. The child's jars are found once, at the first start.
 */
@Component(service = SandboxBridge.class)
public class BridgeService implements SandboxBridge {
    private static final Pattern TIMEOUT = Pattern.compile("(?:^|;)\\s*timeout_seconds\\s*=\\s*(\\d+)");
    private static final int DEFAULT_TIMEOUT_SECONDS = 30;

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final Map<Path, ServerSocketChannel> listening = new ConcurrentHashMap<>();
    private final List<DaemonLink> links = new CopyOnWriteArrayList<>();
    private ChildRuntime runtime;

    @Activate
    public BridgeService(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.configAdmin = configAdmin;
    }

    @Deactivate
    void deactivate() {
        links.forEach(DaemonLink::close);
        listening.keySet().forEach(this::stopListening);
    }

    @Override
    public ChildCommand childCommand(String plugin, Path pluginJar, Path socket, Path dataDir, Path tmpDir) {
        try {
            ChildCommand command = ChildCommands.of(runtime(), plugin, pluginJar, socket, dataDir, tmpDir, sandboxDir().resolve("cache"));
            listen(socket);
            return command;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the sandbox of plugin " + plugin + ": " + e.getMessage(), e);
        }
    }

    @Override
    public BridgeLink open(String plugin, Path socket, BundleContext stub, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SocketChannel channel = accept(plugin, socket, timeout.toMillis());
        DaemonLink link = new DaemonLink(plugin, new Link(channel, "the sandboxed process of plugin " + plugin), stub, configAdmin,
                timeoutSeconds(stub.getBundle()) * 1000L);
        links.add(link);
        link.onClosed(() -> links.remove(link));
        link.start(context);
        try {
            link.awaitReady(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (IOException e) {
            link.close();
            links.remove(link);
            throw e;
        }
        return link;
    }

    private synchronized ChildRuntime runtime() throws IOException {
        if (runtime == null) {
            String jar = context.getProperty("nexcage.runtime.jar");
            Path lib = sandboxDir().resolve("lib");
            runtime = ChildRuntime.locate(installedFiles(), jar == null ? null : Path.of(jar), lib, felixJar(), ChildRuntime.childJar(lib));
        }
        return runtime;
    }

    private Path sandboxDir() {
        String state = context.getProperty("nexcage.state");
        return state != null ? Path.of(state, "sandbox") : Path.of(System.getProperty("java.io.tmpdir"), "nexcage-sandbox");
    }

    /** The file each of the daemon's bundles was installed from, where its location names one. */
    private Map<String, Path> installedFiles() {
        Map<String, Path> files = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            Path p = fileOf(b.getLocation());
            if (p != null && b.getSymbolicName() != null) {
                files.put(b.getSymbolicName(), p);
            }
        }
        // a framework that exports the API from its class path (a benchmark, an embedding) has no bundle of it
        files.computeIfAbsent("nexcage.api", k -> jarOf(nexcage.api.PluginHeaders.class));
        return files;
    }

    private static Path fileOf(String location) {
        String l = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        try {
            Path p = l.startsWith("file:") ? Path.of(java.net.URI.create(l)) : null;
            return p != null && Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Felix's jar, when the daemon's framework was loaded from one (a test, a plain class path). */
    private Path felixJar() {
        return jarOf(context.getBundle(0).getClass());
    }

    /** The jar file a class was loaded from, or null when it came from elsewhere (a bundle, a jar in a jar). */
    private static Path jarOf(Class<?> c) {
        try {
            java.security.CodeSource cs = c.getProtectionDomain().getCodeSource();
            Path p = cs == null ? null : Path.of(cs.getLocation().toURI());
            return p != null && Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (Exception e) {
            return null;
        }
    }

    static int timeoutSeconds(Bundle stub) {
        String resources = stub.getHeaders().get("NexCage-Resources");
        if (resources != null) {
            Matcher m = TIMEOUT.matcher(resources);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return DEFAULT_TIMEOUT_SECONDS;
    }

    private void listen(Path socket) throws IOException {
        stopListening(socket);
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        listening.put(socket, server);
    }

    private void stopListening(Path socket) {
        ServerSocketChannel s = listening.remove(socket);
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private SocketChannel accept(String plugin, Path socket, long timeoutMillis) throws IOException {
        if (!listening.containsKey(socket)) {
            listen(socket);
        }
        ServerSocketChannel server = listening.get(socket);
        try (Selector selector = Selector.open()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            if (selector.select(Math.max(1, timeoutMillis)) == 0) {
                throw new IOException("the sandboxed process of plugin " + plugin + " did not connect to " + socket + " within "
                        + timeoutMillis + " ms; see its output for why it did not start");
            }
            SocketChannel ch = server.accept();
            ch.configureBlocking(true);
            return ch;
        } finally {
            stopListening(socket);
            Files.deleteIfExists(socket);
        }
    }
}
