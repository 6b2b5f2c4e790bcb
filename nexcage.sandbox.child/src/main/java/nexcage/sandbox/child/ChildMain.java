package nexcage.sandbox.child;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

import nexcage.api.PluginHeaders;
import nexcage.sandbox.child.wire.Link;

/**
 * The sandboxed plugin's process: connects to the daemon's socket, starts a small Felix (Declarative
 * Services, ConfigAdmin, NexCage's API from the class path, so AppCDS covers it), installs the plugin
 * and offers its services to the daemon. It ends when the socket closes.
 *
 * <p>{@code ChildMain --plugin NAME --jar FILE --socket FILE --cache DIR --data DIR --bundles JAR,JAR,...}
 */
public final class ChildMain {
    /** Set by the daemon's stop: the process then exits normally (which writes the CDS archive on its first run). */
    private static volatile boolean stopping;

    private ChildMain() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = options(argv);
        String plugin = a.get("plugin");
        SocketChannel channel = connect(Path.of(a.get("socket")), 15_000);
        Link link = new Link(channel, "the daemon");
        ChildBridge bridge = new ChildBridge(link, Path.of(a.get("data")));
        link.start(bridge);
        // the daemon closed the link or went: nothing here outlives it, unless an orderly stop is under way
        link.onClosed(() -> {
            if (!stopping) {
                Runtime.getRuntime().halt(0);
            }
        });
        try {
            run(a, plugin, link, bridge);
        } catch (Exception | LinkageError e) {
            String reason = "plugin " + plugin + " could not start in its sandbox: " + e;
            try {
                link.call(0, "failed", List.of(reason), 10_000);
            } catch (Exception notHeard) {
                System.err.println(reason);
            }
            Runtime.getRuntime().halt(1);
        }
        // Felix's threads are daemon threads: this one keeps the process until the link ends it
        new java.util.concurrent.CountDownLatch(1).await();
    }

    private static void run(Map<String, String> a, String plugin, Link link, ChildBridge bridge) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> hello = (Map<String, Object>) link.call(0, "hello",
                Arrays.asList(plugin, ProcessHandle.current().pid()), 30_000);
        Felix felix = new Felix(frameworkProperties(Path.of(a.get("cache"))));
        felix.init();
        BundleContext system = felix.getBundleContext();
        List<Bundle> runtime = new ArrayList<>();
        for (String jar : a.get("bundles").split(",")) {
            runtime.add(install(system, "file:" + jar, Path.of(jar)));
        }
        felix.start();
        for (Bundle b : runtime) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        bridge.serveGuarded(system);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) hello.get("config");
        if (config != null) {
            bridge.configure(PluginHeaders.configPid(plugin), config);
        }
        bridge.onStop(() -> stop(felix));
        Bundle pluginBundle = install(system, PluginHeaders.LOCATION_PREFIX + plugin, Path.of(a.get("jar")));
        bridge.follow(pluginBundle);
        // transient: with a kept cache, the next child's framework must not start it before the bridge follows it
        pluginBundle.start(Bundle.START_TRANSIENT);
        bridge.drain();
        long sinceExec = System.currentTimeMillis()
                - ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis());
        link.call(0, "ready", List.of(sinceExec), 30_000);
    }

    private static void stop(Felix felix) {
        stopping = true;
        try {
            felix.stop();
            felix.waitForStop(5_000);
        } catch (Exception e) {
            // exiting anyway
        }
        System.exit(0);
    }

    private static Map<String, String> options(String[] argv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            m.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        for (String required : List.of("plugin", "jar", "socket", "cache", "data", "bundles")) {
            if (!m.containsKey(required)) {
                throw new IllegalArgumentException("the sandbox child needs --" + required);
            }
        }
        return m;
    }

    /** The daemon binds the socket before it starts the child; the retries cover a slow file system. */
    private static SocketChannel connect(Path socket, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                return ch;
            } catch (IOException e) {
                ch.close();
                if (System.nanoTime() > deadline) {
                    throw new IOException("cannot connect to the daemon's socket " + socket + ": " + e.getMessage(), e);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Exports NexCage's API from the class path, with its capability, so the plugin resolves against the same classes the bridge uses. */
    private static Map<String, Object> frameworkProperties(Path cache) throws IOException {
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        p.put("felix.cm.pm", "memory");
        p.put("ds.loglevel", "warn");
        p.put("felix.log.level", "1");
        Manifest api = apiManifest();
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, api.getMainAttributes().getValue(Constants.EXPORT_PACKAGE));
        p.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA, api.getMainAttributes().getValue(Constants.PROVIDE_CAPABILITY));
        return p;
    }

    private static Manifest apiManifest() throws IOException {
        java.security.CodeSource source = PluginHeaders.class.getProtectionDomain().getCodeSource();
        try (JarFile jar = new JarFile(Path.of(source.getLocation().toURI()).toFile())) {
            return jar.getManifest();
        } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot find NexCage's API jar: " + e.getMessage(), e);
        }
    }

    /** The bundle at location, installed from file unless the kept cache has it already. */
    private static Bundle install(BundleContext system, String location, Path file) throws BundleException, IOException {
        Bundle b = system.getBundle(location);
        if (b != null) {
            return b;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return system.installBundle(location, in);
        }
    }
}
