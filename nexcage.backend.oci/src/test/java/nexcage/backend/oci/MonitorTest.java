package nexcage.backend.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor script with a stand-in for the runtime (a shell that writes the pid file as the
 * runtime would, and prints): exit code, pid, removal, and the overlay mounted in its own mount
 * namespace only. Needs root (unshare -m, mount), as the backend does.
 */
class MonitorTest {
    @TempDir
    Path dir;

    int run(ContainerDir d, boolean autoRemove, Path lower, String runtime) throws Exception {
        Process p = new ProcessBuilder(Monitor.command(d.dir(), autoRemove, lower, false, 0, List.of("sh", "-c", runtime)))
                .directory(d.dir().toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(d.stdout().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(d.stderr().toFile())).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    ContainerDir container(String id) throws Exception {
        ContainerDir d = new ContainerDir(Files.createDirectories(dir.resolve(id)));
        Files.createDirectories(d.rootfs());
        return d;
    }

    @Test
    void itKeepsTheExitCodeAndTheOutput() throws Exception {
        ContainerDir d = container("c1");
        assertThat(run(d, false, null, "echo 42 > pid; echo out; echo err >&2; exit 3")).isEqualTo(3);
        assertThat(d.exitCode()).contains(3);
        assertThat(d.pid()).contains(42);
        assertThat(Files.readString(d.stdout())).isEqualTo("out\n");
        assertThat(Files.readString(d.stderr())).isEqualTo("err\n");
        assertThat(Files.readString(d.monitorFile()).strip()).matches("[0-9]+");
    }

    @Test
    void anAutoRemovedContainerThatRanIsRemovedOneThatNeverStartedIsKept() throws Exception {
        ContainerDir ran = container("ran");
        assertThat(run(ran, true, null, "echo 42 > pid; exit 5")).isEqualTo(5);
        assertThat(ran.dir()).doesNotExist();
        ContainerDir failed = container("failed");
        assertThat(run(failed, true, null, "echo 'bad config' >> runtime.log; exit 1")).isEqualTo(1);
        assertThat(failed.dir()).exists();
        assertThat(Files.readString(failed.runtimeLog())).contains("bad config");
    }

    @Test
    void aWaitingDaemonRemovesTheContainerItselfWhileItLives() throws Exception {
        ContainerDir d = container("waited");
        Process p = new ProcessBuilder(Monitor.command(d.dir(), true, null, false, ProcessHandle.current().pid(),
                List.of("sh", "-c", "echo 42 > pid; exit 6"))).directory(d.dir().toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(6);
        assertThat(d.exitCode()).contains(6); // left for the waiter to read and remove
    }

    @Test
    void theOverlayIsMountedInTheMonitorsNamespaceOnly() throws Exception {
        Path lower = Files.createDirectories(dir.resolve("image"));
        Files.writeString(lower.resolve("hello"), "from the image\n");
        ContainerDir d = container("ov");
        Files.createDirectories(d.dir().resolve("upper"));
        Files.createDirectories(d.dir().resolve("work"));
        assertThat(run(d, false, lower, "echo 42 > pid; cat rootfs/hello; echo mine > rootfs/new")).isZero();
        assertThat(Files.readString(d.stdout())).isEqualTo("from the image\n");
        assertThat(RootFs.mounted(d.rootfs())).isFalse();
        assertThat(d.dir().resolve("upper/new")).hasContent("mine");
        assertThat(lower.resolve("new")).doesNotExist();
    }

    @Test
    void aMountThatFailsEndsTheRunWithItsReason() throws Exception {
        ContainerDir d = container("nolower");
        assertThat(run(d, true, dir.resolve("no-such-image"), "echo 42 > pid")).isEqualTo(125);
        assertThat(d.pid()).isEmpty();
        assertThat(Files.readString(d.runtimeLog())).contains("mount");
    }
}
