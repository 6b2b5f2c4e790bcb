package nexcage.bench.hooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import nexcage.accounting.admin.WatchedPlugin;
import nexcage.accounting.internal.Accounting;
import nexcage.api.ResourceRequirements;
import nexcage.security.admin.Violation;
import nexcage.security.admin.Violations;

/**
 * One pass of the accounting's sampler (it runs once a second) with about 100 live threads: 10 from
 * a watched plugin's thread factory, 10 the plugin started itself (found by their stacks), 80 of
 * the runtime. {@code steady}: every thread already known, as in a running daemon; {@code afterWatch}:
 * a plugin was just watched, so the stacks of the threads that are nobody's are read again.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SamplerBenchmark {

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private Accounting accounting;
    private WatchedPlugin plugin;
    private Runnable sampler;

    /** The plugin's own code, as a thread it started without its factory runs it. */
    static final class PluginWork implements Runnable {
        private final CountDownLatch release;

        PluginWork(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public void run() {
            park(release);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        accounting = Accounting.onThisJvm(System.err::println);
        plugin = new WatchedPlugin("bench", ResourceRequirements.DEFAULTS, null, c -> c.equals(PluginWork.class.getName()));
        accounting.watch(plugin);
        ThreadFactory factory = accounting.threadFactory("bench");
        for (int i = 0; i < 100; i++) {
            // the runtime's threads run a lambda of this class: their entry is the runtime's, not the plugin's
            Runnable parked = i < 20 ? new PluginWork(release) : () -> park(release);
            Thread t = i < 10 ? factory.newThread(parked) : new Thread(parked, "bench-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        sampler = accounting.sampler(new Violations() {
            @Override
            public Violation record(String p, String capability, String operation, String detail) {
                return new Violation(Instant.now(), p, capability, operation, detail, 1);
            }

            @Override
            public List<Violation> list(String p) {
                return List.of();
            }
        }, System.err::println);
        sampler.run();
    }

    static void park(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        release.countDown();
        for (Thread t : threads) {
            t.join(5000);
        }
    }

    @Benchmark
    public void steady() {
        sampler.run();
    }

    @Benchmark
    public void afterWatch() {
        accounting.watch(plugin);
        sampler.run();
    }
}
