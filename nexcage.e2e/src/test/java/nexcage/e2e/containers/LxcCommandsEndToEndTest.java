package nexcage.e2e.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import nexcage.e2e.Nexcage;

/**
 * The backend cases on the lxc backend, the system plugin lxc-0.8.0 (real LXC: root and Debian's
 * lxc), with the busybox root file system imported by {@code nexcage image import}. None of the
 * opt-outs is taken ({@code keepsImages()} and {@code supportsNetworkNone()} stay true): LXC runs
 * every case as Docker does, and the shipped plugin passes its own bytecode audit. Its containers
 * live in the daemon's state directory (the plugin's data directory), so they go with it; any a
 * failed case left running is stopped after the daemon.
 */
class LxcCommandsEndToEndTest extends BackendCommandsEndToEnd {

    private Path lxcpath;

    @Override
    protected String backendName() {
        return "lxc";
    }

    @Override
    protected void beforeDaemonStart(Nexcage nx) {
        lxcpath = nx.socket().getParent().resolve("data/lxc/containers");
    }

    @Override
    protected String prepareImage(Nexcage nx) throws Exception {
        return importImage("nexcage-test/busybox:latest");
    }

    @Test
    @Order(20)
    void theShippedPluginPassesItsAudit() {
        Nexcage.Result audit = nx.run("plugin", "audit", "lxc");
        assertThat(audit.exit()).as(audit.toString()).isZero();
    }

    /** Kills the lxc monitors of this daemon's lxcpath that a failed case left (their containers die with them). */
    @Override
    protected void afterDaemonStop(Nexcage nx) throws IOException {
        if (lxcpath == null) {
            return;
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                String cmd;
                try {
                    cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (IOException gone) {
                    continue;
                }
                if (cmd.contains(lxcpath.toString()) && (cmd.startsWith("[lxc monitor]") || cmd.contains("lxc-execute"))) {
                    new ProcessBuilder(List.of("kill", "-9", p.getFileName().toString())).start();
                }
            }
        }
    }
}
