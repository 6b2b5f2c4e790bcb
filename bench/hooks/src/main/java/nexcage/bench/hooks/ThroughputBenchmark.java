package nexcage.bench.hooks;

import java.util.concurrent.ExecutorService;
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
import org.openjdk.jmh.annotations.Threads;

import nexcage.api.hooks.HookResult;
import nexcage.hooks.internal.HookDispatcherCore;

/** Events per second that two threads firing at once get through one dispatcher. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class ThroughputBenchmark {

    @Param({"1", "10"})
    int handlers;

    @Param({"armed", "inline"})
    String mode;

    private ExecutorService threads;
    private HookDispatcherCore hooks;

    @Setup(Level.Trial)
    public void setUp() {
        threads = Handlers.threads();
        hooks = Handlers.dispatcher(threads, handlers, "armed".equals(mode));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        threads.shutdownNow();
    }

    @Benchmark
    public HookResult fire() {
        return hooks.fire(Handlers.HOOK, "core", Handlers.METADATA);
    }
}
