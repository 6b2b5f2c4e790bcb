package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import nexcage.backend.docker.Failures.Op;

/**
 * A connection the engine drops (a failed health check on another thread) between a call's
 * {@code connection()} and its first request: the call must not make docker-java's clients on it,
 * since the engine has forgotten it and nothing would ever close them.
 */
class DroppedConnectionTest {

    @Test
    void aClosedConnectionMakesNoClients() {
        try (Engine engine = new Engine(URI.create("unix:///nonexistent/docker.sock"), EngineHttp.ANSWER_TIMEOUT)) {
            EngineConnection c = new EngineConnection(engine, "20.10", "1.41", true);
            c.close();
            assertThatThrownBy(c::api).isInstanceOf(EngineConnection.Dropped.class);
            assertThatThrownBy(c::http).isInstanceOf(EngineConnection.Dropped.class);
            assertThat(c.holdsClients()).isFalse();
        }
    }

    @Test
    void aCallWhoseConnectionIsDroppedBeforeItsFirstRequestRunsOnAFreshOneAndLeavesNoClientsOpen() throws Exception {
        RealEngine.backend(); // fails with the reason when no engine answers
        try (Engine engine = new Engine(URI.create(DockerBackend.defaultHost()), EngineHttp.ANSWER_TIMEOUT)) {
            List<EngineConnection> used = new ArrayList<>();
            // not repeatable, as a create is: nothing was sent on the dropped connection, so running it again is safe
            int seen = EngineCalls.call(engine, Op.LIST, null, null, false, c -> {
                used.add(c);
                if (used.size() == 1) {
                    engine.drop(c); // what a failed health check does, here at the worst moment
                }
                return c.api().listContainersCmd().withShowAll(true).exec().size();
            });
            assertThat(seen).isNotNegative();
            assertThat(used).as("the call ran again on a fresh connection").hasSize(2);
            assertThat(used.get(0).holdsClients()).as("docker-java clients on the dropped connection, which nothing closes").isFalse();
            assertThat(used.get(1)).isSameAs(engine.peek());
            assertThat(used.get(1).holdsClients()).isTrue();
        }
    }

    @Test
    void aCallItsCallerInterruptedKeepsTheSharedConnection() throws Exception {
        RealEngine.backend();
        try (Engine engine = new Engine(URI.create(DockerBackend.defaultHost()), EngineHttp.ANSWER_TIMEOUT)) {
            List<EngineConnection> used = new ArrayList<>();
            try {
                // what Ctrl-C on an attached run does: the interrupt closes the socket being read
                assertThatThrownBy(() -> EngineCalls.call(engine, Op.LIST, null, null, true, c -> {
                    used.add(c);
                    c.api().listContainersCmd().withShowAll(true).exec();
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(new java.io.IOException("Socket closed"));
                })).isInstanceOf(nexcage.api.backend.BackendException.class).hasMessageContaining("interrupted");
            } finally {
                Thread.interrupted();
            }
            assertThat(used).as("an interrupted call is not repeated").hasSize(1);
            assertThat(engine.peek()).as("the connection other runs share is kept").isSameAs(used.get(0));
            assertThat(used.get(0).holdsClients()).isTrue();
        }
    }
}
