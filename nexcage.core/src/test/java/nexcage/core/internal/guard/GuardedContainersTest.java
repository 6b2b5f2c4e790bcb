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
import nexcage.core.internal.security.SecurityGate;

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

    /** A gate with no extension registered: it never calls into anything. */
    static final SecurityGate NO_EXTENSIONS = new SecurityGate(null);

    private final RecordingService service = new RecordingService();
    private final RecordingAccounting accounting = new RecordingAccounting();

    @Test
    void eachOperationChecksItsCapabilityFirstAndDoesNothingWhenDenied() {
        FakeGuard guard = new FakeGuard();
        GuardedContainers c = new GuardedContainers(FakeGuard.plugin("p"), guard, service, accounting, NO_EXTENSIONS);
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
        GuardedContainers c = new GuardedContainers(FakeGuard.plugin("p"), guard, service, accounting, NO_EXTENSIONS);
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
    void aSecurityExtensionIsToldThePluginAndTheImageAndItsRefusalChangesNothing() {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            SecurityGate gate = new SecurityGate(new nexcage.core.internal.plugins.Timed(pool, accounting));
            List<String> asked = new ArrayList<>();
            gate.add(new SecurityGate.Extension(new nexcage.api.security.SecurityExtension() {
                @Override
                public String name() {
                    return "image-policy";
                }

                @Override
                public String authenticate(Map<String, String> credentials) {
                    return credentials.get("user");
                }

                @Override
                public boolean authorize(String principal, String action, String resource) {
                    asked.add(principal + " " + action + " " + resource);
                    return resource.endsWith(" nexcage-test/busybox");
                }

                @Override
                public void audit(String principal, String action, String resource, boolean allowed) {
                }
            }, "image-policy", "image-policy", 5, 0, 1));
            GuardedContainers c = new GuardedContainers(FakeGuard.plugin("p"), new FakeGuard(Capability.values()), service, accounting, gate);
            assertThat(c.create("web1", "nexcage-test/busybox", List.of(), null).id()).isEqualTo("web1");
            assertThatThrownBy(() -> c.create("web2", "busybox", List.of(), null)).isInstanceOf(ContainerOperationException.class)
                    .hasMessageStartingWith("web2: refused by security extension image-policy (plugin image-policy) as it does not allow "
                            + "plugin:p container.create on web2 busybox");
            // an existing container is told by its image, looked up first (the fake's are busybox)
            assertThatThrownBy(() -> c.start("web3")).hasMessageContaining("container.start on web3 busybox");
            assertThat(asked).containsExactly("plugin:p container.create web1 nexcage-test/busybox", "plugin:p container.create web2 busybox",
                    "plugin:p container.start web3 busybox");
            assertThat(service.calls).containsExactly("create web1 nexcage-test/busybox [] null", "info web3");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachCallIsChargedToTheCallingPluginAndADeniedOneIsItsError() {
        GuardedContainers c = new GuardedContainers(FakeGuard.plugin("p"), new FakeGuard(Capability.CONTAINER_LIST), service, accounting, NO_EXTENSIONS);
        c.list(false);
        assertThatThrownBy(() -> c.start("a")).isInstanceOf(CapabilityDeniedException.class);
        assertThat(accounting.events).containsExactly("begin p service:containers.list", "end p service:containers.list ok",
                "begin p service:containers.start", "end p service:containers.start failed");
    }

    @Test
    void execKeepsAtMostOneMebibyteOfEachOutput() {
        GuardedContainers c = new GuardedContainers(FakeGuard.plugin("p"), new FakeGuard(Capability.CONTAINER_EXEC), service, accounting, NO_EXTENSIONS);
        ExecResult r = c.exec("a", List.of("yes"));
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.stdout()).hasSize(CappedOutput.MIB);
        assertThat(r.stderr()).isEqualTo("oops");
    }

    @Test
    void failuresOfTheLayerCarryItsSentenceAndBadInputIsRefusedBeforeIt() {
        GuardedContainers c = new GuardedContainers(FakeGuard.plugin("p"), new FakeGuard(Capability.values()), service, accounting, NO_EXTENSIONS);
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
