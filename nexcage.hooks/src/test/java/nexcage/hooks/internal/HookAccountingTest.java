package nexcage.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginCall;
import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.WatchedPlugin;
import nexcage.api.hooks.HookHandler;

/** A plugin handler's calls reach the accounting (entry hook:NAME); the runtime's own handlers' do not. */
class HookAccountingTest {

    private static final String PRE = "container.pre_create";
    private static final Who PLUGIN = new Who("a", true, 30);
    private static final Who CORE = new Who("nexcage.core", false, 30);

    private final ExecutorService threads = HookThreads.create();
    private final HookDispatcherCore hooks = new HookDispatcherCore(threads, (level, plugin, message) -> { });
    private final RecordingAccounting accounting = new RecordingAccounting();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        threads.shutdownNow();
    }

    private static Map<String, Object> props(Object... pairs) {
        Map<String, Object> p = new HashMap<>();
        p.put(HookHandler.HOOK, PRE);
        for (int i = 0; i < pairs.length; i += 2) {
            p.put((String) pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void aPluginHandlersCallsAreAccountedOnItsWorkerThread() {
        hooks.setAccounting(accounting);
        hooks.add(1, ctx -> { }, props(), PLUGIN);
        hooks.add(2, ctx -> {
            throw new IllegalStateException("boom");
        }, props(), PLUGIN);
        hooks.add(3, ctx -> { }, props("nexcage.hook.inline", true), CORE);

        hooks.fire(PRE, "core", Map.of());

        assertThat(accounting.events).containsExactly("begin a hook:container.pre_create", "end a false",
                "begin a hook:container.pre_create", "end a true");
        assertThat(accounting.threads).doesNotContain(Thread.currentThread());
    }

    @Test
    void aTimedOutHandlerIsATimeoutFromTheCallerAndALateEndFromTheWorker() throws Exception {
        hooks.setAccounting(accounting);
        CountDownLatch lateEnd = accounting.lateEnd;
        hooks.add(1, ctx -> release.await(30, TimeUnit.SECONDS), props(HookHandler.TIMEOUT_MS, 50), PLUGIN);

        hooks.fire(PRE, "core", Map.of());
        assertThat(accounting.events).containsExactly("begin a hook:container.pre_create", "timedOut a hook:container.pre_create 50 ms");

        release.countDown();
        assertThat(lateEnd.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(accounting.events).endsWith("endLate a");
    }

    @Test
    void withoutAccountingNothingIsCounted() {
        hooks.add(1, ctx -> { }, props(), PLUGIN);
        hooks.setAccounting(accounting);
        hooks.setAccounting(null);
        hooks.fire(PRE, "core", Map.of());
        assertThat(accounting.events).isEmpty();
    }

    /** Records what the dispatcher tells it, one line per event. */
    static final class RecordingAccounting implements PluginAccounting {
        final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
        final CountDownLatch lateEnd = new CountDownLatch(1);

        @Override
        public PluginCall begin(String plugin, String entry) {
            events.add("begin " + plugin + " " + entry);
            threads.add(Thread.currentThread());
            return new PluginCall() {
                @Override
                public void end(boolean failed) {
                    events.add("end " + plugin + " " + failed);
                }

                @Override
                public void endLate() {
                    events.add("endLate " + plugin);
                    lateEnd.countDown();
                }
            };
        }

        @Override
        public void timedOut(String plugin, String entry, long waitedNanos) {
            events.add("timedOut " + plugin + " " + entry + " " + waitedNanos / 1_000_000 + " ms");
        }

        @Override
        public ThreadFactory threadFactory(String plugin) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void watch(WatchedPlugin plugin) {
        }

        @Override
        public void unwatch(String plugin) {
        }

        @Override
        public List<PluginUsage> usage() {
            return List.of();
        }

        @Override
        public Optional<PluginUsage> usage(String plugin) {
            return Optional.empty();
        }
    }
}
