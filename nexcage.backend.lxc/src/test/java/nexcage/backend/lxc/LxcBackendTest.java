package nexcage.backend.lxc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.backend.ImageInfo;
import nexcage.api.backend.ManagedLabels;

/** What the lxc backend does beyond the conformance cases, on real LXC. */
class LxcBackendTest {

    private final LxcBackend lxc = RealLxc.backend();
    private final List<String> made = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void deleteMade() {
        for (String id : made) {
            try {
                lxc.delete(id, true);
            } catch (BackendException gone) {
                // deleted by the case
            }
        }
    }

    private String id(String what) {
        String id = "nxl-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
        made.add(id);
        return id;
    }

    private ContainerSpec spec(String id, String image, List<String> command, String network) {
        return new ContainerSpec(id, image, command, Map.of(ManagedLabels.MANAGED, "true", "team", "lxc"), false, network);
    }

    private ContainerInfo await(LxcBackend b, String id, ContainerStatus status) throws Exception {
        try {
            return Awaitility.await(id + " to be " + status.id()).atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20)).until(() -> b.info(id), i -> i.status() == status);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + " lxc log: " + lxcLog(b, id), e);
        }
    }

    private static String lxcLog(LxcBackend b, String id) {
        try {
            return Files.readString(b.lxcpath().resolve(id).resolve("lxc.log"));
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String run(LxcBackend b, String id) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = b.startAttached(id, out, err);
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSystemContainerBootsItsImagesInitAndHaltsOnStop() throws Exception {
        lxc.importImage("nexcage-test/busybox-system", RealLxc.busyboxTarball(tmp, true));
        String id = id("system");
        lxc.create(spec(id, "nexcage-test/busybox-system", List.of(), null));
        lxc.start(id);
        ContainerInfo running = await(lxc, id, ContainerStatus.RUNNING);
        assertThat(running.pid()).isPositive();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(lxc.exec(id, List.of("sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '; echo"), out, OutputStream.nullOutputStream()))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("init");
        lxc.stop(id, 10);
        ContainerInfo stopped = await(lxc, id, ContainerStatus.STOPPED);
        // busybox's init halts on lxc's SIGPWR: the kernel ends a halted container's init with SIGINT (130)
        assertThat(stopped.exitCode()).isEqualTo(130);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        lxc.logs(id, false, -1, console, OutputStream.nullOutputStream());
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("booted\n", "going down\n").doesNotContain("\r\n");
    }

    @Test
    void anImageWithoutCommandOrInitIsRefusedAtCreate() {
        BackendException e = org.junit.jupiter.api.Assertions.assertThrows(BackendException.class,
                () -> lxc.create(spec(id("noinit"), RealLxc.IMAGE, List.of(), null)));
        assertThat(e.getMessage()).contains("/sbin/init", "give the command").doesNotContain("\n");
    }

    @Test
    void hostNetworkSeesTheHostsInterfacesAndAnUnknownNetworkIsRefused() throws Exception {
        String id = id("host");
        lxc.create(spec(id, RealLxc.IMAGE, List.of("cat", "/proc/net/dev"), ContainerSpec.NETWORK_HOST));
        assertThat(interfaces(run(lxc, id))).isEqualTo(interfaces(Files.readString(Path.of("/proc/net/dev")))).contains("lo")
                .hasSizeGreaterThan(1);
        assertThat(Files.readString(lxc.lxcpath().resolve(id).resolve("config"))).contains("lxc.net.0.type = none\n");
        BackendException e = org.junit.jupiter.api.Assertions.assertThrows(BackendException.class,
                () -> lxc.create(spec(id("bridge"), RealLxc.IMAGE, List.of("true"), "bridge")));
        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(e.getMessage()).contains("none", "host").doesNotContain("\n");
    }

    @Test
    void aSignalOtherThanKillReachesTheCommandAsWithDockersInit() throws Exception {
        String id = id("hup");
        lxc.create(spec(id, RealLxc.IMAGE, List.of("sh", "-c", "trap 'exit 7' HUP; while true; do sleep 0.05; done"), null));
        lxc.start(id);
        await(lxc, id, ContainerStatus.RUNNING);
        lxc.kill(id, "hup");
        assertThat(await(lxc, id, ContainerStatus.STOPPED).exitCode()).isEqualTo(7);
        assertThatThrownBy(() -> lxc.kill(id, "NOPE")).isInstanceOf(BackendException.class).hasMessageContaining("unknown signal");
    }

    @Test
    void containersOutliveTheBackendThatStartedThem() throws Exception {
        String id = id("outlive");
        lxc.create(spec(id, RealLxc.IMAGE, List.of("sh", "-c", "echo up; sleep 300"), null));
        lxc.start(id);
        await(lxc, id, ContainerStatus.RUNNING);
        // a second backend on the same data directory: a daemon started again
        LxcBackend again = new LxcBackend(RealLxc.dataDir());
        try {
            ContainerInfo found = again.list(false).stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
            assertThat(found.status()).isEqualTo(ContainerStatus.RUNNING);
            assertThat(found.labels()).containsEntry("team", "lxc");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            again.logs(id, false, -1, out, OutputStream.nullOutputStream());
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("up\n");
            again.stop(id, 5);
            assertThat(await(again, id, ContainerStatus.STOPPED).exitCode()).isEqualTo(143);
        } finally {
            again.close();
        }
    }

    @Test
    void logsFollowUntilTheContainerStopsAndTailCountsLines() throws Exception {
        String id = id("follow");
        lxc.create(spec(id, RealLxc.IMAGE, List.of("sh", "-c", "echo 1; echo 2; sleep 0.5; echo 3"), null));
        lxc.start(id);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lxc.logs(id, true, -1, out, OutputStream.nullOutputStream());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("1\n2\n3\n");
        assertThat(lxc.info(id).status()).isEqualTo(ContainerStatus.STOPPED);
        ByteArrayOutputStream last = new ByteArrayOutputStream();
        lxc.logs(id, false, 1, last, OutputStream.nullOutputStream());
        assertThat(last.toString(StandardCharsets.UTF_8)).isEqualTo("3\n");
    }

    @Test
    void anAutoRemoveContainerThatEndsAtOnceStillGivesItsExitCode() throws Exception {
        // lxc may remove it (and its log) before the start is seen: the log is read through a channel opened before the start
        for (int i = 0; i < 8; i++) {
            String id = id("quick" + i);
            lxc.create(new ContainerSpec(id, RealLxc.IMAGE, List.of("sh", "-c", "exit 5"), Map.of(), true, null));
            assertThat(lxc.startAttached(id, OutputStream.nullOutputStream(), OutputStream.nullOutputStream())).isEqualTo(5);
            assertThat(lxc.lxcpath().resolve(id)).doesNotExist();
        }
    }

    @Test
    void aCommandThatIsNotAProgramIsNotInvokable() throws Exception {
        String id = id("noexec");
        lxc.create(spec(id, RealLxc.IMAGE, List.of("/etc"), null));
        BackendException e = org.junit.jupiter.api.Assertions.assertThrows(BackendException.class, () -> lxc.start(id));
        assertThat(e.reason()).isEqualTo(Reason.COMMAND_NOT_INVOKABLE);
        String exec = id("exec127");
        lxc.create(spec(exec, RealLxc.IMAGE, List.of("sleep", "60"), null));
        lxc.start(exec);
        assertThat(lxc.exec(exec, List.of("no-such-program"), OutputStream.nullOutputStream(), OutputStream.nullOutputStream()))
                .isEqualTo(127);
    }

    @Test
    void imagesAreListedAndAnImageInUseIsRemovedOnlyWithForce() throws Exception {
        lxc.importImage("nexcage-test/removable:1", RealLxc.busyboxTarball(tmp, false));
        ImageInfo img = lxc.images().stream().filter(i -> i.name().equals("nexcage-test/removable:1")).findFirst().orElseThrow();
        assertThat(img.id()).startsWith("sha256:");
        assertThat(img.sizeBytes()).isGreaterThan(100_000);
        assertThat(img.backend()).isEqualTo("lxc");
        assertThat(lxc.images().get(0).name()).as("newest first").isEqualTo("nexcage-test/removable:1");
        String id = id("user");
        lxc.create(spec(id, "nexcage-test/removable:1", List.of("echo", "still here"), null));
        BackendException inUse = org.junit.jupiter.api.Assertions.assertThrows(BackendException.class,
                () -> lxc.removeImage("nexcage-test/removable:1", false));
        assertThat(inUse.reason()).isEqualTo(Reason.IMAGE_IN_USE);
        assertThat(inUse.getMessage()).contains(id).doesNotContain("\n");
        lxc.removeImage("nexcage-test/removable:1", true);
        assertThat(lxc.images()).extracting(ImageInfo::name).doesNotContain("nexcage-test/removable:1");
        assertThat(run(lxc, id)).isEqualTo("still here\n");
        BackendException gone = org.junit.jupiter.api.Assertions.assertThrows(BackendException.class,
                () -> lxc.removeImage("nexcage-test/removable:1", false));
        assertThat(gone.reason()).isEqualTo(Reason.NO_SUCH_IMAGE);
    }

    @Test
    void anOciLayoutIsImportedWithItsCommandEnvironmentAndFolder() throws Exception {
        Path layout = tmp.resolve("layout");
        Path bundle = tmp.resolve("bundle");
        umoci("init", "--layout", layout.toString());
        umoci("new", "--image", layout + ":v1");
        umoci("unpack", "--image", layout + ":v1", bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
        Files.createDirectories(rootfs.resolve("srv"));
        umoci("repack", "--image", layout + ":v1", bundle.toString());
        umoci("config", "--image", layout + ":v1", "--config.env", "GREETING=from-oci", "--config.workingdir", "/srv",
                "--config.entrypoint", "/bin/sh", "--config.entrypoint", "-c", "--config.cmd", "echo $GREETING in $(busybox pwd)");
        ImageInfo img = lxc.importImage("nexcage-test/oci:v1", layout);
        assertThat(img.id()).startsWith("sha256:");
        String id = id("oci");
        lxc.create(spec(id, "nexcage-test/oci:v1", List.of(), null));
        assertThat(run(lxc, id)).isEqualTo("from-oci in /srv\n");
        lxc.delete(id, false);
        lxc.removeImage("nexcage-test/oci:v1", false);
    }

    /** The interface names of a /proc/net/dev text. */
    private static List<String> interfaces(String procNetDev) {
        return procNetDev.lines().skip(2).map(String::strip).filter(l -> l.contains(":"))
                .map(l -> l.substring(0, l.indexOf(':'))).sorted().toList();
    }

    private static void umoci(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("umoci"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("umoci %s: %s (install Debian's umoci)", String.join(" ", args), out).isZero();
    }
}
