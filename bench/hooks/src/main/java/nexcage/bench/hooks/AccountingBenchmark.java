package nexcage.bench.hooks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import nexcage.accounting.admin.PluginCall;
import nexcage.accounting.internal.Accounting;

/**
 * What measuring one call into a plugin costs ({@code begin} and {@code end} of nexcage.accounting,
 * on the JVM's real clocks: wall time, the thread's CPU time and its allocation counter), side by
 * side with the least any timing costs, a bare pair of {@code System.nanoTime()} reads. Sample mode,
 * so JMH reports medians of single calls.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccountingBenchmark {

    private Accounting accounting;

    @Setup
    public void setUp() {
        accounting = Accounting.onThisJvm(System.err::println);
    }

    @Benchmark
    public long nanoTimePair() {
        long t0 = System.nanoTime();
        return System.nanoTime() - t0;
    }

    @Benchmark
    public PluginCall beginEnd() {
        PluginCall call = accounting.begin("bench", "command:hello");
        call.end(false);
        return call;
    }
}
