package nexcage.core.internal.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import nexcage.api.HealthStatus;
import nexcage.api.integration.IntegrationExtension;
import nexcage.core.internal.integrations.IntegrationState.State;

/** One integration's connection: connect, health, reconnect with backoff, disconnect (DESIGN §5), driven by hand. */
class IntegrationLinkTest {

    /** A scheduler whose tasks run when the test says, in order, with their delays recorded. */
    static final class HandScheduler implements Scheduler {
        record Task(Runnable run, long delayMs, boolean[] cancelled) {
        }

        final List<Task> queue = new ArrayList<>();

        @Override
        public Cancel schedule(Runnable task, long delayMs) {
            Task t = new Task(task, delayMs, new boolean[1]);
            queue.add(t);
            return () -> t.cancelled[0] = true;
        }

        long runNext() {
            Task t = queue.remove(0);
            if (!t.cancelled[0]) {
                t.run.run();
            }
            return t.delayMs;
        }
    }

    /** An integration that records its calls and fails as told. */
    static final class Fake implements IntegrationExtension {
        final List<String> calls = new ArrayList<>();
        int connectFailures;
        HealthStatus health = HealthStatus.HEALTHY;

        public String name() {
            return "metrics-sink";
        }

        public String description() {
            return "a sink";
        }

        public String version() {
            return "1.2.0";
        }

        public void connect() throws Exception {
            calls.add("connect");
            if (connectFailures > 0) {
                connectFailures--;
                throw new java.io.IOException("refused");
            }
        }

        public void disconnect() {
            calls.add("disconnect");
        }

        public HealthStatus healthCheck() {
            calls.add("health");
            return health;
        }

        public Map<String, Object> sendRequest(Map<String, Object> request) {
            calls.add("send");
            return Map.of("echo", request);
        }
    }

    private final Fake fake = new Fake();
    private final HandScheduler scheduler = new HandScheduler();
    private final List<String> entries = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();
    private final PluginCaller caller = new PluginCaller() {
        @Override
        public <T> T call(String entry, String what, Callable<T> call) throws Exception {
            entries.add(entry);
            try {
                return call.call();
            } catch (Exception e) {
                throw new Exception(what + " threw " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        }
    };
    private final IntegrationLink link = new IntegrationLink(fake, "metrics-sink", "sinker", caller, scheduler,
            (before, now) -> changes.add(now.state().id() + "/" + now.health()));

    @Test
    void itConnectsThenChecksItsHealthOnTheSchedule() throws Exception {
        assertThat(link.state()).isEqualTo(new IntegrationState("metrics-sink", "sinker", State.CONNECTING, "unknown", null, "1.2.0", "a sink"));
        link.start();
        assertThat(scheduler.runNext()).isZero();
        assertThat(link.state().state()).isEqualTo(State.CONNECTED);
        assertThat(scheduler.runNext()).isEqualTo(IntegrationLink.HEALTH_EVERY_MS);
        assertThat(link.state().health()).isEqualTo("healthy");
        assertThat(scheduler.queue).singleElement().extracting(HandScheduler.Task::delayMs).isEqualTo(IntegrationLink.HEALTH_EVERY_MS);
        assertThat(fake.calls).containsExactly("connect", "health");
        assertThat(entries).containsExactly("integration:connect", "integration:health");
        assertThat(link.send(Map.of("q", 1))).isEqualTo(Map.of("echo", Map.of("q", 1)));
        assertThat(entries).endsWith("integration:send");
    }

    @Test
    void aFailedConnectIsRetriedWithADoublingWait() {
        fake.connectFailures = 3;
        link.start();
        scheduler.runNext();
        assertThat(link.state().state()).isEqualTo(State.FAILED);
        assertThat(link.state().reason()).isEqualTo("connect of integration metrics-sink threw IOException: refused; connecting again in 1 s");
        assertThat(scheduler.runNext()).isEqualTo(1_000);
        assertThat(scheduler.runNext()).isEqualTo(2_000);
        assertThat(scheduler.runNext()).isEqualTo(4_000);
        assertThat(link.state().state()).isEqualTo(State.CONNECTED);
        assertThat(link.state().reason()).isNull();
        assertThat(fake.calls).containsExactly("connect", "connect", "connect", "connect");
        assertThat(changes).containsExactly("failed/unknown", "connecting/unknown", "failed/unknown", "connecting/unknown", "failed/unknown",
                "connecting/unknown", "connected/unknown");
    }

    @Test
    void anUnhealthyAnswerDisconnectsAndConnectsAgain() {
        link.start();
        scheduler.runNext();
        fake.health = HealthStatus.UNHEALTHY;
        scheduler.runNext();
        assertThat(link.state().state()).isEqualTo(State.FAILED);
        assertThat(link.state().health()).isEqualTo("unhealthy");
        assertThat(link.state().reason()).isEqualTo("its health check answered unhealthy; connecting again in 1 s");
        fake.health = HealthStatus.DEGRADED;
        assertThat(scheduler.runNext()).isEqualTo(1_000);
        scheduler.runNext();
        assertThat(link.state().state()).isEqualTo(State.CONNECTED);
        assertThat(link.state().health()).isEqualTo("degraded");
        assertThat(fake.calls).containsExactly("connect", "health", "disconnect", "connect", "health");
    }

    @Test
    void sendingWhileNotConnectedSaysWhy() {
        fake.connectFailures = 1;
        link.start();
        scheduler.runNext();
        assertThatThrownBy(() -> link.send(Map.of())).hasMessageStartingWith("integration metrics-sink is failed (connect of integration")
                .hasMessageEndingWith("; see nexcage integration list");
    }

    @Test
    void stoppingDisconnectsAConnectedOneAndCancelsWhatWasScheduled() {
        link.start();
        scheduler.runNext();
        link.stop("its plugin stopped");
        assertThat(link.state().state()).isEqualTo(State.DISCONNECTED);
        assertThat(link.state().reason()).isEqualTo("its plugin stopped");
        scheduler.runNext();
        assertThat(fake.calls).containsExactly("connect", "disconnect");
    }

    @Test
    void stoppingAFailedOneNeedsNoDisconnect() {
        fake.connectFailures = 1;
        link.start();
        scheduler.runNext();
        link.stop("the daemon stopped");
        scheduler.runNext();
        assertThat(fake.calls).containsExactly("connect");
    }

    @Test
    void theWaitDoublesFromOneSecondUpToAMinute() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 20).stream().map(Backoff::delayMs))
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L);
    }
}
