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

import nexcage.accounting.internal.Accounting;
import nexcage.api.hooks.HookResult;
import nexcage.hooks.internal.HookDispatcherCore;

/**
 * Latency of one {@code fire} with N no-op handlers, one caller thread. Sample mode, so JMH
 * reports the median and p99 of single calls; divide by N for the cost per handler. With and without
 * the accounting of plugin handlers' calls, in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DispatchBenchmark {

    @Param({"1", "10", "100"})
    int handlers;

    /** armed: plugin handlers under timeouts on worker threads; inline: runtime handlers, no timeout. */
    @Param({"armed", "inline"})
    String mode;

    /** on: each plugin handler's call is accounted (nexcage.accounting), as in the daemon; inline handlers never are. */
    @Param({"off", "on"})
    String accounting;

    private ExecutorService threads;
    private HookDispatcherCore hooks;

    @Setup(Level.Trial)
    public void setUp() {
        threads = Handlers.threads();
        hooks = Handlers.dispatcher(threads, handlers, "armed".equals(mode));
        if ("on".equals(accounting)) {
            hooks.setAccounting(Accounting.onThisJvm(System.err::println));
        }
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
