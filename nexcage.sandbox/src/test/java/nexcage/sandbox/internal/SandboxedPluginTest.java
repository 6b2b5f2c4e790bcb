package nexcage.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;

import nexcage.api.ResourceRequirements;
import nexcage.core.admin.SandboxRunner;
import nexcage.sandbox.bridge.BridgeLink;
import nexcage.sandbox.bridge.ChildCommand;
import nexcage.sandbox.bridge.SandboxBridge;
import nexcage.sandbox.internal.isolation.HostTools;

/**
 * One sandboxed plugin's life against a small process of its own instead of a child JVM (the
 * bridge faked: it links at once): a death is reported with its reason and followed by a restart,
 * the last one leaves it failed, and a stop ends the child without a death. Without the isolation's
 * tools, so it runs anywhere.
 */
class SandboxedPluginTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService launcher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "nexcage-sandbox-launcher"));
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @AfterEach
    void end() {
        launcher.shutdownNow();
    }

    private static <T> T nothing(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> null));
    }

    private SandboxedPlugin plugin(int restarts, String script) {
        return plugin(restarts, script, false);
    }

    private SandboxedPlugin plugin(int restarts, String script, boolean requireComplete) {
        SandboxBridge bridge = new SandboxBridge() {
            @Override
            public ChildCommand childCommand(String plugin, Path jar, Path socket, Path dataDir, Path tmpDir) {
                return new ChildCommand(List.of("/bin/sh", "-c", script), Map.of(), List.of(), List.of());
            }

            @Override
            public BridgeLink open(String plugin, Path socket, BundleContext stub, Duration timeout) {
                return new BridgeLink() {
                    @Override
                    public boolean alive() {
                        return true;
                    }

                    @Override
                    public void close() {
                        events.add("link closed");
                    }

                    @Override
                    public void onClosed(Runnable r) {
                    }
                };
            }
        };
        SandboxRunner.Events ev = new SandboxRunner.Events() {
            @Override
            public void died(String reason, boolean isFinal) {
                events.add((isFinal ? "final: " : "died: ") + reason);
            }

            @Override
            public void restarted() {
                events.add("restarted");
            }
        };
        SandboxRunner.Sandboxed spec = new SandboxRunner.Sandboxed("p", dir.resolve("p.jar"), dir.resolve("data"), dir.resolve("run"),
                ResourceRequirements.DEFAULTS, Set.of(), restarts, requireComplete);
        HostTools none = new HostTools(null, null, null, "none here", null, "none here");
        return new SandboxedPlugin(spec, nothing(Bundle.class), ev, bridge, none, launcher, nothing(Logger.class));
    }

    private String next() throws InterruptedException {
        String e = events.poll(20, TimeUnit.SECONDS);
        assertThat(e).as("an event within 20 s").isNotNull();
        return e;
    }

    @Test
    void aDeadChildIsRestartedThenLeftFailed() throws Exception {
        SandboxedPlugin p = plugin(1, "sleep 0.5; echo 'it broke' >&2; exit 7");
        p.start();
        assertThat(next()).isEqualTo("link closed");
        assertThat(next()).isEqualTo("died: its child process crashed with exit status 7: it broke; restarting it in 1 s (restart 1 of 1)");
        assertThat(next()).isEqualTo("restarted");
        assertThat(next()).isEqualTo("link closed");
        assertThat(next()).isEqualTo("final: its child process crashed with exit status 7: it broke; not restarted again after 1 restarts");
        assertThat(p.status().pid()).isEqualTo(-1);
        assertThat(p.status().restarts()).isEqualTo(1);
        assertThat(p.status().notApplied()).anyMatch(s -> s.startsWith("namespaces, read-only root"));
    }

    @Test
    void aStopIsNoDeath() throws Exception {
        SandboxedPlugin p = plugin(3, "exec sleep 60");
        p.start();
        long pid = p.status().pid();
        assertThat(pid).isPositive();
        p.stop();
        assertThat(next()).isEqualTo("link closed");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(events.poll(1500, TimeUnit.MILLISECONDS)).as("no death reported for a stop").isNull();
    }

    @Test
    void requireSandboxRefusesAnIncompleteOneNamingWhatIsMissing() {
        SandboxedPlugin p = plugin(3, "exec sleep 60", true);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(p::start)).hasMessageStartingWith(
                "refused to start it: runtime.security.require_sandbox is true and on this host its sandbox lacks memory, CPU and pids limits (none here)")
                .hasMessageContaining("apt-get install bubblewrap").hasMessageEndingWith("install what is missing or set require_sandbox: false");
        assertThat(p.status().pid()).isEqualTo(-1);
    }
}
