package nexcage.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nexcage.api.security.SecurityExtension;
import nexcage.core.internal.plugins.Timed;
import nexcage.core.internal.testing.RecordingAccounting;

class SecurityGateTest {
    private static final Map<String, String> ALICE = Map.of("source", "cli", "uid", "1000", "user", "alice");

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final RecordingAccounting accounting = new RecordingAccounting();
    private final SecurityGate gate = new SecurityGate(new Timed(executor, accounting));
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdownNow();
    }

    /** Proves the credentials' user, allows what {@code allows} accepts, records every call. */
    private class Recording implements SecurityExtension {
        final String name;
        final Predicate<String> allows;

        Recording(String name, Predicate<String> allows) {
            this.name = name;
            this.allows = allows;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String authenticate(Map<String, String> credentials) throws Exception {
            calls.add(name + " authenticate " + credentials.get("user"));
            return credentials.get("user");
        }

        @Override
        public boolean authorize(String principal, String action, String resource) throws Exception {
            calls.add(name + " authorize " + principal + " " + action + " " + resource);
            return allows.test(resource);
        }

        @Override
        public void audit(String principal, String action, String resource, boolean allowed) throws Exception {
            calls.add(name + " audit " + allowed);
        }
    }

    private void add(SecurityExtension e, String plugin, int ranking, long id) {
        gate.add(new SecurityGate.Extension(e, e.name(), plugin, 1, ranking, id));
    }

    @Test
    void withNoExtensionNothingIsAskedAndTheCheckCostsNothingNoticeable() throws Exception {
        assertThat(gate.active()).isFalse();
        long start = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++) {
            gate.check(ALICE, "container.create", "web1 busybox");
        }
        long perCheckNanos = (System.nanoTime() - start) / 1_000_000;
        // an empty list's loop; a generous bound so a busy machine does not fail it, far below a backend call's milliseconds
        assertThat(perCheckNanos).isLessThan(2_000);
        assertThat(accounting.events).isEmpty();
    }

    @Test
    void eachExtensionIsAskedInRankingOrderThenServiceOrderAndAuditsItsAnswer() throws Exception {
        add(new Recording("low", r -> true), "p-low", 0, 5);
        add(new Recording("high", r -> true), "p-high", 10, 9);
        add(new Recording("older", r -> true), "p-older", 0, 2);
        gate.check(ALICE, "container.create", "web1 busybox");
        assertThat(calls).containsExactly(
                "high authenticate alice", "high authorize alice container.create web1 busybox", "high audit true",
                "older authenticate alice", "older authorize alice container.create web1 busybox", "older audit true",
                "low authenticate alice", "low authorize alice container.create web1 busybox", "low audit true");
        assertThat(accounting.events).contains("begin p-high security:authenticate", "end p-high security:authorize ok",
                "end p-low security:audit ok");
    }

    @Test
    void aRefusalNamesTheExtensionAuditsItAndAsksNoFurther() {
        add(new Recording("image-policy", r -> r.endsWith("nexcage-test/busybox")), "image-policy", 5, 1);
        add(new Recording("later", r -> true), "later", 0, 2);
        assertThatThrownBy(() -> gate.check(ALICE, "container.create", "web1 busybox")).isInstanceOf(SecurityGate.Refused.class)
                .hasMessageStartingWith("refused by security extension image-policy (plugin image-policy) as it does not allow alice "
                        + "container.create on web1 busybox; change its policy or remove it with 'nexcage plugin remove image-policy'");
        assertThat(calls).containsExactly("image-policy authenticate alice", "image-policy authorize alice container.create web1 busybox",
                "image-policy audit false");
    }

    @Test
    void noPrincipalRefuses() {
        add(new Recording("anyone", r -> true) {
            @Override
            public String authenticate(Map<String, String> credentials) {
                return null;
            }
        }, "strict", 0, 1);
        assertThatThrownBy(() -> gate.check(ALICE, "container.start", "web1 busybox"))
                .hasMessageContaining("security extension anyone (plugin strict) as it proved no principal from the credentials "
                        + "[source=cli, uid=1000, user=alice]");
    }

    @Test
    void anExtensionThatThrowsRefusesFailingClosed() {
        add(new Recording("broken", r -> true) {
            @Override
            public boolean authorize(String principal, String action, String resource) {
                throw new IllegalStateException("policy file missing");
            }
        }, "broken", 0, 1);
        assertThatThrownBy(() -> gate.check(ALICE, "container.delete", "web1 busybox"))
                .hasMessageStartingWith("refused by security extension broken (plugin broken) failing closed: its authorize call threw "
                        + "IllegalStateException: policy file missing");
        assertThat(accounting.events).contains("end broken security:authorize failed");
    }

    @Test
    void anAuditThatFailsRefusesWhatWasAllowed() {
        add(new Recording("recorder", r -> true) {
            @Override
            public void audit(String principal, String action, String resource, boolean allowed) {
                throw new IllegalStateException("disk full");
            }
        }, "recorder", 0, 1);
        assertThatThrownBy(() -> gate.check(ALICE, "container.run", "web1 busybox"))
                .hasMessageContaining("failing closed: its audit call threw IllegalStateException: disk full");
    }

    @Test
    void aHungExtensionRefusesWithinItsPluginsTimeout() {
        add(new Recording("slow", r -> true) {
            @Override
            public boolean authorize(String principal, String action, String resource) throws Exception {
                release.await(30, TimeUnit.SECONDS);
                return true;
            }
        }, "slow", 0, 1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> gate.check(ALICE, "container.exec", "web1 busybox"))
                .hasMessageContaining("refused by security extension slow (plugin slow) failing closed: its authorize call did not return in 1 s");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        assertThat(accounting.events).anyMatch(e -> e.startsWith("timeout slow security:authorize"));
    }

    @Test
    void aRemovedExtensionIsNoLongerAsked() throws Exception {
        Recording denyAll = new Recording("deny", r -> false);
        add(denyAll, "deny", 0, 1);
        assertThat(gate.active()).isTrue();
        gate.remove(denyAll);
        assertThat(gate.active()).isFalse();
        gate.check(ALICE, "container.create", "web1 busybox");
        assertThat(calls).isEmpty();
    }
}
