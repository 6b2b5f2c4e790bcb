package nexcage.accounting.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.WatchedPlugin;
import nexcage.accounting.internal.plugin.PluginCode;
import nexcage.api.ResourceRequirements;

class ThreadsTest {

    private final FakeMeter meter = new FakeMeter();
    private final Accounting accounting = new Accounting(meter);
    private final RecordedViolations violations = new RecordedViolations();
    private final Sampler sampler = new Sampler(accounting, violations, m -> { }, 1000);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> started = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        release.countDown();
        for (Thread t : started) {
            t.join(10_000);
        }
    }

    private static WatchedPlugin plugin(String name, int maxThreads) {
        return new WatchedPlugin(name, ResourceRequirements.of(Map.of("max_threads", String.valueOf(maxThreads))), null,
                c -> c.startsWith(PluginCode.class.getPackageName() + "."));
    }

    private Thread start(ThreadFactory factory) throws InterruptedException {
        PluginCode code = new PluginCode(release);
        Thread t = factory.newThread(code);
        started.add(t);
        t.start();
        code.awaitRunning();
        return t;
    }

    private int threads(String plugin) {
        return accounting.usage(plugin).orElseThrow().threads();
    }

    @Test
    void theFactorysThreadsAreNamedDaemonsCountedAndTheirCpuIsThePlugins() throws Exception {
        accounting.watch(plugin("p", 10));
        ThreadFactory factory = accounting.threadFactory("p");
        Thread first = start(factory);
        Thread second = start(factory);

        assertThat(first.getName()).isEqualTo("nexcage-plugin-p-1");
        assertThat(second.getName()).isEqualTo("nexcage-plugin-p-2");
        assertThat(first.isDaemon()).isTrue();
        meter.work(first, 250_000_000L, 10_000);
        sampler.sample();

        assertThat(threads("p")).isEqualTo(2);
        assertThat(accounting.usage("p").orElseThrow().byEntry().get(PluginAccounting.THREADS).cpuMs()).isEqualTo(250.0);
        assertThat(accounting.usage("p").orElseThrow().total().allocatedBytes()).isEqualTo(10_000);

        release.countDown();
        first.join(10_000);
        second.join(10_000);
        sampler.sample();
        assertThat(threads("p")).isZero();
    }

    @Test
    void aThreadRunningThePluginsCodeIsItsAndTheRuntimesAreNot() throws Exception {
        accounting.watch(plugin("p", 10));
        start(Thread::new);
        ExecutorService runtimePool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch inRuntimeTask = new CountDownLatch(1);
            // a runtime pool thread running the plugin's code: its entry is the runtime's task, so it is not the plugin's
            runtimePool.execute(() -> {
                inRuntimeTask.countDown();
                new PluginCode(release).run();
            });
            inRuntimeTask.await(10, TimeUnit.SECONDS);
            sampler.sample();
            assertThat(threads("p")).isEqualTo(1);
        } finally {
            runtimePool.shutdownNow();
        }
    }

    @Test
    void moreThreadsThanTheLimitIsOneViolationUntilTheyEnd() throws Exception {
        accounting.watch(plugin("p", 1));
        ThreadFactory factory = accounting.threadFactory("p");
        start(factory);
        start(factory);
        sampler.sample();
        sampler.sample();

        assertThat(accounting.usage("p").orElseThrow().overLimit()).containsExactly("max_threads");
        assertThat(violations.recorded).containsExactly("p resource.max_threads: 2 threads running, its limit max_threads is 1");
    }

    @Test
    void afterUnwatchOnlyItsFactorysLiveThreadsAreShownAndNoLimit() throws Exception {
        accounting.watch(plugin("p", 1));
        ThreadFactory factory = accounting.threadFactory("p");
        start(factory);
        start(Thread::new);
        sampler.sample();
        assertThat(threads("p")).isEqualTo(2);

        accounting.unwatch("p");
        start(factory);
        sampler.sample();
        assertThat(threads("p")).isEqualTo(2);
        assertThat(accounting.usage("p").orElseThrow().overLimit()).isEmpty();
        assertThat(violations.recorded).hasSize(1);
    }
}
