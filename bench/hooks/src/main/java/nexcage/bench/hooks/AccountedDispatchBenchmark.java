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
 * One {@code fire} with N no-op plugin handlers (armed, on a worker thread), with the accounting
 * of each handler's call on and off in the same run. Divide by N for the cost per handler.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AccountedDispatchBenchmark {

    @Param({"1", "10"})
    int handlers;

    @Param({"off", "on"})
    String accounting;

    private ExecutorService threads;
    private HookDispatcherCore hooks;

    @Setup(Level.Trial)
    public void setUp() {
        threads = Handlers.threads();
        hooks = Handlers.dispatcher(threads, handlers, true);
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
