package nexcage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import nexcage.testkit.ControlFrames;

/**
 * The control socket as another user and an attacker meet it, through the real launcher: who is
 * told what when the socket is not theirs, and the limits of the socket (a request line that
 * never ends, ill-typed and oversized requests, a flood of idle connections). The tests run as
 * root; the other user is nobody, through setpriv.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlSocketEndToEndTest {
    static final int NOBODY = 65534;
    /** The daemon's connection cap (ControlLimits.DEFAULT_MAX_CONNECTIONS). */
    private static final int CAP = 64;

    private static Nexcage nx;
    private static final ExecutorService readers = Executors.newCachedThreadPool();

    @BeforeAll
    static void startDaemon() throws Exception {
        nx = Nexcage.withHello("nxcs");
        // others may pass through the base and home, as through a home directory; the state stays 0700
        Files.setPosixFilePermissions(nx.base, PosixFilePermissions.fromString("rwx--x--x"));
        nx.start();
    }

    @AfterAll
    static void stop() throws IOException {
        readers.shutdownNow();
        if (othersCopy != null) {
            try (java.util.stream.Stream<Path> tree = Files.walk(othersCopy)) {
                tree.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (nx != null) {
            nx.stopAndClose();
        }
    }

    private static Path othersCopy;

    /**
     * The launcher and the built runtime beside it, copied where any user may read them: the
     * checkout may sit in a folder only root can enter (mktemp's 0700, a root home), and the other
     * user must reach the launcher before it can meet the socket this test is about.
     */
    static synchronized Path otherUsersLauncher() throws IOException {
        if (othersCopy == null) {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "nxlaunch");
            Path runtime = Nexcage.ROOT.resolve("target/runtime");
            try (java.util.stream.Stream<Path> tree = Files.walk(runtime)) {
                for (Path p : (Iterable<Path>) tree::iterator) {
                    Path to = dir.resolve("target/runtime").resolve(runtime.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
            Files.copy(Nexcage.LAUNCHER, dir.resolve("nexcage"));
            // the launcher's bash part, for the commands it hands over (help, version)
            Files.createDirectories(dir.resolve("libexec"));
            Files.copy(Nexcage.ROOT.resolve("libexec/nexcage-admin.sh"), dir.resolve("libexec/nexcage-admin.sh"));
            try (java.util.stream.Stream<Path> tree = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) tree::iterator) {
                    boolean traversable = Files.isDirectory(p) || p.getFileName().toString().equals("nexcage");
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(traversable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            othersCopy = dir;
        }
        return othersCopy.resolve("nexcage");
    }

    /** The launcher run as another uid (setpriv from util-linux), with the daemon's environment. */
    static Nexcage.Result runAs(int uid, Nexcage n, Path input, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                otherUsersLauncher().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("/").toFile());
        pb.environment().put("NEXCAGE_HOME", n.home.toString());
        pb.environment().put("NEXCAGE_STATE", n.state.toString());
        pb.environment().remove("NEXCAGE_SOCKET");
        Path out = Files.createTempFile("nxcs-out", ".txt");
        Path err = Files.createTempFile("nxcs-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.redirectInput(input == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()) : ProcessBuilder.Redirect.from(input.toFile()));
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("nexcage " + String.join(" ", args) + " as uid " + uid + " did not finish within 60 s");
            }
            return new Nexcage.Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    @Order(1)
    void anotherUserIsToldTheSocketIsNotTheirsNotThatNoDaemonRuns() throws Exception {
        Nexcage.Result r = runAs(NOBODY, nx, null, "plugin", "list");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("nexcage: the daemon socket " + nx.socket() + " is not yours to use (permission denied): only root "
                + "may use it; run nexcage as root, or start a daemon of your own with NEXCAGE_STATE set to a directory you own\n");
    }

    @Test
    @Order(2)
    void aTraversableStateDirectoryDoesNotMakeALiveSocketStale() throws Exception {
        Files.setPosixFilePermissions(nx.state, PosixFilePermissions.fromString("rwx--x--x"));
        try {
            Nexcage.Result r = runAs(NOBODY, nx, null, "plugin", "list");
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("is not yours to use (permission denied): only root may use it").doesNotContain("stale");
        } finally {
            Files.setPosixFilePermissions(nx.state, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    @Order(3)
    void aWorldWritableSocketRefusesAnotherUserInASentenceEvenInTheShell() throws Exception {
        Files.setPosixFilePermissions(nx.state, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(nx.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
        Path input = Files.createTempFile(nx.base, "shell-in", ".txt");
        Files.writeString(input, "lb\nexit\n");
        try {
            String sentence = "nexcage: this daemon's socket is not yours to use: the daemon serves only root, not user nobody; run nexcage "
                    + "as root, or start a daemon of your own with NEXCAGE_STATE set to a directory you own\n";
            Nexcage.Result command = runAs(NOBODY, nx, null, "plugin", "list");
            assertThat(command.exit()).as(command.toString()).isEqualTo(3);
            assertThat(command.err()).isEqualTo(sentence);
            Nexcage.Result shell = runAs(NOBODY, nx, input, "shell");
            assertThat(shell.exit()).as(shell.toString()).isEqualTo(3);
            assertThat(shell.err()).isEqualTo(sentence);
            assertThat(shell.out()).as("no raw frame bytes").isEmpty();
        } finally {
            Files.setPosixFilePermissions(nx.socket(), PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(nx.state, PosixFilePermissions.fromString("rwx------"));
        }
        assertThat(nx.shell("lb")).as("root's shell still opens").contains("System Bundle");
    }

    private static SocketChannel connect() throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(nx.socket()));
    }

    private static void send(SocketChannel ch, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Every frame until the daemon closes the connection, as "type:payload", within the bound. */
    private static List<String> answer(SocketChannel ch, Duration bound) throws Exception {
        return CompletableFuture.supplyAsync(() -> ControlFrames.readAll(ch), readers).get(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    @Order(4)
    void aConnectionThatNeverEndsItsRequestLineIsAnsweredAndClosedAfterTenSeconds() throws Exception {
        try (SocketChannel ch = connect()) {
            send(ch, "{\"argv\":[\"version\"]");
            long start = System.nanoTime();
            List<String> frames = answer(ch, Duration.ofSeconds(30));
            Duration held = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("a request line without a newline was held for " + held.toMillis() + " ms");
            assertThat(frames).containsExactly("2:nexcage: no complete request line arrived within 10 s of connecting, so the daemon "
                    + "hung up; use the nexcage client, which sends it at once\n", "x:2");
            assertThat(held).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(20));
        }
    }

    @Test
    @Order(5)
    void illTypedRequestsGetOneSentenceAndExitTwo() throws Exception {
        for (String request : List.of("{\"argv\":[null]}", "{\"argv\":[\"version\"],\"cwd\":\"/a\\u0000b\"}")) {
            try (SocketChannel ch = connect()) {
                send(ch, request + "\n");
                List<String> frames = answer(ch, Duration.ofSeconds(10));
                assertThat(frames).as(request).hasSize(2);
                assertThat(frames.get(0)).as(request).startsWith("2:nexcage: ").endsWith("use the nexcage client of the daemon's version\n");
                assertThat(frames.get(1)).isEqualTo("x:2");
            }
        }
        assertThat(nx.daemonLog()).doesNotContain("Exception");
    }

    @Test
    @Order(6)
    void aRequestOverOneMebibyteFromTheLauncherIsRefusedInASentence() throws Exception {
        // the kernel takes at most 128 KiB per argument: ten of them make a request over 1 MiB
        String[] args = new String[11];
        args[0] = "hello";
        for (int i = 1; i < args.length; i++) {
            args[i] = "x".repeat(120_000);
        }
        Nexcage.Result r = nx.run(args);
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("nexcage: the request is longer than the daemon's limit of 1048576 bytes; pass long inputs in a "
                + "file instead of on the command line\n");
    }

    private static int threads(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Threads:"))
                .mapToInt(l -> Integer.parseInt(l.substring("Threads:".length()).trim())).findFirst().orElseThrow();
    }

    @Test
    @Order(7)
    void twoThousandIdleConnectionsHoldNoMoreThreadsThanTheCapAndTheRestAreRefused() throws Exception {
        int atRest = threads(nx.pid());
        List<SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 2000; i++) {
                idle.add(connect());
            }
            int refused = 0;
            for (SocketChannel ch : idle.subList(CAP, idle.size())) {
                List<String> frames = answer(ch, Duration.ofSeconds(10));
                if (frames.contains("x:3")) {
                    assertThat(frames.get(0)).startsWith("2:nexcage: the daemon is already serving 64 connections, its limit;");
                    refused++;
                }
            }
            int held = threads(nx.pid());
            System.out.println("daemon threads: " + atRest + " at rest, " + held + " with 2000 idle connections; " + refused + " refused");
            assertThat(refused).as("every connection over the cap is refused at once").isGreaterThanOrEqualTo(2000 - 2 * CAP);
            assertThat(held).isLessThanOrEqualTo(atRest + 2 * CAP);
        } finally {
            for (SocketChannel ch : idle) {
                ch.close();
            }
        }
        Nexcage.Result after = Nexcage.await("a command served after the flood", Duration.ofSeconds(20), () -> nx.run("hello", "again"),
                r -> r.exit() == 0);
        assertThat(after.out()).isEqualTo("Hello, again!\n");
    }

    @Test
    @Order(8)
    void aDaemonOfAUidWithNoPasswdEntryServesThatUidAndRoot() throws Exception {
        int uid = 4242;
        assertThat(Files.readAllLines(Path.of("/etc/passwd"))).as("uid " + uid + " has no passwd entry")
                .noneMatch(l -> l.split(":").length > 2 && l.split(":")[2].equals(Integer.toString(uid)));
        Nexcage own = Nexcage.withHello("nxcu");
        Process daemon = null;
        try {
            Files.setPosixFilePermissions(own.base, PosixFilePermissions.fromString("rwx--x--x"));
            assertThat(new ProcessBuilder("chown", "-R", uid + ":" + uid, own.base.toString()).inheritIO().start().waitFor()).isZero();
            Path out = own.base.resolve("daemon.out");
            ProcessBuilder pb = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                    otherUsersLauncher().toString(), "daemon").directory(Path.of("/").toFile());
            pb.environment().put("NEXCAGE_HOME", own.home.toString());
            pb.environment().put("NEXCAGE_STATE", own.state.toString());
            pb.environment().remove("NEXCAGE_SOCKET");
            daemon = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
            Process d = daemon;
            // root was served by name before too: it tells when the daemon is up
            Nexcage.await("the daemon of uid " + uid + " serves root", Duration.ofSeconds(60), () -> {
                assertThat(d.isAlive()).as("the daemon runs").isTrue();
                return own.run("plugin", "list");
            }, r -> r.exit() == 0);
            Nexcage.Result mine = runAs(uid, own, null, "hello", "me");
            assertThat(mine.exit()).as(mine + "\ndaemon output:\n" + Files.readString(out)).isZero();
            assertThat(mine.out()).isEqualTo("Hello, me!\n");
            Nexcage.Result other = runAs(NOBODY, own, null, "plugin", "list");
            assertThat(other.exit()).isEqualTo(3);
            assertThat(other.err()).contains("is not yours to use (permission denied): only uid 4242 and root may use it; run nexcage as uid "
                    + "4242 or root");
        } finally {
            if (daemon != null) {
                daemon.destroy();
                if (!daemon.waitFor(45, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            }
            own.close();
        }
    }
}
