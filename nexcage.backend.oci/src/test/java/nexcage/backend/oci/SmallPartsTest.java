package nexcage.backend.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Names, signals, messages and command lines: the backend's small plain parts. */
class SmallPartsTest {
    @Test
    void imageNamesGetLatestUnlessTagged() {
        assertThat(ImageNames.normalize("busybox")).isEqualTo("busybox:latest");
        assertThat(ImageNames.normalize("busybox:1.36")).isEqualTo("busybox:1.36");
        assertThat(ImageNames.normalize("localhost:5000/busybox")).isEqualTo("localhost:5000/busybox:latest");
        assertThat(ImageNames.tag("a/b:v1")).isEqualTo("v1");
        assertThat(ImageNames.valid("busybox")).isTrue();
        assertThat(ImageNames.valid("a b")).isFalse();
        assertThat(ImageNames.valid("a@sha256:1")).isFalse();
        assertThat(ImageNames.valid(" ")).isFalse();
    }

    @Test
    void signalsAreNamedAsTheRuntimesTakeThem() {
        assertThat(OciRuns.normalizeSignal("sigterm")).isEqualTo("TERM");
        assertThat(OciRuns.normalizeSignal("HUP")).isEqualTo("HUP");
        assertThat(OciRuns.normalizeSignal("9")).isEqualTo("9");
        assertThat(OciRuns.normalizeSignal(null)).isEqualTo("KILL");
    }

    @Test
    void aMissingRuntimeNamesThePackageToInstall() {
        assertThat(OciRuntime.missing("")).contains("install Debian's crun (or runc)");
        assertThat(OciRuntime.missing("runc")).contains("apt-get install runc");
        assertThat(OciRuntime.missing("kata")).contains("set it to crun or runc");
    }

    @Test
    void theRuntimesOwnErrorsGoToTheRuntimeLog() {
        OciRuntime crun = new OciRuntime("crun", Path.of("/usr/bin/crun"), Path.of("/s/crun"), false);
        assertThat(crun.runCommand("c1", Path.of("/b"), Path.of("/b/pid"), Path.of("/b/runtime.log"))).containsExactly(
                "/usr/bin/crun", "--root", "/s/crun", "--log=file:/b/runtime.log", "run", "--pid-file", "/b/pid", "--bundle", "/b", "c1");
        OciRuntime runc = new OciRuntime("runc", Path.of("/usr/sbin/runc"), Path.of("/s/runc"), false);
        assertThat(runc.runCommand("c1", Path.of("/b"), Path.of("/b/pid"), Path.of("/b/l"))).containsSubsequence("--log", "/b/l", "run");
        assertThat(runc.killCommand("c1", "TERM")).containsExactly("/usr/sbin/runc", "--root", "/s/runc", "kill", "c1", "TERM");
    }

    @Test
    void theRuntimeLogsLastMessageIsTheReason() {
        assertThat(RuntimeLog.brief("{\"level\":\"error\",\"msg\":\"first\"}\n{\"level\":\"error\",\"msg\":\"container failed\",\"time\":\"t\"}\n"))
                .isEqualTo("container failed");
        assertThat(RuntimeLog.brief("setrlimit `RLIMIT_NOFILE`: Operation not permitted\n"))
                .isEqualTo("setrlimit `RLIMIT_NOFILE`: Operation not permitted");
    }

    @Test
    void mountinfoEscapesAreRead() {
        assertThat(RootFs.unescape("/a\\040b")).isEqualTo("/a b");
        assertThat(RootFs.mode("copy")).isEqualTo(RootFs.COPY);
        assertThat(RootFs.mode(null)).isEqualTo(RootFs.OVERLAY);
    }

    @Test
    void theMonitorRunsInASessionAndAMountNamespaceOfItsOwn() {
        List<String> c = Monitor.command(Path.of("/d"), true, Path.of("/img"), false, 0, List.of("crun", "run"));
        assertThat(c.subList(0, 4)).containsExactly("setsid", "unshare", "-m", "sh");
        assertThat(c.subList(c.size() - 7, c.size())).containsExactly("/d", "1", "/img", "0", "", "crun", "run");
    }
}
