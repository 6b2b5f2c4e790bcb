package nexcage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A supervisor that restarts the daemon the moment it was killed: the dying JVM may still hold the
 * state lock for a while, and the new daemon must wait for it rather than refuse by chance. (The
 * race of the kill -9 loop is lost only now and then; the stand-in that holds the lock makes it
 * certain.)
 */
class DaemonRestartTest {
    private static final int RESTARTS = 4;

    private Nexcage nx;

    @BeforeEach
    void create() throws Exception {
        nx = Nexcage.withHello("nxrst");
    }

    @AfterEach
    void stop() {
        if (nx != null && nx.alive()) {
            nx.stop();
        }
    }

    @Test
    void aDaemonStartedRightAfterKillNineComesUp() throws Exception {
        nx.start();
        for (int i = 1; i <= RESTARTS; i++) {
            long killed = nx.pid();
            // no wait for the exit: the next start races the kernel's teardown of the killed JVM
            ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);
            nx.start();
            assertThat(nx.pid()).as("restart %d", i).isNotEqualTo(killed);
            assertThat(nx.run("hello").exit()).as("restart %d: a command after the restart", i).isZero();
        }
        assertThat(Files.readString(nx.state.resolve("daemon.lock")).strip())
                .as("the lock file names the daemon that holds it").isEqualTo(Long.toString(nx.pid()));
    }

    @Test
    void whatAKilledDaemonUnpackedIsUnderTheStateDirectoryAndClearedAtTheNextStart() throws Exception {
        // bnd's launcher is the one that unpacks jars at each start; the Atomos launch (the default) unpacks none,
        // which AtomosLaunchTest holds
        nx.daemonEnv("NEXCAGE_LAUNCH", "bnd");
        nx.start();
        Path tmp = nx.state.resolve("tmp");
        java.util.Set<Path> before = unpackedJars(tmp);
        assertThat(before).as("the launcher's unpacked jars are under the state directory, not /tmp").isNotEmpty();
        assertThat(nx.state.resolve("framework")).as("the framework's cache").isDirectory();
        assertThat(ProcessHandle.of(nx.pid()).flatMap(h -> h.info().arguments()).map(java.util.Arrays::asList).orElseThrow())
                .contains("-Djava.io.tmpdir=" + tmp);
        nx.kill9();
        assertThat(listing(tmp)).as("kill -9 leaves them").containsAll(before);
        nx.start();
        assertThat(listing(tmp)).as("the next start clears what the killed daemon left").doesNotContainAnyElementsOf(before);
    }

    private static java.util.Set<Path> listing(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.collect(java.util.stream.Collectors.toSet());
        }
    }

    /**
     * The jars the bnd launcher unpacked into the daemon's temporary directory. Only these: the
     * same directory is the plugins' java.io.tmpdir, where e.g. the oci backend's host commands
     * keep their output for the moment they run (nexcage-oci-*.out), so a listing taken while the
     * daemon works may hold a file the daemon itself deletes before the kill.
     */
    private static java.util.Set<Path> unpackedJars(Path dir) throws IOException {
        java.util.Set<Path> jars = new java.util.HashSet<>(listing(dir));
        jars.removeIf(p -> !p.getFileName().toString().endsWith(".jar"));
        return jars;
    }

    @Test
    void aDaemonWaitsForTheLockOfAProcessThatIsStillDying() throws Exception {
        // a stand-in for a killed daemon the kernel has not torn down yet: it holds the lock 2 s more
        Files.createDirectories(nx.state);
        Path held = nx.base.resolve("held.txt");
        Process dying = new ProcessBuilder("flock", nx.state.resolve("daemon.lock").toString(), "-c", "echo held; sleep 2")
                .redirectErrorStream(true).redirectOutput(held.toFile()).start();
        try {
            Nexcage.await("the stand-in holds the lock", Nexcage.WAIT, () -> read(held), t -> t.contains("held"));
            nx.start();
            assertThat(dying.isAlive()).as("the daemon came up only once the lock was free").isFalse();
            assertThat(nx.run("hello").exit()).isZero();
        } finally {
            dying.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSecondDaemonIsRefusedWithTheHoldersProcessId() {
        nx.start();
        Nexcage.Result second = nx.run("daemon");
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.err()).contains("another daemon already runs")
                .contains("(process " + nx.pid() + " holds " + nx.state.resolve("daemon.lock") + ")");
        assertThat(nx.run("hello").exit()).isZero();
    }
}
