package nexcage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two clients of the nexcage command side by side, the Perl launcher and the native client the
 * build compiles (target/runtime/bin/nexcage), against a {@link FakeDaemon}: the same request line
 * byte for byte, the same relay of every kind of frame, the same exit codes, signals, sentences and
 * defaults. Each case also checks what the answer must be, so that both drifting alike fails too.
 * (NativeClientEndToEndTest runs both against a real daemon and engine, and fails where a
 * compiler was there but the client is not native.)
 */
class ClientProtocolTest {
    private static final List<Path> CLIENTS = List.of(Nexcage.LAUNCHER, Nexcage.NATIVE_CLIENT);
    private Path dir;
    private Path sock;
    private final Map<String, String> env = new LinkedHashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        assertThat(Nexcage.NATIVE_CLIENT).as("the build writes target/runtime/bin/nexcage").exists();
        dir = Files.createTempDirectory(Paths.get("/tmp"), "nxcl"); // short: a socket path stays under 107 bytes
        sock = dir.resolve("d.sock");
        env.put("NEXCAGE_HOME", dir.resolve("home").toString());
        env.put("NEXCAGE_STATE", dir.resolve("state").toString());
        env.put("NEXCAGE_SOCKET", sock.toString());
    }

    @AfterEach
    void tearDown() {
        Nexcage.deleteTree(dir);
    }

    /** Runs CLIENT ARGS with this test's environment from cwd (null: the test's), stdin from a file (null: none). */
    Nexcage.Result run(Path client, Path cwd, Path stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(client.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("NEXCAGE_") || k.equals("BASH_ENV") || k.equals("PERL5OPT"));
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        if (cwd != null) {
            pb.directory(cwd.toFile());
            if (!env.containsKey("PWD")) { // as a shell that changed into cwd would set it
                pb.environment().put("PWD", cwd.toString());
            }
        }
        Path out = Files.createTempFile(dir, "out", "");
        Path err = Files.createTempFile(dir, "err", "");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()) : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(client + " " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Nexcage.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Runs the same through both clients, asserts they answered alike, and returns that answer. */
    Nexcage.Result both(Path cwd, String... args) throws Exception {
        Nexcage.Result perl = run(Nexcage.LAUNCHER, cwd, null, args);
        Nexcage.Result nat = run(Nexcage.NATIVE_CLIENT, cwd, null, args);
        assertThat(nat).as("the native client answers 'nexcage %s' as the Perl launcher does", String.join(" ", args)).isEqualTo(perl);
        return perl;
    }

    /** Runs the same through both clients against this script; returns the Perl launcher's request line after checking the native one's is the same. */
    String requestOfBoth(Path cwd, FakeDaemon.Script script, String... args) throws Exception {
        try (FakeDaemon d = new FakeDaemon(sock, script)) {
            both(cwd, args);
            String perl = d.request();
            String nat = d.request();
            assertThat(nat).as("the request line of the native client").isEqualTo(perl);
            assertThat(d.failures()).isEmpty();
            return perl;
        }
    }

    private static final FakeDaemon.Script EXIT_0 = (in, out, req) -> FakeDaemon.send(out, FakeDaemon.frame('x', "0"));

    @Test
    void theRequestLineIsTheSameByteForByte() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        String req = requestOfBoth(link, EXIT_0, "hello", "a \"q\" \\ b", "tab\tnl\n", "ünï€", "", "-x", "/abs");
        // the caller's logical directory (its PWD), as bash would give it
        assertThat(req).isEqualTo("{\"argv\":[\"hello\",\"a \\\"q\\\" \\\\ b\",\"tab\\u0009nl\\u000a\",\"ünï€\",\"\",\"-x\",\"/abs\"],"
                + "\"cwd\":\"" + link + "\",\"tty\":false,\"mode\":\"command\"}");
        // a PWD that names another directory is not believed: the real one is sent
        env.put("PWD", "/");
        assertThat(requestOfBoth(link, EXIT_0, "hello")).contains("\"cwd\":\"" + real.toRealPath() + "\"");
    }

    @Test
    void theTtyFlagFollowsStdout() throws Exception {
        try (FakeDaemon d = new FakeDaemon(sock, EXIT_0)) {
            for (Path client : CLIENTS) {
                // script(1) gives the client a terminal for stdout
                Nexcage.Result r = run(Path.of("script"), null, null, "-qec", client + " hello", "/dev/null");
                assertThat(r.exit()).as(r.toString()).isZero();
                assertThat(d.request()).as(client.toString()).contains("\"tty\":true");
            }
        }
        assertThat(requestOfBoth(null, EXIT_0, "hello")).contains("\"tty\":false");
    }

    @Test
    void everyFrameIsRelayedAsItComes() throws Exception {
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        try (FakeDaemon d = new FakeDaemon(sock, (in, out, req) -> {
            byte[] first = FakeDaemon.frame('1', "out-");
            for (byte b : first) { // a header that comes one byte at a time
                out.write(b);
                out.flush();
            }
            FakeDaemon.send(out, FakeDaemon.frame('2', "err-1\n"), FakeDaemon.frame('z', "an unknown frame"),
                    FakeDaemon.frame('g', ""), FakeDaemon.frame('1', ""), FakeDaemon.frame('1', big), FakeDaemon.frame('2', "err-2\n"),
                    FakeDaemon.frame('x', "7"));
            try {
                FakeDaemon.send(out, FakeDaemon.frame('1', "after the exit")); // never printed
            } catch (IOException gone) {
                // the client has left already
            }
        })) {
            Nexcage.Result answer = both(null, "plugin", "list");
            assertThat(answer.exit()).isEqualTo(7);
            assertThat(answer.out()).isEqualTo("out-" + new String(big, StandardCharsets.US_ASCII));
            assertThat(answer.err()).isEqualTo("err-1\nerr-2\n");
            assertThat(d.failures()).isEmpty();
        }
    }

    @Test
    void theExitStatusIsTheDaemons() throws Exception {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        statuses.put("0", 0);
        statuses.put("2", 2);
        statuses.put("125", 125);
        statuses.put("130", 130);
        statuses.put("300", 300 & 0xff);
        statuses.put("-1", 255);
        statuses.put("", 0);
        for (Map.Entry<String, Integer> s : statuses.entrySet()) {
            try (FakeDaemon d = new FakeDaemon(sock, (in, out, req) -> FakeDaemon.send(out, FakeDaemon.frame('x', s.getKey())))) {
                assertThat(both(null, "hello").exit()).as("exit frame '%s'", s.getKey()).isEqualTo(s.getValue());
            }
        }
    }

    @Test
    void aDaemonThatClosesBeforeItAnswersIs125ForRunAndExecAnd1Otherwise() throws Exception {
        String sentence = "nexcage: the daemon closed the connection before it answered; see its log in the state directory\n";
        FakeDaemon.Script closes = (in, out, req) -> FakeDaemon.send(out, FakeDaemon.frame('1', "partial\n"), new byte[] {'1', 0, 0, 0, 9, 'a'});
        try (FakeDaemon d = new FakeDaemon(sock, closes)) {
            for (String[] args : List.of(new String[] {"run", "--rm", "x"}, new String[] {"exec", "x", "ls"},
                    new String[] {"runs"}, new String[] {"plugin", "list"})) {
                Nexcage.Result r = both(null, args);
                boolean own = args[0].equals("run") || args[0].equals("exec");
                assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(own ? 125 : 1);
                assertThat(r.out()).startsWith("partial\n");
                assertThat(r.err()).isEqualTo(sentence);
            }
        }
    }

    @Test
    void signalsArePassedOnOnceAskedAndAThirdIntOrTermLeaves() throws Exception {
        for (Path client : CLIENTS) {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            try (FakeDaemon d = new FakeDaemon(sock, (in, out, req) -> {
                FakeDaemon.send(out, FakeDaemon.frame('s', "stopped waiting for c1; stop it with 'nexcage stop c1'"),
                        FakeDaemon.frame('1', "ready\n"));
                for (String l; !(l = FakeDaemon.line(in)).isEmpty();) {
                    lines.add(l);
                }
            })) {
                Path out = dir.resolve("sig.out");
                Path err = dir.resolve("sig.err");
                // a JVM starts its children with SIGQUIT blocked (it keeps QUIT for its thread dumps): unblocked, as in a terminal
                ProcessBuilder pb = new ProcessBuilder("python3", "-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []);"
                        + " os.execv(sys.argv[1], sys.argv[1:])", client.toString(), "run", "--rm", "--name", "c1", "img");
                pb.environment().putAll(env);
                Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                Nexcage.await("the client relays 'ready' (it took the signals before)", Nexcage.WAIT, () -> read(out), o -> o.equals("ready\n"));
                for (String sig : List.of("HUP", "QUIT", "USR1", "USR2", "TERM", "INT")) {
                    assertThat(new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor()).isZero();
                    assertThat(lines.poll(20, TimeUnit.SECONDS)).as(client + " passes on " + sig).isEqualTo(sig);
                    assertThat(p.isAlive()).as(client + " still runs after " + sig).isTrue();
                }
                assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).as(client + " leaves at the third INT or TERM").isTrue();
                assertThat(p.exitValue()).isEqualTo(130);
                assertThat(read(err)).as(client.toString()).isEqualTo("\nnexcage: stopped waiting for c1; stop it with 'nexcage stop c1'\n");
                assertThat(lines.poll(20, TimeUnit.SECONDS)).as("the third INT is passed on too").isEqualTo("INT");
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void whyTheDaemonCannotBeReachedIsSaidAlike() throws Exception {
        Nexcage.Result none = both(null, "plugin", "list");
        assertThat(none.exit()).isEqualTo(3);
        assertThat(none.err()).isEqualTo("nexcage: no daemon is running (no socket at " + sock + "); start one with 'nexcage daemon'\n");

        Path file = Files.writeString(dir.resolve("plain"), "not a socket");
        env.put("NEXCAGE_SOCKET", file.resolve("d.sock").toString()); // ENOTDIR: the same sentence
        assertThat(both(null, "plugin", "list").err()).startsWith("nexcage: no daemon is running (no socket at " + file + "/d.sock)");

        env.put("NEXCAGE_SOCKET", file.toString());
        assertThat(both(null, "plugin", "list").err()).isEqualTo("nexcage: cannot connect to the daemon at " + file
                + " (Connection refused); check that path, or start a daemon with 'nexcage daemon'\n");

        Path stale = dir.resolve("stale.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(stale)).close(); // the file stays
        env.put("NEXCAGE_SOCKET", stale.toString());
        Nexcage.Result refused = both(null, "plugin", "list");
        assertThat(refused.exit()).isEqualTo(3);
        assertThat(refused.err()).startsWith("nexcage: no daemon answers at " + stale + " (connection refused)");

        // another user's socket (EACCES): the owner of the nearest part the caller may see is named. Needs two users: as
        // root (CI), the clients run as nobody, when nobody may reach them
        if ("root".equals(System.getProperty("user.name"))
                && run(Path.of("setpriv"), null, null, "--reuid=65534", "--regid=65534", "--clear-groups", "test", "-x",
                        Nexcage.NATIVE_CLIENT.toString()).exit() == 0) {
            Path theirs = Files.createDirectories(dir.resolve("theirs"));
            Path owned = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(theirs.resolve("d.sock")))
                    .getLocalAddress() instanceof UnixDomainSocketAddress a ? a.getPath() : null;
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(theirs, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            new ProcessBuilder("chown", "4321", theirs.toString()).start().waitFor();
            env.put("NEXCAGE_SOCKET", owned.toString());
            List<Nexcage.Result> asNobody = new ArrayList<>();
            for (Path client : CLIENTS) {
                asNobody.add(run(Path.of("setpriv"), null, null, "--reuid=65534", "--regid=65534", "--clear-groups", client.toString(), "list"));
            }
            assertThat(asNobody.get(1)).isEqualTo(asNobody.get(0));
            assertThat(asNobody.get(0).exit()).isEqualTo(3);
            assertThat(asNobody.get(0).err()).isEqualTo("nexcage: the daemon socket " + owned + " is not yours to use (permission denied):"
                    + " only uid 4321 and root may use it; run nexcage as uid 4321 or root, or start a daemon of your own with"
                    + " NEXCAGE_STATE set to a directory you own\n");
            // an owner with a name in /etc/passwd (Debian's "daemon", uid 1) is named: the static native client reads the file itself
            new ProcessBuilder("chown", "1", theirs.toString()).start().waitFor();
            List<Nexcage.Result> named = new ArrayList<>();
            for (Path client : CLIENTS) {
                named.add(run(Path.of("setpriv"), null, null, "--reuid=65534", "--regid=65534", "--clear-groups", client.toString(), "list"));
            }
            assertThat(named.get(1)).isEqualTo(named.get(0));
            assertThat(named.get(0).err()).contains(" only daemon and root may use it; run nexcage as daemon or root,");
        }

        env.put("NEXCAGE_SOCKET", "/tmp/" + "s".repeat(110));
        Nexcage.Result tooLong = both(null, "plugin", "list");
        assertThat(tooLong.exit()).isEqualTo(3);
        assertThat(tooLong.err()).contains("longer than the 107 bytes").contains("NEXCAGE_SOCKET");
    }

    @Test
    void theDefaultsOfHomeStateAndSocketAreTheSame() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        env.put("NEXCAGE_SOCKET", ""); // empty counts as unset
        assertThat(both(null, "nosuch-command").err()).contains("no socket at " + dir.resolve("state/nexcage.sock") + ")");
        env.put("NEXCAGE_STATE", null);
        env.put("HOME", dir.resolve("u").toString());
        Map<String, String> expected = new HashMap<>();
        expected.put("home", root ? "/var/lib/nexcage/nexcage.sock" : dir.resolve("home/state/nexcage.sock").toString());
        expected.put("none", root ? "/var/lib/nexcage/nexcage.sock" : dir.resolve("u/.nexcage/state/nexcage.sock").toString());
        for (String which : List.of("home", "none")) {
            if (which.equals("none")) {
                env.put("NEXCAGE_HOME", null);
            }
            Nexcage.Result r = both(null, "nosuch-command");
            if (r.exit() == 3) { // as root a system daemon may answer at /var/lib/nexcage: then both reached the same one
                assertThat(r.err()).contains("no socket at " + expected.get(which) + ")");
            }
        }
    }

    @Test
    void fileArgumentsAreMadeAbsoluteButNotTheCommandsWords() throws Exception {
        Path work = Files.createDirectories(dir.resolve("w"));
        for (String f : List.of("plugin", "validate", "x.jar")) {
            Files.writeString(work.resolve(f), "");
        }
        assertThat(requestOfBoth(work, EXIT_0, "plugin", "validate", "x.jar", "-v", "/abs", "nonexistent"))
                .contains("\"argv\":[\"plugin\",\"validate\",\"" + work + "/x.jar\",\"-v\",\"/abs\",\"nonexistent\"]");
        // the table comes from beside NEXCAGE_JAR: there, frob takes files and plugin validate does not
        Path table = Files.createDirectories(dir.resolve("t"));
        Files.writeString(table.resolve("commands.bash"), "# a test table\nnexcage_builtins=\",frob,\"\nnexcage_file_args=\",frob,\"\n");
        env.put("NEXCAGE_JAR", table.resolve("runtime.jar").toString());
        assertThat(requestOfBoth(work, EXIT_0, "frob", "x.jar")).contains("\"argv\":[\"frob\",\"" + work + "/x.jar\"]");
        assertThat(requestOfBoth(work, EXIT_0, "plugin", "validate", "x.jar")).contains("\"argv\":[\"plugin\",\"validate\",\"x.jar\"]");
    }

    @Test
    void pluginDebugRunsAtTraceWhenTheClientsLevelSaysTrace() throws Exception {
        env.put("NEXCAGE_LOG_LEVEL", "TRACE");
        assertThat(requestOfBoth(null, EXIT_0, "--plugin-debug", "hello", "hello", "x"))
                .contains("\"argv\":[\"--plugin-debug\",\"--level\",\"trace\",\"hello\",\"hello\",\"x\"]");
        env.put("NEXCAGE_LOG_LEVEL", "debug");
        assertThat(requestOfBoth(null, EXIT_0, "--plugin-debug", "hello", "hello")).contains("\"argv\":[\"--plugin-debug\",\"hello\",\"hello\"]");
    }

    @Test
    void helpVersionAndCompletionGoToTheAdminScriptAndABuiltinsHelpToTheDaemonWhenThereIsOne() throws Exception {
        String overview = Files.readString(Nexcage.RUNTIME_JAR.resolveSibling("help.txt"));
        Nexcage.Result runHelp = both(null, "run", "--help"); // no daemon: the overview
        assertThat(runHelp.exit()).isZero();
        assertThat(runHelp.out()).startsWith(overview);
        assertThat(both(null, "help").out()).isEqualTo(runHelp.out());
        assertThat(both(null).out()).isEqualTo(runHelp.out());
        assertThat(both(null, "version").out()).isEqualTo("nexcage client 0.8.0\n");
        assertThat(both(null, "completion", "bash").out()).isEqualTo(Files.readString(Nexcage.RUNTIME_JAR.resolveSibling("completion.bash")));
        assertThat(requestOfBoth(null, EXIT_0, "run", "-h")).contains("\"argv\":[\"run\",\"-h\"]");
    }

    @Test
    void theShellAndImportsFromStdinCarryStdin() throws Exception {
        Path input = Files.writeString(dir.resolve("in"), "abc\nline two\n");
        for (Path client : CLIENTS) {
            try (FakeDaemon d = new FakeDaemon(sock, (in, out, req) -> {
                FakeDaemon.send(out, FakeDaemon.frame('g', ""));
                out.write(("got:" + new String(in.readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                out.flush();
            })) {
                Nexcage.Result shell = run(client, null, input, "shell");
                assertThat(shell).as(client.toString()).isEqualTo(new Nexcage.Result(0, "got:abc\nline two\n", ""));
                assertThat(d.request()).contains("\"argv\":[\"shell\"]").contains("\"mode\":\"shell\"");
            }
            // image import NAME - spools stdin to a file the daemon reads
            try (FakeDaemon d = new FakeDaemon(sock, (in, out, req) -> {
                String file = req.replaceAll("^.*\"argv\":\\[\"image\",\"import\",\"img\",\"([^\"]*)\"\\].*$", "$1");
                FakeDaemon.send(out, FakeDaemon.frame('1', Files.readAllBytes(Path.of(file))), FakeDaemon.frame('x', "0"));
            })) {
                Nexcage.Result imported = run(client, null, input, "image", "import", "img", "-");
                assertThat(imported).as(client.toString()).isEqualTo(new Nexcage.Result(0, "abc\nline two\n", ""));
                assertThat(d.failures()).isEmpty();
            }
        }
    }
}
