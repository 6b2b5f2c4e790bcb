package nexcage.e2e.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import nexcage.e2e.Nexcage;

/**
 * A plugin author's path, for each type, as the README tells it: {@code nexcage plugin new} outside
 * the checkout, {@code mvn package} of the project it wrote (real Maven, its tests included: one
 * runs the plugin in a real framework through the test kit), {@code nexcage plugin install} of the
 * file, and the plugin at work in the daemon. Maven runs offline on a private copy of the local
 * repository without org/nexcage, so NexCage's artifacts come from the build's SDK repository
 * (target/sdk), as for a fresh user, and the shared repository gets none of them.
 */
class AuthorPathTest {
    private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(5);
    private static Nexcage nx;
    private static Path projects;
    private static Path m2;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Nexcage.ROOT.resolve("target/sdk/plugin-new.jar")).as("build the reactor first").isRegularFile();
        m2 = privateRepository();
        projects = Files.createTempDirectory(Paths.get("/tmp"), "nxauthor");
        nx = new Nexcage(Files.createTempDirectory(Paths.get("/tmp"), "nxa"));
        nx.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (nx != null) {
            nx.stop();
        }
        deleteTree(projects);
    }

    @Test
    void commandFromPluginNewToTheCommandAnswering() throws Exception {
        long t0 = System.nanoTime();
        Path project = newBuiltAndInstalled("greet", "command");
        Nexcage.Result r = nx.run("greet", "hi");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("greet: hi\n");
        assertThat(project.resolve("src/main/java/org/example/greet/package-info.java")).content()
                .contains("@NexCagePlugin(name = \"greet\")");
        String line = "author's path for a command plugin (plugin new, mvn package with its tests, plugin install, the command"
                + " answering): " + seconds + " s";
        System.out.println(line);
        Files.writeString(Paths.get("target", "author-path-time.txt"), line + "\n");
        assertThat(seconds).as("the author's path should take under 5 minutes").isLessThan(300);
    }

    @Test
    void backendShowsInBackendList() throws Exception {
        newBuiltAndInstalled("membox", "backend");
        Nexcage.await("membox in backend list", Nexcage.START_WAIT, () -> nx.run("backend", "list").out(),
                out -> out.lines().anyMatch(l -> l.startsWith("membox") && l.contains("healthy")));
    }

    @Test
    void integrationShowsInIntegrationList() throws Exception {
        newBuiltAndInstalled("echoer", "integration");
        Nexcage.await("echoer connected in integration list", Nexcage.START_WAIT, () -> nx.run("integration", "list").out(),
                out -> out.lines().anyMatch(l -> l.startsWith("echoer ") && l.matches(".*\\bconnected\\b.*")));
        Nexcage.Result sent = nx.run("integration", "send", "echoer", "{\"ping\":1}");
        assertThat(sent.exit()).as(sent.toString()).isZero();
        assertThat(sent.out()).contains("ping");
    }

    @Test
    void hookHandlerShowsInHooksList() throws Exception {
        newBuiltAndInstalled("gatekeeper", "hooks");
        Nexcage.Result hooks = nx.run("hooks", "list");
        assertThat(hooks.out().lines().filter(l -> l.contains("container.pre_create") && l.contains("gatekeeper"))).hasSize(1);
    }

    @Test
    void badInputIsOneLineExit2AndWritesNothing() throws Exception {
        for (String[] args : List.of(new String[] {"plugin", "new", "Bad_Name"}, new String[] {"plugin", "new", "ok", "--type", "daemon"},
                new String[] {"plugin", "new", "plugin"})) {
            Nexcage.Result r = nx.runIn(projects, args);
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.errLines()).hasSize(1);
        }
        Files.createDirectories(projects.resolve("taken"));
        assertThat(nx.runIn(projects, "plugin", "new", "taken").exit()).isEqualTo(2);
        try (Stream<Path> left = Files.list(projects)) {
            assertThat(left.map(p -> p.getFileName().toString())).doesNotContain("Bad_Name", "ok", "plugin");
        }
    }

    /** plugin new NAME --type TYPE in the projects folder, mvn package there, plugin install of the file; the project. */
    private static Path newBuiltAndInstalled(String name, String type) throws Exception {
        Nexcage.Result made = nx.runIn(projects, "plugin", "new", name, "--type", type);
        assertThat(made.exit()).as(made.toString()).isZero();
        Path project = projects.resolve(name);
        maven(project);
        Path file = project.resolve("target/" + name + "-1.0.0.nexcage-plugin");
        assertThat(file).isRegularFile();
        Nexcage.Result installed = nx.run("plugin", "install", file.toString());
        assertThat(installed.exit()).as(installed.toString()).isZero();
        nx.awaitList(name + " active", list -> Nexcage.plugin(list, name).map(Nexcage::state).orElse("").equals("active"));
        return project;
    }

    private static void maven(Path project) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-q", "-o", "-Daether.offline.protocols=file",
                "-Dmaven.repo.local=" + m2, "package"));
        Path log = project.resolve("maven.log");
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(MAVEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn package in " + project + " took over " + MAVEN_TIMEOUT.toMinutes() + " minutes");
        }
        assertThat(p.exitValue()).as("mvn package in " + project + ":\n" + Files.readString(log)).isZero();
    }

    /**
     * target/author-m2: the shared local repository's files without org/nexcage (copied once, then
     * kept; org/nexcage is emptied before every run, so each run resolves NexCage from target/sdk).
     */
    static Path privateRepository() throws Exception {
        Path target = Paths.get("target", "author-m2").toAbsolutePath();
        if (!Files.isDirectory(target)) {
            Path shared = Paths.get(System.getProperty("nexcage.m2", System.getProperty("user.home") + "/.m2/repository"));
            Path partial = Paths.get("target", "author-m2.partial").toAbsolutePath();
            deleteTree(partial);
            // hard links when the repository is on the same file system (instant, no space); Maven
            // writes new files, never into the linked ones, in offline mode
            if (copy(shared, partial, "-al") != 0) {
                deleteTree(partial);
                assertThat(copy(shared, partial, "-a")).as("copying " + shared + " to " + partial).isZero();
            }
            Files.move(partial, target);
        }
        deleteTree(target.resolve("org/nexcage"));
        return target;
    }

    private static int copy(Path from, Path to, String mode) throws Exception {
        Process cp = new ProcessBuilder("cp", mode, from.toString(), to.toString()).inheritIO().start();
        assertThat(cp.waitFor(5, TimeUnit.MINUTES)).as("cp " + mode + " " + from + " finished in 5 minutes").isTrue();
        return cp.exitValue();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
