package nexcage.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nexcage.api.hooks.HookHandler;
import nexcage.api.hooks.HookResult;
import nexcage.hooks.admin.HookLatency;
import nexcage.hooks.admin.HookRegistrationInfo;

class HookDispatcherCoreTest {

    private static final String PRE = "container.pre_create";
    private static final String POST = "container.post_create";
    private static final Who PLUGIN_A = new Who("a", true, 30);
    private static final Who PLUGIN_B = new Who("b", true, 30);
    private static final Who CORE = new Who("nexcage.core", false, 30);

    private ExecutorService threads;
    private final ConcurrentLinkedQueue<String> logged = new ConcurrentLinkedQueue<>();
    private HookDispatcherCore hooks;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** Released at the end of each test so handlers simulating a hang finish. */
    private final CountDownLatch release = new CountDownLatch(1);
    /** Counted down when the dispatcher logs that an abandoned call came back. */
    private final CountDownLatch lateReturn = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        threads = HookThreads.create();
        hooks = new HookDispatcherCore(threads, (level, plugin, message) -> {
            logged.add(level + " " + plugin + " " + message);
            if (message.contains("long after its timeout")) {
                lateReturn.countDown();
            }
        });
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        threads.shutdownNow();
    }

    private static Map<String, Object> props(Object hook, Object... more) {
        Map<String, Object> p = new HashMap<>();
        p.put(HookHandler.HOOK, hook);
        for (int i = 0; i < more.length; i += 2) {
            p.put((String) more[i], more[i + 1]);
        }
        return p;
    }

    private HookHandler recording(String name) {
        return ctx -> calls.add(name);
    }

    /** Simulates a hung handler: blocks (for at most the test's life) until released. */
    private HookHandler hanging(String name) {
        return ctx -> {
            calls.add(name);
            release.await(30, TimeUnit.SECONDS);
        };
    }

    private HookResult fire(String hook) {
        return hooks.fire(hook, "core", Map.of("container_id", "web"));
    }

    @Test
    void runsHandlersInPriorityOrder() {
        hooks.add(1, recording("low"), props(PRE, HookHandler.PRIORITY, "low"), PLUGIN_A);
        hooks.add(2, recording("background"), props(PRE, HookHandler.PRIORITY, "background"), PLUGIN_A);
        hooks.add(3, recording("normal"), props(PRE), PLUGIN_A);
        hooks.add(4, recording("critical"), props(PRE, HookHandler.PRIORITY, "critical"), PLUGIN_B);
        hooks.add(5, recording("high"), props(PRE, HookHandler.PRIORITY, "HIGH"), PLUGIN_B);

        HookResult result = fire(PRE);

        assertThat(calls).containsExactly("critical", "high", "normal", "low", "background");
        assertThat(result.handlers()).isEqualTo(5);
        assertThat(result.failures()).isZero();
        assertThat(result.vetoed()).isFalse();
    }

    @Test
    void equalPrioritiesRunInRegistrationOrder() {
        hooks.add(7, recording("seven"), props(PRE), PLUGIN_A);
        hooks.add(3, recording("three"), props(PRE), PLUGIN_B);
        hooks.add(5, recording("five"), props(PRE), PLUGIN_A);
        hooks.add(4, recording("inline-four"), props(PRE, "nexcage.hook.inline", true), CORE);

        for (int i = 0; i < 3; i++) {
            calls.clear();
            fire(PRE);
            assertThat(calls).containsExactly("three", "inline-four", "five", "seven");
        }
    }

    @Test
    void unknownPriorityRunsAtNormalAndIsReported() {
        hooks.add(1, recording("late"), props(PRE, HookHandler.PRIORITY, "low"), PLUGIN_A);
        hooks.add(2, recording("typo"), props(PRE, HookHandler.PRIORITY, "urgent"), PLUGIN_A);

        fire(PRE);

        assertThat(calls).containsExactly("typo", "late");
        assertThat(logged).anyMatch(l -> l.contains("'urgent' is not one of critical high normal low background"));
    }

    @Test
    void aHandlerPastItsTimeoutIsSkippedAndTheCallReturnsInBoundedTime() {
        hooks.add(1, hanging("hung"), props(PRE, HookHandler.TIMEOUT_MS, 100), PLUGIN_A);
        hooks.add(2, recording("after"), props(PRE), PLUGIN_B);

        long t0 = System.nanoTime();
        HookResult result = fire(PRE);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(ms).isBetween(90L, 2000L);
        assertThat(calls).containsExactly("hung", "after");
        assertThat(result.timeouts()).isEqualTo(1);
        assertThat(result.failures()).isEqualTo(1);
        assertThat(result.handlers()).isEqualTo(2);
        assertThat(result.vetoed()).isFalse();
        assertThat(hooks.hungThreads()).isEqualTo(1);
        assertThat(info(PRE, "a").timeouts()).isEqualTo(1);
        assertThat(logged).anyMatch(l -> l.contains("handler of plugin a did not finish within 100 ms"));
    }

    @Test
    void theCallerIsNeverBlockedPastTheSumOfTimeouts() {
        hooks.add(1, hanging("one"), props(POST, HookHandler.TIMEOUT_MS, 100), PLUGIN_A);
        hooks.add(2, hanging("two"), props(POST, HookHandler.TIMEOUT_MS, 150), PLUGIN_B);
        hooks.add(3, hanging("three"), props(POST, HookHandler.TIMEOUT_MS, 50), PLUGIN_B);

        long t0 = System.nanoTime();
        HookResult result = fire(POST);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(result.timeouts()).isEqualTo(3);
        assertThat(ms).isBetween(295L, 300L + 1000L);
    }

    @Test
    void eachRunAndEachTimeoutCountsInTheHandlersLatencyBuckets() {
        hooks.add(1, recording("x"), props(PRE), PLUGIN_A);
        hooks.add(2, hanging("h"), props(PRE, HookHandler.TIMEOUT_MS, 50), PLUGIN_B);
        fire(PRE);
        fire(PRE);

        assertThat(hooks.latencies()).hasSize(2).allSatisfy(l -> {
            assertThat(l.hook()).isEqualTo(PRE);
            assertThat(l.upperBounds()).containsExactly(HandlerStats.BOUNDS);
            assertThat(l.counts()).hasSize(HandlerStats.BOUNDS.length + 1);
            assertThat(java.util.Arrays.stream(l.counts()).sum()).isEqualTo(2);
        });
        // a timed-out run counts its whole timeout (50 ms): in the bucket up to 0.05 s
        HookLatency b = hooks.latencies().stream().filter(l -> l.plugin().equals("b")).findFirst().orElseThrow();
        assertThat(b.counts()[java.util.Arrays.binarySearch(HandlerStats.BOUNDS, 0.05)]).isEqualTo(2);
        assertThat(b.sumSeconds()).isEqualTo(0.1);
    }

    @Test
    void theTimeoutIsCappedByThePluginsTimeoutSeconds() {
        hooks.add(1, recording("x"), props(PRE, HookHandler.TIMEOUT_MS, 60_000), new Who("slowpoke", true, 2));
        hooks.add(2, recording("y"), props(PRE), new Who("quick", true, 1));
        hooks.add(3, recording("z"), props(PRE, HookHandler.TIMEOUT_MS, "250"), PLUGIN_A);

        assertThat(hooks.registrations()).extracting(HookRegistrationInfo::timeoutMs).containsExactly(2000L, 1000L, 250L);
    }

    @Test
    void aLateReturnOfAnAbandonedHandlerChangesNothing() throws Exception {
        hooks.add(1, ctx -> {
            release.await(30, TimeUnit.SECONDS);
            ctx.putMetadata("late", "yes");
            ctx.veto("too late");
        }, props(PRE, HookHandler.TIMEOUT_MS, 50), PLUGIN_A);

        HookResult result = fire(PRE);
        assertThat(result.vetoed()).isFalse();
        assertThat(result.metadata()).doesNotContainKey("late");

        assertThat(hooks.hungThreads()).isEqualTo(1);
        release.countDown();
        assertThat(lateReturn.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(hooks.hungThreads()).isZero();
        assertThat(info(PRE, "a").vetoes()).isZero();
    }

    @Test
    void aThrowingHandlerIsCountedAndTheOthersStillRun() {
        hooks.add(1, ctx -> {
            throw new IllegalArgumentException("boom");
        }, props(PRE), PLUGIN_A);
        hooks.add(2, recording("b"), props(PRE), PLUGIN_B);

        HookResult result = fire(PRE);

        assertThat(calls).containsExactly("b");
        assertThat(result.failures()).isEqualTo(1);
        assertThat(result.timeouts()).isZero();
        assertThat(result.vetoed()).isFalse();
        assertThat(info(PRE, "a").failures()).isEqualTo(1);
        assertThat(logged).anyMatch(l -> l.contains("hook container.pre_create: handler of plugin a failed (java.lang.IllegalArgumentException: boom)"));
    }

    @Test
    void aPreHookVetoStopsTheDispatch() {
        hooks.add(1, ctx -> ctx.veto("image not allowed"), props(PRE, HookHandler.PRIORITY, "high"), PLUGIN_A);
        hooks.add(2, recording("never"), props(PRE), PLUGIN_B);

        HookResult result = fire(PRE);

        assertThat(result.vetoed()).isTrue();
        assertThat(result.vetoedBy()).isEqualTo("a");
        assertThat(result.reason()).isEqualTo("image not allowed");
        assertThat(result.message()).isEqualTo("vetoed by a: image not allowed");
        assertThat(calls).isEmpty();
        assertThat(info(PRE, "a").vetoes()).isEqualTo(1);
    }

    @Test
    void postAndStatusHooksCannotBeVetoed() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        HookHandler tries = ctx -> {
            assertThat(ctx.vetoable()).isFalse();
            try {
                ctx.veto("no");
            } catch (IllegalStateException e) {
                thrown.set(e);
            }
        };
        hooks.add(1, tries, props(new String[] {POST, "container.status_changed"}), PLUGIN_A);
        hooks.add(2, recording("after"), props(new String[] {POST, "container.status_changed"}), PLUGIN_B);

        for (String hook : List.of(POST, "container.status_changed")) {
            calls.clear();
            HookResult result = fire(hook);
            assertThat(result.vetoed()).isFalse();
            assertThat(result.failures()).as("a refused veto counts as a failure").isEqualTo(1);
            assertThat(calls).containsExactly("after");
            assertThat(thrown.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot be vetoed: only pre_* hooks can");
        }
    }

    @Test
    void aFailClosedHandlersFailureIsAVeto() {
        hooks.add(1, ctx -> {
            throw new IllegalStateException("policy store down");
        }, props(PRE, HookHandler.FAIL_CLOSED, true), PLUGIN_A);
        hooks.add(2, recording("never"), props(PRE), PLUGIN_B);

        HookResult result = fire(PRE);

        assertThat(result.vetoed()).isTrue();
        assertThat(result.vetoedBy()).isEqualTo("a");
        assertThat(result.reason()).contains("fail-closed").contains("policy store down");
        assertThat(calls).isEmpty();
    }

    @Test
    void aFailClosedHandlersTimeoutIsAVeto() {
        hooks.add(1, hanging("hung"), props(PRE, HookHandler.FAIL_CLOSED, "true", HookHandler.TIMEOUT_MS, 50), PLUGIN_A);

        HookResult result = fire(PRE);

        assertThat(result.vetoed()).isTrue();
        assertThat(result.reason()).contains("did not finish within 50 ms");
        assertThat(result.timeouts()).isEqualTo(1);
    }

    @Test
    void aFailClosedFailureOnAPostHookIsOnlyAFailure() {
        hooks.add(1, ctx -> {
            throw new IllegalStateException("x");
        }, props(POST, HookHandler.FAIL_CLOSED, true), PLUGIN_A);

        HookResult result = fire(POST);

        assertThat(result.vetoed()).isFalse();
        assertThat(result.failures()).isEqualTo(1);
    }

    @Test
    void aHandlerFiringItsOwnHookDoesNotLoop() {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<HookResult> nested = new AtomicReference<>();
        hooks.add(1, ctx -> {
            runs.incrementAndGet();
            nested.set(hooks.fire(PRE, "a", Map.of()));
        }, props(PRE), PLUGIN_A);

        HookResult result = fire(PRE);

        assertThat(runs).hasValue(1);
        assertThat(result.failures()).isZero();
        assertThat(nested.get().suppressed()).isTrue();
        assertThat(nested.get().reason()).contains("fired again by a handler of plugin a");
        assertThat(logged).anyMatch(l -> l.contains("the nested fire was skipped"));
    }

    @Test
    void aChainOfHooksFiringEachOtherIsCut() {
        AtomicInteger runs = new AtomicInteger();
        hooks.add(1, ctx -> {
            runs.incrementAndGet();
            hooks.fire("x.b", "a", Map.of());
        }, props("x.a"), PLUGIN_A);
        hooks.add(2, ctx -> {
            runs.incrementAndGet();
            hooks.fire("x.a", "b", Map.of());
        }, props("x.b", "nexcage.hook.inline", true), CORE);

        fire("x.a");

        assertThat(runs).hasValue(2);
    }

    @Test
    void handlersSeeMetadataAddedByEarlierOnesAndTheCallerGetsItBack() {
        Map<String, String> given = new HashMap<>(Map.of("container_id", "web", "image", "busybox"));
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        hooks.add(1, ctx -> {
            ctx.putMetadata("scanned", "clean");
            ctx.putMetadata("image", null);
            assertThat(ctx.metadata("scanned")).hasValue("clean");
        }, props(PRE, HookHandler.PRIORITY, "high"), PLUGIN_A);
        hooks.add(2, ctx -> {
            throw new RuntimeException("its writes are dropped " + ctx.hookName());
        }, props(PRE, HookHandler.PRIORITY, "normal"), PLUGIN_A);
        hooks.add(3, ctx -> ctx.putMetadata("dropped", "x"), props(PRE, HookHandler.PRIORITY, "normal"), PLUGIN_A);
        hooks.add(4, ctx -> seen.set(ctx.metadata()), props(PRE, HookHandler.PRIORITY, "low"), PLUGIN_B);

        HookResult result = hooks.fire(PRE, "core", given);

        assertThat(seen.get()).containsEntry("scanned", "clean").containsEntry("container_id", "web").doesNotContainKey("image");
        assertThat(result.metadata()).containsEntry("scanned", "clean").containsEntry("dropped", "x");
        assertThat(given).containsEntry("image", "busybox").doesNotContainKey("scanned");
    }

    @Test
    void statisticsArePerHookAndPlugin() {
        hooks.add(1, recording("a"), props(new String[] {PRE, POST}), PLUGIN_A);
        hooks.add(2, ctx -> {
            throw new RuntimeException();
        }, props(PRE), PLUGIN_B);
        for (int i = 0; i < 50; i++) {
            fire(PRE);
        }
        fire(POST);

        HookRegistrationInfo a = info(PRE, "a");
        assertThat(a.executions()).isEqualTo(50);
        assertThat(a.failures()).isZero();
        assertThat(a.minMs()).isLessThanOrEqualTo(a.avgMs());
        assertThat(a.avgMs()).isLessThanOrEqualTo(a.maxMs());
        assertThat(a.p99Ms()).isLessThanOrEqualTo(a.maxMs()).isGreaterThanOrEqualTo(a.minMs());
        assertThat(a.priority()).isEqualTo("normal");
        assertThat(a.timeoutMs()).isEqualTo(5000);
        assertThat(a.enabled()).isTrue();
        assertThat(info(POST, "a").executions()).isEqualTo(1);
        assertThat(info(PRE, "b").failures()).isEqualTo(50);
        assertThat(hooks.registrations("a")).hasSize(2);
        assertThat(a.toJsonMap()).containsOnlyKeys("hook", "plugin", "priority", "timeout_ms", "fail_closed", "enabled",
                "executions", "failures", "timeouts", "vetoes", "min_ms", "avg_ms", "max_ms", "p99_ms");
    }

    @Test
    void anUnregisteredHandlerIsNoLongerCalled() {
        hooks.add(1, recording("a"), props(PRE), PLUGIN_A);
        hooks.add(2, recording("b"), props(PRE), PLUGIN_B);
        hooks.remove(1);
        hooks.remove(1);

        fire(PRE);

        assertThat(calls).containsExactly("b");
        assertThat(hooks.registrations()).extracting(HookRegistrationInfo::plugin).containsExactly("b");
    }

    @Test
    void aDisabledPluginsHandlersAreSkippedButListed() {
        hooks.setEnabled("a", false);
        hooks.add(1, recording("a"), props(PRE), PLUGIN_A);
        hooks.add(2, recording("b"), props(PRE), PLUGIN_B);

        fire(PRE);
        assertThat(calls).containsExactly("b");
        assertThat(info(PRE, "a").enabled()).isFalse();

        hooks.setEnabled("a", true);
        calls.clear();
        fire(PRE);
        assertThat(calls).containsExactly("a", "b");
    }

    @Test
    void inlineIsForRuntimeBundlesOnly() {
        AtomicReference<Thread> coreThread = new AtomicReference<>();
        AtomicReference<Thread> pluginThread = new AtomicReference<>();
        hooks.add(1, ctx -> coreThread.set(Thread.currentThread()), props(PRE, "nexcage.hook.inline", true), CORE);
        hooks.add(2, ctx -> pluginThread.set(Thread.currentThread()), props(PRE, "nexcage.hook.inline", true), PLUGIN_A);

        fire(PRE);

        assertThat(coreThread.get()).isSameAs(Thread.currentThread());
        assertThat(pluginThread.get()).isNotSameAs(Thread.currentThread());
        assertThat(logged).anyMatch(l -> l.contains("nexcage.hook.inline is only for runtime bundles"));
        assertThat(info(PRE, "nexcage.core").timeoutMs()).isZero();
    }

    @Test
    void aRuntimeBundleMayNameThePluginButAPluginMayNot() {
        hooks.add(1, recording("x"), props(PRE, "nexcage.hook.plugin", "hello"), CORE);
        hooks.add(2, recording("y"), props(PRE, "nexcage.hook.plugin", "hello"), PLUGIN_A);

        assertThat(hooks.registrations()).extracting(HookRegistrationInfo::plugin).containsExactly("hello", "a");
    }

    @Test
    void aServiceWithoutAHookIsRefusedAndABlankHookCannotBeFired() {
        assertThat(hooks.add(1, recording("x"), props(new String[0]), PLUGIN_A)).isFalse();
        assertThat(hooks.registrations()).isEmpty();
        assertThatThrownBy(() -> hooks.fire(" ", "core", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(hooks.fire("nobody.listens", null, null).handlers()).isZero();
    }

    private HookRegistrationInfo info(String hook, String plugin) {
        return hooks.registrations(plugin).stream().filter(i -> i.hook().equals(hook)).findFirst().orElseThrow();
    }
}
