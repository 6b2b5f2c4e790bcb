package nexcage.bench.hooks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import nexcage.api.Capability;
import nexcage.security.admin.Violation;
import nexcage.security.admin.Violations;
import nexcage.security.internal.guard.BundleFacts;
import nexcage.security.internal.guard.GuardCore;

/**
 * What the capability check adds to a guarded call: the same small call (a container list handed
 * back) unguarded, and through the guard for a plugin that declares the capability and for a
 * runtime bundle. The callers are real bundles of a Felix framework started for the benchmark, so
 * the check reads Felix's own bundle objects (location, last-modified time) as in the daemon.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GuardBenchmark {
    private static final Violations NONE = new Violations() {
        @Override
        public Violation record(String plugin, String capability, String operation, String detail) {
            return null;
        }

        @Override
        public List<Violation> list(String plugin) {
            return List.of();
        }
    };

    /** The guarded service's work: hand back the list it holds. */
    private final List<String> containers = List.of("web", "db", "cache");

    private Path storage;
    private Framework framework;
    private Bundle plugin;
    private Bundle runtime;
    private GuardCore<Bundle> guard;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        storage = Files.createTempDirectory("nexcage-bench-guard");
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        framework = factory.newFramework(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        plugin = framework.getBundleContext().installBundle("nexcage:plugin/bench",
                new ByteArrayInputStream(bundle("bench.plugin", "container_list, container_info, logging")));
        runtime = framework.getBundleContext().installBundle("file:/opt/nexcage/bundles/bench.runtime.jar",
                new ByteArrayInputStream(bundle("bench.runtime", null)));
        guard = new GuardCore<>(BundleFacts.INSTANCE, NONE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
        try (Stream<Path> files = Files.walk(storage)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public List<String> unguarded() {
        return containers();
    }

    @Benchmark
    public List<String> guardedPlugin() {
        guard.check(plugin, Capability.CONTAINER_LIST, "containers.list", "");
        return containers();
    }

    @Benchmark
    public List<String> guardedRuntimeBundle() {
        guard.check(runtime, Capability.CONTAINER_LIST, "containers.list", "");
        return containers();
    }

    private List<String> containers() {
        return containers;
    }

    private static byte[] bundle(String symbolicName, String capabilities) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        a.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        if (capabilities != null) {
            a.putValue("NexCage-Capabilities", capabilities);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        return out.toByteArray();
    }
}
