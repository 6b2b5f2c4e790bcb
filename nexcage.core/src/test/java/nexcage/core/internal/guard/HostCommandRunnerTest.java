package nexcage.core.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.api.runtime.HostCommandResult;

class HostCommandRunnerTest {
    private final HostCommandRunner runner = new HostCommandRunner(1000);

    @TempDir
    Path dir;

    @Test
    void runsTheArgvWithoutAShellAndKeepsBothOutputs() {
        HostCommandResult r = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));
        assertThat(r).isEqualTo(new HostCommandResult(3, "out\n", "err\n", false));
        // no shell: the metacharacters reach the program as they are
        assertThat(runner.run(List.of("echo", "$HOME;", "`id`"), Duration.ofSeconds(10)).stdout()).isEqualTo("$HOME; `id`\n");
    }

    @Test
    void stdinIsClosed() {
        HostCommandResult r = runner.run(List.of("cat"), Duration.ofSeconds(10));
        assertThat(r.timedOut()).isFalse();
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void capsEachOutputAndStillLetsTheCommandFinish() {
        HostCommandResult r = runner.run(List.of("sh", "-c", "head -c 200000 /dev/zero | tr '\\0' x; head -c 5000 /dev/zero >&2"),
                Duration.ofSeconds(20));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).hasSize(1000).matches("x+");
        assertThat(r.stderr()).hasSize(1000);
    }

    @Test
    void killsTheCommandAndWhatItStartedAtTheTimeout() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        long t0 = System.nanoTime();
        HostCommandResult r = runner.run(List.of("sh", "-c", "sleep 60 & echo $! > " + pidFile + "; echo started; wait"),
                Duration.ofMillis(700));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.stdout()).isEqualTo("started\n");
        assertThat(ms).isLessThan(10_000);
        long child = Long.parseLong(Files.readString(pidFile).trim());
        // the grandchild is gone too (or dying): wait for it boundedly rather than sleep
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            ProcessHandle.of(child).ifPresent(h -> h.onExit().join());
        }
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aProgramThatIsNotThereSaysSo() {
        assertThatThrownBy(() -> runner.run(List.of("/no/such/program"), Duration.ofSeconds(5)))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("/no/such/program");
        assertThatThrownBy(() -> runner.run(List.of(), Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsMeminfo() {
        HostMemory m = HostMemory.parse(List.of("MemTotal:       16000 kB", "MemFree: 1 kB", "MemAvailable:    8000 kB"));
        assertThat(m).isEqualTo(new HostMemory(16000L * 1024, 8000L * 1024));
        assertThat(HostMemory.parse(List.of("garbage"))).isEqualTo(HostMemory.UNKNOWN);
    }
}
