package nexcage.bench.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import nexcage.security.admin.AuditReport;
import nexcage.security.internal.audit.AuditCache;
import nexcage.security.internal.audit.CachedPluginAudit;
import nexcage.security.internal.audit.PluginFileAuditor;

/**
 * {@code plugin audit} of a plugin file (by default the Docker backend, 6.4 MB, ~4,300 classes):
 * uncached (bnd reads every class), served from the cache in memory (the file is still hashed to
 * find its key), and from the cache on disk (a new process: hash, then read the JSON).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AuditBenchmark {

    /** The plugin file; run.sh passes the built Docker backend. */
    @Param("../../target/runtime/plugins/docker-0.8.0.nexcage-plugin")
    public String file;

    private Path plugin;
    private Path cacheDir;
    private CachedPluginAudit warmCache;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        plugin = Path.of(file);
        if (!Files.isRegularFile(plugin)) {
            throw new IllegalStateException(plugin.toAbsolutePath() + " does not exist; build the runtime first");
        }
        cacheDir = Files.createTempDirectory("nexcage-audit-bench");
        warmCache = new CachedPluginAudit(new PluginFileAuditor(), new AuditCache(cacheDir, 256));
        warmCache.audit(plugin);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (var files = Files.list(cacheDir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(cacheDir);
    }

    @Benchmark
    public AuditReport uncached() throws IOException {
        return new PluginFileAuditor().audit(plugin, "bench");
    }

    @Benchmark
    public AuditReport cachedInMemory() throws IOException {
        return warmCache.audit(plugin);
    }

    @Benchmark
    public AuditReport cachedOnDisk() throws IOException {
        return new CachedPluginAudit(new PluginFileAuditor(), new AuditCache(cacheDir, 256)).audit(plugin);
    }
}
