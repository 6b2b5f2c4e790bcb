package nexcage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import nexcage.e2e.containers.Engine;

/**
 * The command the build puts on PATH, target/runtime/bin/nexcage, against a real daemon and Docker
 * engine, each case through it and through the Perl launcher: the same output, exit codes, signals
 * and sentences. Where a C compiler is on PATH (test.sh installs gcc as root) it must be the native
 * client (launcher/nexcage-client.c), one process that starts neither perl nor bash for an
 * ordinary command; without one, a link to the Perl launcher. ClientProtocolTest covers the
 * protocol's corners against a scripted daemon.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeClientEndToEndTest {
    private static final String P = "nxnc" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private Nexcage nx;
    private int seq;

    @BeforeAll
    void start() throws Exception {
        Engine.require();
        nx = Nexcage.withHello("nxnc");
        nx.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Engine.dockerHealthy(nx.run("backend", "list", "--json").out())) {
            assertThat(System.nanoTime()).as("the docker backend becomes healthy\n" + nx.daemonLog()).isLessThan(deadline);
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (nx != null) {
            nx.client = Nexcage.LAUNCHER;
            nx.stopAndClose();
        }
        Engine.removeAll(P);
    }

    /** The same command through both clients (ARGS may depend on which, e.g. a container's name); asserts they answered alike. */
    private Nexcage.Result both(Function<Path, String[]> args) {
        List<Nexcage.Result> results = new ArrayList<>();
        for (Path client : List.of(Nexcage.LAUNCHER, Nexcage.NATIVE_CLIENT)) {
            nx.client = client;
            try {
                results.add(nx.run(args.apply(client)));
            } finally {
                nx.client = Nexcage.LAUNCHER;
            }
        }
        assertThat(sameRunToRun(results.get(1)))
                .as("the native client answers as the Perl launcher: " + String.join(" ", args.apply(Nexcage.LAUNCHER)))
                .isEqualTo(sameRunToRun(results.get(0)));
        return results.get(0);
    }

    /** The result without what differs between two runs of one container: the process id tini reports inside it. */
    private static Nexcage.Result sameRunToRun(Nexcage.Result r) {
        return new Nexcage.Result(r.exit(), r.out(), r.err().replaceAll("\\[FATAL tini \\(\\d+\\)\\]", "[FATAL tini (PID)]"));
    }

    private Nexcage.Result both(String... args) {
        return both(client -> args);
    }

    /** docker ps's output, for a bounded wait's probe (which may not throw checked exceptions). */
    private static String ps(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "ps";
        System.arraycopy(args, 0, all, 1, args.length);
        try {
            return Engine.docker(all).out();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking docker ps", e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    private String name() {
        return P + "-" + ++seq;
    }

    @Test
    @Order(1)
    void theCommandOnPathIsTheNativeClientWhereACompilerIs() throws Exception {
        boolean compiler = new ProcessBuilder("bash", "-c", "command -v cc").start().waitFor() == 0;
        Path bin = Nexcage.NATIVE_CLIENT;
        if (compiler) {
            assertThat(Files.isSymbolicLink(bin)).as(bin + " is the native client, not the link the build leaves without a compiler;"
                    + " cc is on PATH, so the build should have compiled launcher/nexcage-client.c (see its warning)").isFalse();
            byte[] head = new byte[4];
            try (InputStream in = Files.newInputStream(bin)) {
                assertThat(in.readNBytes(head, 0, 4)).isEqualTo(4);
            }
            assertThat(head).as(bin + " is an ELF executable").containsExactly(0x7f, 'E', 'L', 'F');
        } else {
            assertThat(bin.toRealPath()).as("without a compiler, a link to the Perl launcher").isEqualTo(Nexcage.LAUNCHER.toRealPath());
        }
    }

    @Test
    @Order(2)
    void ordinaryCommandsAnswerAlike() {
        assertThat(both("hello", "World")).isEqualTo(new Nexcage.Result(0, "Hello, World!\n", ""));
        assertThat(both("hello", "x; felix:stop 0").out()).isEqualTo("Hello, x; felix:stop 0!\n");
        Nexcage.Result unknown = both("frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'");
        assertThat(both("plugin", "info", "nosuch").exit()).isEqualTo(1);
        Nexcage.Result usage = both("run", "--help"); // the daemon's own usage of run
        assertThat(usage.exit()).isZero();
        assertThat(usage.out()).contains("--rm");
        assertThat(both("version").out()).contains("nexcage client 0.8.0").contains("nexcage daemon 0.8.0");
    }

    /**
     * One process, as the Perl launcher is for this: no bash (every bash sources $BASH_ENV, which
     * writes a marker) and no perl (PERL5OPT naming a module that does not exist makes any perl die
     * at its start, as the Perl launcher shows under the same environment).
     */
    @Test
    @Order(3)
    void anOrdinaryCommandStartsNeitherPerlNorBash() throws Exception {
        Path marker = nx.base.resolve("bash-started");
        nx.env.put("BASH_ENV", Files.writeString(nx.base.resolve("bash-env"), "echo \"$0\" >> '" + marker + "'\n").toString());
        nx.env.put("PERL5OPT", "-MNexcageNoSuchModule");
        try {
            nx.client = Nexcage.NATIVE_CLIENT;
            assertThat(nx.run("hello", "native")).isEqualTo(new Nexcage.Result(0, "Hello, native!\n", ""));
            assertThat(nx.run("run", "--rm", "--name", name(), Engine.IMAGE, "echo", "hi").out()).isEqualTo("hi\n");
            assertThat(marker).as("a bash started for an ordinary command").doesNotExist();
            nx.client = Nexcage.LAUNCHER;
            assertThat(nx.run("hello", "perl").exit()).as("a perl under this PERL5OPT dies").isNotZero();
        } finally {
            nx.client = Nexcage.LAUNCHER;
            nx.env.remove("BASH_ENV");
            nx.env.remove("PERL5OPT");
        }
    }

    @Test
    @Order(4)
    void runRmOnDockerPassesOutputAndExitCodesThrough() {
        assertThat(both(c -> new String[] {"run", "--rm", "--name", name(), Engine.IMAGE, "echo", "hi"}))
                .isEqualTo(new Nexcage.Result(0, "hi\n", ""));
        assertThat(both(c -> new String[] {"run", "--rm", "--name", name(), Engine.IMAGE, "sh", "-c", "exit 7"}).exit()).isEqualTo(7);
        Nexcage.Result stderr = both(c -> new String[] {"run", "--rm", "--name", name(), Engine.IMAGE, "ls", "/nonexistent"});
        assertThat(stderr.exit()).isEqualTo(1);
        assertThat(stderr.out()).isEmpty();
        assertThat(stderr.err()).contains("/nonexistent");
        StringBuilder numbers = new StringBuilder();
        for (int i = 1; i <= 30000; i++) {
            numbers.append(i).append('\n');
        }
        // about 170 KB: many frames, read across the client's buffer
        assertThat(both(c -> new String[] {"run", "--rm", "--name", name(), Engine.IMAGE, "/bin/busybox", "seq", "1", "30000"}).out())
                .isEqualTo(numbers.toString());
        assertThat(both(c -> new String[] {"run", "--rm", "--name", name(), Engine.IMAGE, "no-such-command"}).exit()).isEqualTo(127);
    }

    @Test
    @Order(5)
    void ctrlCOfARunRmEndsItsContainerThroughEitherClient() throws Exception {
        for (Path client : List.of(Nexcage.LAUNCHER, Nexcage.NATIVE_CLIENT)) {
            String id = name();
            Path out = nx.base.resolve(id + ".out");
            Path err = nx.base.resolve(id + ".err");
            nx.client = client;
            Process p;
            try {
                p = nx.spawn(out, err, "run", "--rm", "--name", id, Engine.IMAGE, "sleep", "60");
            } finally {
                nx.client = Nexcage.LAUNCHER;
            }
            Nexcage.await(id + " to run (through " + client + ")", Nexcage.WAIT, () -> {
                assertThat(p.isAlive()).as(client + ": the run goes on until its container runs; " + readQuietly(err)).isTrue();
                return ps("-q", "--filter", "name=^/" + id + "$", "--filter", "status=running");
            }, running -> !running.isBlank());
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(client + " ends with its container").isTrue();
            assertThat(p.exitValue()).as(client + ": " + Files.readString(err)).isEqualTo(130);
            Nexcage.await("--rm to remove " + id, Nexcage.WAIT, () -> ps("-aq", "--filter", "name=^/" + id + "$"),
                    String::isBlank);
        }
    }

    @Test
    @Order(6)
    void anImageImportedFromStdinRunsThroughEitherClient() throws Exception {
        Path tar = Engine.busyboxTarball(Map.of("hello.txt", "from stdin\n"));
        try {
            for (Path client : List.of(Nexcage.LAUNCHER, Nexcage.NATIVE_CLIENT)) {
                String image = P + "-img:" + (client == Nexcage.LAUNCHER ? "perl" : "native");
                nx.client = client;
                try {
                    Nexcage.Result imported = nx.runWithInput(null, tar, "image", "import", image, "-");
                    assertThat(imported.exit()).as(imported.toString()).isZero();
                    assertThat(nx.run("run", "--rm", "--name", name(), image, "cat", "/hello.txt").out()).isEqualTo("from stdin\n");
                    assertThat(nx.run("image", "remove", image).exit()).isZero();
                } finally {
                    nx.client = Nexcage.LAUNCHER;
                }
            }
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    @Test
    @Order(10)
    void withoutADaemonBothSayHowToStartOne() {
        nx.stop();
        Nexcage.Result r = both("plugin", "list");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("nexcage: no daemon is running (no socket at " + nx.socket() + "); start one with 'nexcage daemon'\n");
        Nexcage.Result help = both("run", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("run [-d] [--rm] --name ID");
    }
}
