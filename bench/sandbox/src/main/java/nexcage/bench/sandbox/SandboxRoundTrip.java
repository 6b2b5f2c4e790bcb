package nexcage.bench.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import nexcage.api.PluginHeaders;
import nexcage.api.cli.CliCommand;
import nexcage.api.cli.CommandContext;
import nexcage.api.hooks.HookContext;
import nexcage.api.hooks.HookHandler;
import nexcage.testkit.PluginJar;

/**
 * A sandboxed plugin's start, hook round trip and command round trip through the real bridge bundle
 * (in a small Felix standing in for the daemon, with a stub bundle as the sandbox bundle makes it)
 * and a real child JVM, against the same handler and command called in-process.
 *
 * <p>{@code SandboxRoundTrip WORK_DIR [STARTS] [HOOK_CALLS] [COMMAND_CALLS]}; WORK_DIR keeps the
 * child's framework cache and CDS archive between runs: delete it for a cold first start.
 */
public final class SandboxRoundTrip {
    private static final String PLUGIN = "benchsandbox";

    private final BundleContext daemon;
    private final Object bridge;
    private final Path work;
    private final Path pluginJar;

    private SandboxRoundTrip(BundleContext daemon, Object bridge, Path work, Path pluginJar) {
        this.daemon = daemon;
        this.bridge = bridge;
        this.work = work;
        this.pluginJar = pluginJar;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/tmp/nexcage-bench-sandbox").toAbsolutePath();
        int starts = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int hookCalls = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int commandCalls = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
        Files.createDirectories(work);
        Felix felix = daemonFramework(work);
        try {
            BundleContext ctx = felix.getBundleContext();
            // Declarative Services activates the bridge on its own thread
            ServiceTracker<Object, Object> bridge = new ServiceTracker<>(ctx, "nexcage.sandbox.bridge.SandboxBridge", null);
            bridge.open();
            bridge.waitForService(20_000);
            ServiceReference<Object> ref = bridge.getServiceReference();
            if (ref == null) {
                StringBuilder states = new StringBuilder();
                for (Bundle b : ctx.getBundles()) {
                    states.append(' ').append(b.getSymbolicName()).append('=').append(b.getState());
                }
                throw new IllegalStateException("the sandbox bridge did not come up; bundle states:" + states);
            }
            SandboxRoundTrip bench = new SandboxRoundTrip(ctx, ctx.getService(ref), work, pluginFile(work));
            bench.run(starts, hookCalls, commandCalls);
        } finally {
            felix.stop();
            felix.waitForStop(10_000);
        }
    }

    private void run(int starts, int hookCalls, int commandCalls) throws Exception {
        List<Long> startMs = new ArrayList<>();
        boolean cold = !Files.exists(work.resolve("state/sandbox/cache"));
        for (int i = 0; i < starts; i++) {
            Child c = start();
            startMs.add(c.readyMs);
            c.stop();
        }
        Child c = start();
        try {
            HookHandler proxyHook = service(c.stub, HookHandler.class);
            CliCommand proxyCommand = service(c.stub, CliCommand.class);
            BenchPlugin local = new BenchPlugin();
            Map<String, double[]> rows = new LinkedHashMap<>();
            rows.put("hook round trip, sandboxed", time(hookCalls, () -> proxyHook.handle(new Ctx())));
            rows.put("hook call, in-process", time(hookCalls, () -> local.handle(new Ctx())));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CommandContext cc = commandContext(out);
            rows.put("command round trip, sandboxed", time(commandCalls, () -> {
                out.reset();
                proxyCommand.execute(cc, List.of("World"));
            }));
            rows.put("command call, in-process", time(commandCalls, () -> {
                out.reset();
                local.execute(cc, List.of("World"));
            }));
            if (!out.toString(StandardCharsets.UTF_8).equals("Hello, World!\n")) {
                throw new IllegalStateException("the command printed " + out);
            }
            print(startMs, cold, rows);
        } finally {
            c.stop();
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    /** Median, 90th and 99th percentile in µs, after as many warm-up calls as measured ones. */
    private static double[] time(int calls, Call call) throws Exception {
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        long[] ns = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            call.run();
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        return new double[] { ns[calls / 2] / 1e3, ns[calls * 9 / 10] / 1e3, ns[calls * 99 / 100] / 1e3 };
    }

    private static void print(List<Long> startMs, boolean cold, Map<String, double[]> rows) {
        System.out.println("\n| figure | median | p90 | p99 |");
        System.out.println("|---|---:|---:|---:|");
        rows.forEach((k, v) -> System.out.printf("| %s | %.1f µs | %.1f µs | %.1f µs |%n", k, v[0], v[1], v[2]));
        List<Long> sorted = new ArrayList<>(startMs.subList(1, startMs.size()));
        sorted.sort(null);
        System.out.printf("%nchild start, exec to services registered: first %d ms (%s), then median %d ms of %d (min %d, max %d)%n",
                startMs.get(0), cold ? "cold: no framework cache, no CDS archive yet" : "cache and archive from an earlier run",
                sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2), sorted.size(), sorted.isEmpty() ? -1 : sorted.get(0),
                sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));
    }

    /** One child with its stub and link. */
    private final class Child {
        Process process;
        Bundle stub;
        Object link;
        long readyMs;

        void stop() throws Exception {
            bridge.getClass().getClassLoader().loadClass("nexcage.sandbox.bridge.BridgeLink").getMethod("close").invoke(link);
            process.waitFor();
            stub.uninstall();
        }
    }

    private Child start() throws Exception {
        Path dir = Files.createDirectories(work.resolve("run"));
        Path socket = dir.resolve("child.sock");
        Class<?> api = bridge.getClass().getClassLoader().loadClass("nexcage.sandbox.bridge.SandboxBridge");
        Method childCommand = api.getMethod("childCommand", String.class, Path.class, Path.class, Path.class, Path.class);
        Object command = childCommand.invoke(bridge, PLUGIN, pluginJar, socket, Files.createDirectories(dir.resolve("data")),
                Files.createDirectories(dir.resolve("tmp")));
        @SuppressWarnings("unchecked")
        List<String> argv = (List<String>) command.getClass().getMethod("argv").invoke(command);
        Child c = new Child();
        long t0 = System.nanoTime();
        c.process = new ProcessBuilder(argv).inheritIO().start();
        c.stub = daemon.installBundle(PluginHeaders.LOCATION_PREFIX + PLUGIN, new java.io.ByteArrayInputStream(stub(pluginJar)));
        c.stub.start();
        Method open = api.getMethod("open", String.class, Path.class, BundleContext.class, Duration.class);
        c.link = open.invoke(bridge, PLUGIN, socket, c.stub.getBundleContext(), Duration.ofSeconds(60));
        c.readyMs = (System.nanoTime() - t0) / 1_000_000;
        return c;
    }

    private static <T> T service(Bundle stub, Class<T> type) {
        for (ServiceReference<?> r : Optional.ofNullable(stub.getRegisteredServices()).orElse(new ServiceReference<?>[0])) {
            if (Arrays.asList((String[]) r.getProperty(Constants.OBJECTCLASS)).contains(type.getName())) {
                return type.cast(stub.getBundleContext().getService(r));
            }
        }
        throw new IllegalStateException("the child registered no " + type.getName());
    }

    /** The daemon stand-in: API from the class path (as the bench calls it), bridge, DS and ConfigAdmin as bundles. */
    private static Felix daemonFramework(Path work) throws Exception {
        Manifest api = manifestOf(PluginHeaders.class);
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, work.resolve("daemon-framework").toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, api.getMainAttributes().getValue(Constants.EXPORT_PACKAGE));
        p.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA, api.getMainAttributes().getValue(Constants.PROVIDE_CAPABILITY));
        p.put("felix.cm.pm", "memory");
        p.put("nexcage.state", work.resolve("state").toString());
        Felix felix = new Felix(p);
        felix.start();
        List<Bundle> bundles = new ArrayList<>();
        for (String prefix : List.of("org.osgi.util.function-", "org.osgi.util.promise-", "org.osgi.service.component-",
                "org.apache.felix.scr-", "org.apache.felix.configadmin-")) {
            bundles.add(felix.getBundleContext().installBundle(classPathJar(prefix).toUri().toString()));
        }
        // not from the class path: Felix would hide the bridge's service from a system bundle that sees other classes of its API
        bundles.add(felix.getBundleContext().installBundle(Path.of(System.getProperty("bench.bridge.jar")).toUri().toString()));
        for (Bundle b : bundles) {
            b.start();
        }
        return felix;
    }

    private static Path classPathJar(String prefix) {
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            if (p.getFileName().toString().startsWith(prefix) && e.endsWith(".jar")) {
                return p;
            }
        }
        throw new IllegalStateException("no " + prefix + "*.jar on the class path; run bench/sandbox/roundtrip.sh");
    }

    private static Manifest manifestOf(Class<?> c) throws Exception {
        try (JarFile jar = new JarFile(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
            return jar.getManifest();
        }
    }

    /** The plugin file: BenchPlugin's class under an activator, the same bytes each run (so the child's cache is reused). */
    private static Path pluginFile(Path work) {
        PluginJar jar = PluginJar.corpusPlugin(PLUGIN, "nexcage.bench", "sandbox", "sandbox benchmark's")
                .header("Bundle-Activator", BenchPlugin.class.getName())
                .header("Import-Package", "nexcage.api.cli;version=\"[1.0,2)\",nexcage.api.hooks;version=\"[1.0,2)\","
                        + "org.osgi.framework;version=\"[1.8,2)\"")
                .classFrom(SandboxRoundTrip.class.getClassLoader(), BenchPlugin.class.getName());
        return jar.writeTo(work.resolve(PLUGIN + ".nexcage-plugin"));
    }

    /** The stub the sandbox bundle installs: the plugin's identity and NexCage headers, nothing else. */
    private static byte[] stub(Path jar) throws IOException {
        Manifest real;
        try (JarFile j = new JarFile(jar.toFile())) {
            real = j.getManifest();
        }
        Manifest stub = new Manifest();
        stub.getMainAttributes().putValue("Manifest-Version", "1.0");
        stub.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        real.getMainAttributes().forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith("Bundle-Symbolic") || key.equals("Bundle-Version") || key.startsWith("NexCage-")) {
                stub.getMainAttributes().putValue(key, v.toString());
            }
        });
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new java.util.jar.JarOutputStream(bytes, stub).close();
        return bytes.toByteArray();
    }

    private static CommandContext commandContext(ByteArrayOutputStream out) {
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new CommandContext() {
            @Override
            public PrintStream out() {
                return ps;
            }

            @Override
            public PrintStream err() {
                return ps;
            }

            @Override
            public Path cwd() {
                return Path.of("/");
            }

            @Override
            public boolean tty() {
                return false;
            }
        };
    }

    /** A dispatch's context as the hook dispatcher hands it to one handler. */
    private static final class Ctx implements HookContext {
        private final Map<String, String> metadata = new HashMap<>(Map.of("container_id", "c1", "image", "alpine"));

        @Override
        public String hookName() {
            return "bench.pre_call";
        }

        @Override
        public String source() {
            return "core";
        }

        @Override
        public Optional<String> metadata(String key) {
            return Optional.ofNullable(metadata.get(key));
        }

        @Override
        public Map<String, String> metadata() {
            return Map.copyOf(metadata);
        }

        @Override
        public void putMetadata(String key, String value) {
            metadata.put(key, value);
        }

        @Override
        public boolean vetoable() {
            return true;
        }

        @Override
        public void veto(String reason) {
            throw new IllegalStateException("the benchmark's handler does not veto");
        }
    }

}
