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

import nexcage.security.admin.AuditReport;
import nexcage.security.internal.audit.PluginFileAuditor;

/**
 * The first audit in a JVM, as {@code plugin audit FILE} meets it in a daemon that has audited
 * nothing yet: bnd's classes are loaded and nothing is compiled (and, as the daemon does, after
 * warming bnd's parser up on one small class). Run single-shot, one per fork.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ColdAuditBenchmark {

    @Param("../../target/runtime/plugins/docker-0.8.0.nexcage-plugin")
    public String file;

    private Path plugin;

    @Setup(Level.Trial)
    public void setUp() {
        plugin = Path.of(file);
        if (!Files.isRegularFile(plugin)) {
            throw new IllegalStateException(plugin.toAbsolutePath() + " does not exist; build the runtime first");
        }
    }

    @Benchmark
    public AuditReport firstAudit() throws IOException {
        return new PluginFileAuditor().audit(plugin, "bench");
    }

    /** As in the daemon, whose audit component warms bnd's parser up when it starts. */
    @Benchmark
    public AuditReport firstAuditAfterWarmUp(WarmedUp warm) throws IOException {
        return warm.auditor.audit(plugin, "bench");
    }

    @State(Scope.Benchmark)
    public static class WarmedUp {
        final PluginFileAuditor auditor = new PluginFileAuditor();

        @Setup(Level.Trial)
        public void warmUp() {
            auditor.warmUp();
        }
    }
}
