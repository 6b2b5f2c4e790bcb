package nexcage.core.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexcage.core.internal.testing.RecordingAccounting;

import nexcage.api.Capability;
import nexcage.api.CapabilityDeniedException;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.containers.ContainerOperationException;
import nexcage.api.containers.ExecResult;
import nexcage.core.internal.containers.ContainerFailure;
import nexcage.core.internal.containers.ContainerService;

class GuardedContainersTest {

    /** Records what reached the container layer; {@code fail} makes every call fail as the layer would. */
    static final class RecordingService implements ContainerService {
        final List<String> calls = new ArrayList<>();
        String fail;

        private void note(String call) throws ContainerFailure {
            calls.add(call);
            if (fail != null) {
                throw new ContainerFailure(1, fail);
            }
        }

        private static ContainerInfo info(String id) {
            return new ContainerInfo(id, "e-" + id, "busybox", nexcage.api.backend.ContainerStatus.CREATED, "docker", java.time.Instant.EPOCH, 0, null, Map.of());
        }

        @Override
        public ContainerInfo create(NewContainer c) throws ContainerFailure {
            note("create " + c.id() + " " + c.image() + " " + c.command() + " " + c.backend());
            return info(c.id());
        }

        @Override
        public ContainerInfo runDetached(NewContainer c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int runAttached(NewContainer c, Client client) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void start(Target t) throws ContainerFailure {
            note("start " + t.id());
        }

        @Override
        public void stop(Target t, int seconds) throws ContainerFailure {
            note("stop " + t.id() + " " + seconds);
        }

        @Override
        public void kill(Target t, String signal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(Target t, boolean force) throws ContainerFailure {
            note("delete " + t.id() + " " + force);
        }

        @Override
        public List<Found> list(String backend, boolean all) throws ContainerFailure {
            note("list " + all);
            return List.of(new Found("docker", info("a")));
        }

        @Override
        public Found info(Target t) throws ContainerFailure {
            note("info " + t.id());
            return new Found("docker", info(t.id()));
        }

        @Override
        public int exec(Target t, List<String> command, Client client) throws ContainerFailure {
            note("exec " + t.id() + " " + command);
            assertThat(client.signals().hungUp()).isFalse();
            client.out().write("x".repeat(2 * CappedOutput.MIB).getBytes(StandardCharsets.UTF_8), 0, 2 * CappedOutput.MIB);
            client.err().print("oops");
            return 7;
        }

        @Override
        public void logs(Target t, boolean follow, int tail, Client client) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void requireBackend(String backend) {
        }

        @Override
        public List<BackendState> backends() {
            return List.of();
        }
    }

    private final RecordingService service = new RecordingService();
    private final RecordingAccounting accounting = new RecordingAccounting();

    @Test
    void eachOperationChecksItsCapabilityFirstAndDoesNothingWhenDenied() {
        FakeGuard guard = new FakeGuard();
        GuardedContainers c = new GuardedContainers(FakeGuard.plugin("p"), guard, service, accounting);
        List<Runnable> ops = List.of(() -> c.list(false), () -> c.info("a"), () -> c.create("a", "busybox", List.of("true"), null),
                () -> c.start("a"), () -> c.stop("a", 1), () -> c.delete("a", false), () -> c.exec("a", List.of("ls")));
        for (Runnable op : ops) {
            assertThatThrownBy(op::run).isInstanceOf(CapabilityDeniedException.class).hasMessageContaining("plugin p may not containers.");
        }
        assertThat(guard.denied).containsExactly("container_list containers.list", "container_info containers.info",
                "container_create containers.create", "container_start containers.start", "container_stop containers.stop",
                "container_delete containers.delete", "container_exec containers.exec");
        assertThat(service.calls).isEmpty();
    }

    @Test
    void withItsCapabilityEachOperationReachesTheContainerLayer() {
        FakeGuard guard = new FakeGuard(Capability.values());
        GuardedContainers c = new GuardedContainers(FakeGuard.plugin("p"), guard, service, accounting);
        assertThat(c.list(true)).extracting(ContainerInfo::id).containsExactly("a");
        assertThat(c.info("a").id()).isEqualTo("a");
        assertThat(c.create("web1", "busybox:latest", List.of("sleep", "9"), null).id()).isEqualTo("web1");
        c.start("web1");
        c.stop("web1", 3);
        c.delete("web1", true);
        assertThat(service.calls).containsExactly("list true", "info a", "create web1 busybox:latest [sleep, 9] null", "start web1",
                "stop web1 3", "delete web1 true");
    }

    @Test
    void eachCallIsChargedToTheCallingPluginAndADeniedOneIsItsError() {
        GuardedContainers c = new GuardedContainers(FakeGuard.plugin("p"), new FakeGuard(Capability.CONTAINER_LIST), service, accounting);
        c.list(false);
        assertThatThrownBy(() -> c.start("a")).isInstanceOf(CapabilityDeniedException.class);
        assertThat(accounting.events).containsExactly("begin p service:containers.list", "end p service:containers.list ok",
                "begin p service:containers.start", "end p service:containers.start failed");
    }

    @Test
    void execKeepsAtMostOneMebibyteOfEachOutput() {
        GuardedContainers c = new GuardedContainers(FakeGuard.plugin("p"), new FakeGuard(Capability.CONTAINER_EXEC), service, accounting);
        ExecResult r = c.exec("a", List.of("yes"));
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.stdout()).hasSize(CappedOutput.MIB);
        assertThat(r.stderr()).isEqualTo("oops");
    }

    @Test
    void failuresOfTheLayerCarryItsSentenceAndBadInputIsRefusedBeforeIt() {
        GuardedContainers c = new GuardedContainers(FakeGuard.plugin("p"), new FakeGuard(Capability.values()), service, accounting);
        assertThatThrownBy(() -> c.create("a", "bad image!", List.of(), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image");
        assertThatThrownBy(() -> c.start("no/such")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.exec("a", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(service.calls).isEmpty();
        service.fail = "container.pre_start vetoed by plugin policy: not today";
        assertThatThrownBy(() -> c.start("a")).isInstanceOf(ContainerOperationException.class)
                .hasMessage("container.pre_start vetoed by plugin policy: not today");
    }
}
