package nexcage.sandbox.internal.life;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.sandbox.internal.isolation.HostTools;
import nexcage.sandbox.internal.isolation.Isolation;
import nexcage.sandbox.internal.isolation.IsolationRequest;
import nexcage.sandbox.internal.isolation.SandboxLimits;

/**
 * The isolation with the host's real tools (bubblewrap, cgroups, prlimit, python3-seccomp), on
 * small processes: runs as root where bubblewrap and a cgroup hierarchy are (this machine, CI);
 * skipped elsewhere.
 */
class IsolatedChildRealTest {
    static HostTools tools;
    static final String PY = "/usr/bin/python3";

    @TempDir
    Path dir;

    @BeforeAll
    static void probe(@TempDir Path state) {
        tools = HostTools.probe(Path.of("/sys/fs/cgroup"), state);
    }

    private void assumeHost() {
        assumeTrue("root".equals(System.getProperty("user.name")) && tools.bwrap() != null && tools.cgroups() != null,
                "needs root, bubblewrap and a cgroup hierarchy");
    }

    private record Run(Death death, List<String> out, List<String> err) {
        String all() {
            return String.join("\n", out) + "\n" + String.join("\n", err);
        }
    }

    private Run run(SandboxLimits limits, boolean network, String... argv) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("sock"));
        IsolationRequest r = new IsolationRequest("t", List.of(argv), Map.of(), List.of(), List.of(), dir.resolve("data"), dir.resolve("tmp"),
                dir.resolve("sock"), network, limits);
        Isolation.Wrapped w = Isolation.wrap(r, tools, "test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        ChildProcess c = ChildProcess.start(w, out::add, err::add);
        Death d = c.death().get(60, TimeUnit.SECONDS);
        assertThat(Files.exists(w.cgroup().path())).as("the cgroup is removed when the child ends").isFalse();
        return new Run(d, out, err);
    }

    private static SandboxLimits limits(long memoryMb, int pids, int nofile) {
        return new SandboxLimits((int) memoryMb, memoryMb * 1024 * 1024, 50, pids, pids, nofile, nofile);
    }

    @Test
    void theRootIsReadOnlyWhileTheDataDirAndPrivateTmpAreWritable() throws Exception {
        assumeHost();
        Run r = run(limits(256, 64, 64), false, "/bin/sh", "-c",
                "touch /etc/nexcage-sandbox-test; echo data; touch " + dir.resolve("data/ok") + " && echo data-ok; touch /tmp/x && echo tmp-ok");
        assertThat(r.all()).contains("Read-only file system", "data-ok", "tmp-ok");
        assertThat(Path.of("/etc/nexcage-sandbox-test")).doesNotExist();
        assertThat(dir.resolve("tmp/x")).exists();
    }

    @Test
    void withoutNetworkItCannotReachALocalListener() throws Exception {
        assumeHost();
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String connect = "import socket\ntry:\n  socket.create_connection(('127.0.0.1', " + listener.getLocalPort()
                    + "), 2); print('connected')\nexcept OSError as e: print('refused', e)";
            assertThat(run(limits(256, 64, 64), false, PY, "-c", connect).all()).contains("refused").doesNotContain("connected");
            assertThat(run(limits(256, 64, 64), true, PY, "-c", connect).all()).contains("connected");
        }
    }

    @Test
    void memoryPastTheLimitIsAnOomKill() throws Exception {
        assumeHost();
        Run r = run(limits(48, 64, 64), false, PY, "-c", "a = bytearray(400 * 1024 * 1024); print('allocated')");
        assertThat(r.death().oomKilled()).as(r.all()).isTrue();
        assertThat(r.death().reason(48)).isEqualTo("killed: its memory limit of 48 MB was exceeded");
        assertThat(r.all()).doesNotContain("allocated");
    }

    @Test
    void aThreadBombStopsAtThePidsLimit() throws Exception {
        assumeHost();
        String bomb = "import threading, time\nn = 0\ntry:\n  for i in range(500):\n"
                + "    threading.Thread(target=time.sleep, args=(3,), daemon=True).start(); n += 1\nexcept RuntimeError as e: pass\nprint('threads', n)";
        Run r = run(limits(256, 40, 64), false, PY, "-c", bomb);
        String line = r.out().stream().filter(l -> l.startsWith("threads ")).findFirst().orElseThrow(() -> new AssertionError(r.all()));
        assertThat(Integer.parseInt(line.substring(8))).isLessThan(40);
    }

    @Test
    void openFilesAreLimitedAndSeccompIsLoaded() throws Exception {
        assumeHost();
        assumeTrue(tools.seccompFilter() != null, "python3-seccomp compiles the filter");
        Run r = run(limits(256, 64, 77), false, "/bin/sh", "-c", "ulimit -n; grep Seccomp: /proc/self/status; unshare -r true || echo unshare-refused");
        assertThat(r.out()).contains("77");
        assertThat(r.all()).contains("unshare-refused").containsPattern("Seccomp:\\s+2");
    }

    @Test
    void aCrashKeepsItsStatusAndLastLines() throws Exception {
        assumeHost();
        Run r = run(limits(256, 64, 64), false, "/bin/sh", "-c", "echo 'something broke' >&2; exit 3");
        assertThat(r.death().exitStatus()).isEqualTo(3);
        assertThat(r.death().reason(64)).isEqualTo("its child process crashed with exit status 3: something broke");
    }

    @Test
    void stopIsGracefulThenForced() throws Exception {
        assumeHost();
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("sock"));
        IsolationRequest r = new IsolationRequest("t", List.of("/bin/sh", "-c", "trap '' TERM; echo up; while true; do sleep 1; done"), Map.of(),
                List.of(), List.of(), dir.resolve("data"), dir.resolve("tmp"), dir.resolve("sock"), false, limits(256, 64, 64));
        Isolation.Wrapped w = Isolation.wrap(r, tools, "test-stop-" + System.nanoTime());
        ChildProcess c = ChildProcess.start(w, l -> { }, l -> { });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (w.cgroup().tasks() < 3 && System.nanoTime() < until) {
            Thread.onSpinWait(); // bounded: the sh, bubblewrap and its child join within milliseconds
        }
        assertThat(w.cgroup().tasks()).as("sh became bubblewrap, which runs the command: tasks of the group").isGreaterThanOrEqualTo(3);
        long t0 = System.nanoTime();
        Death d = c.stop(300, 300);
        assertThat(d.requested()).isTrue();
        assertThat(c.alive()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(8000);
        assertThat(w.cgroup().pids()).isEmpty();
        assertThat(Files.exists(w.cgroup().path())).isFalse();
    }
}
