package nexcage.sandbox.internal.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.api.ResourceRequirements;

class IsolationTest {
    @TempDir
    Path dir;

    private IsolationRequest request(boolean network) {
        return new IsolationRequest("p", List.of("java", "-version"), Map.of("A", "1"), List.of(dir.resolve("ro")), List.of(),
                dir.resolve("data"), dir.resolve("tmp"), dir.resolve("sock"), network,
                SandboxLimits.of(ResourceRequirements.of(Map.of("max_memory_mb", "64", "max_threads", "5", "max_cpu_percent", "20"))));
    }

    @Test
    void limitsAreThePluginsFiguresPlusTheJvmsBase() {
        SandboxLimits l = request(false).limits();
        assertThat(l.memoryLimitBytes()).isEqualTo((64L + SandboxLimits.JVM_BASE_MEMORY_MB) * 1024 * 1024);
        assertThat(l.pidsMax()).isEqualTo(5 + SandboxLimits.JVM_BASE_TASKS);
        assertThat(l.cpuQuotaMicros()).isEqualTo(20_000);
        assertThat(l.nofile()).isEqualTo(100 + SandboxLimits.JVM_BASE_FILES);
    }

    @Test
    void bubblewrapHasAReadOnlyRootPrivateTmpAndTheWritableDirsBoundAfterIt() {
        List<String> a = Isolation.bubblewrap(request(false), true);
        String joined = String.join(" ", a);
        assertThat(joined).startsWith("--ro-bind / / --dev /dev --proc /proc --bind " + dir.resolve("tmp") + " /tmp");
        assertThat(joined).contains("--ro-bind " + dir.resolve("ro") + " " + dir.resolve("ro"));
        assertThat(joined).contains("--bind " + dir.resolve("data") + " " + dir.resolve("data"));
        assertThat(joined).contains("--bind " + dir.resolve("sock") + " " + dir.resolve("sock"));
        assertThat(a).contains("--unshare-pid", "--unshare-net", "--die-with-parent", "--seccomp");
        assertThat(joined).contains("--cap-drop ALL");
        assertThat(a.indexOf("--bind")).isGreaterThan(a.indexOf("--proc"));
    }

    @Test
    void aPluginWithNetworkKeepsTheHostsNetwork() {
        assertThat(Isolation.bubblewrap(request(true), false)).doesNotContain("--unshare-net", "--seccomp");
    }

    @Test
    void everyMissingToolIsNamedWithItsFix() {
        HostTools none = new HostTools(null, null, null, "no cgroup hierarchy at /x", null, "python3-seccomp is not installed");
        Isolation.Wrapped w = Isolation.wrap(request(false), none, "g");
        assertThat(w.cgroup()).isNull();
        assertThat(w.notApplied()).hasSize(4);
        assertThat(String.join("\n", w.notApplied())).contains("apt-get install bubblewrap", "apt-get install util-linux", "no cgroup hierarchy at /x",
                "seccomp filter");
        // without the tools the command still runs, with nothing to join
        assertThat(w.argv().subList(0, 6)).containsExactly("/bin/sh", "-c", Isolation.JOIN_SCRIPT, "nexcage-sandbox", "0", "");
        assertThat(w.argv().subList(6, 8)).containsExactly("java", "-version");
    }

    @Test
    void theCommandJoinsEveryControllerThenPrlimitThenBubblewrap() throws IOException {
        Path root = fakeV1();
        HostTools tools = new HostTools(Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/prlimit"), CgroupHost.detect(root), null,
                dir.resolve("f.bpf"), null);
        Isolation.Wrapped w = Isolation.wrap(request(false), tools, "p-1");
        assertThat(w.notApplied()).isEmpty();
        List<String> a = w.argv();
        assertThat(a.get(4)).isEqualTo("4");
        assertThat(a.subList(5, 9)).allMatch(p -> p.endsWith("/nexcage/p-1/cgroup.procs"));
        assertThat(a.get(9)).isEqualTo(dir.resolve("f.bpf").toString());
        assertThat(a.subList(10, 13)).containsExactly("/usr/bin/prlimit", "--nofile=228:228", "--");
        assertThat(a.get(13)).isEqualTo("/usr/bin/bwrap");
        assertThat(a.subList(a.size() - 3, a.size())).containsExactly("--", "java", "-version");
        assertThat(Files.readString(root.resolve("memory/nexcage/p-1/memory.limit_in_bytes"))).isEqualTo(Long.toString(224L * 1024 * 1024));
        assertThat(Files.readString(root.resolve("cpu/nexcage/p-1/cpu.cfs_quota_us"))).as("no quota while the JVM starts").isEqualTo("-1");
        w.cgroup().limitCpu();
        assertThat(Files.readString(root.resolve("cpu/nexcage/p-1/cpu.cfs_quota_us"))).isEqualTo("20000");
        assertThat(Files.readString(root.resolve("pids/nexcage/p-1/pids.max"))).isEqualTo(Integer.toString(5 + SandboxLimits.JVM_BASE_TASKS));
        assertThat(w.environment()).containsEntry("A", "1").containsEntry("TMPDIR", "/tmp");
    }

    @Test
    void aMissingControllerIsSaidNotSkipped() throws IOException {
        Path root = dir.resolve("cg");
        Files.createDirectories(root.resolve("memory"));
        Cgroup g = CgroupHost.detect(root).create("q", request(false).limits());
        assertThat(g.notApplied()).anyMatch(s -> s.startsWith("CPU quota (no cpu controller"))
                .anyMatch(s -> s.startsWith("pids limit (no pids controller"));
    }

    @Test
    void v2WritesMaxFilesAndReadsItsEvents() throws IOException {
        Path root = dir.resolve("v2");
        Files.createDirectories(root);
        Files.writeString(root.resolve("cgroup.controllers"), "memory cpu pids");
        Files.createDirectories(root.resolve("nexcage/r"));
        for (String f : List.of("memory.max", "cpu.max", "pids.max")) {
            Files.writeString(root.resolve("nexcage/r").resolve(f), "max"); // as the kernel shows them once enabled
        }
        CgroupHost host = CgroupHost.detect(root);
        assertThat(host.version()).isEqualTo("v2");
        Cgroup g = host.create("r", request(false).limits());
        assertThat(g.notApplied()).isEmpty();
        assertThat(Files.readString(root.resolve("nexcage/r/cpu.max"))).isEqualTo("max 100000");
        g.limitCpu();
        assertThat(Files.readString(root.resolve("nexcage/r/cpu.max"))).isEqualTo("20000 100000");
        Files.writeString(root.resolve("nexcage/r/memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        assertThat(g.oomKills()).isEqualTo(1);
        Files.delete(root.resolve("nexcage/r/pids.max"));
        assertThat(host.create("r", request(false).limits()).notApplied()).containsExactly(
                "pids limit (the pids controller is not enabled in " + root.resolve("nexcage") + ")");
    }

    private Path fakeV1() throws IOException {
        Path root = dir.resolve("cg1");
        for (String c : List.of("memory", "cpu", "cpuacct", "pids")) {
            Files.createDirectories(root.resolve(c));
        }
        return root;
    }
}
