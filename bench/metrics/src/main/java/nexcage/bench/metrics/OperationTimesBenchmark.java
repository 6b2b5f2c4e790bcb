package nexcage.bench.metrics;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import nexcage.core.internal.containers.OperationTimes;

/**
 * What timing one backend call for the latency histograms adds to it, as the core does it: two
 * clock reads and {@link OperationTimes#record} (two map look-ups, a bucket search, two atomic
 * adds), on one thread and on two at once into the same backend and operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OperationTimesBenchmark {

    private final OperationTimes times = new OperationTimes();

    @Benchmark
    public void timedCall() {
        long start = System.nanoTime();
        times.record("docker", "start", System.nanoTime() - start + 150_000_000L);
    }

    @Benchmark
    @Threads(2)
    public void timedCallTwoThreads() {
        long start = System.nanoTime();
        times.record("docker", "start", System.nanoTime() - start + 150_000_000L);
    }
}
