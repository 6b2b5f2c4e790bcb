package nexcage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher's class data sharing archive (DESIGN §9): the build's beside runtime.jar, else one the
 * daemon writes into its state directory as it exits in order (on JDK 25 and later an AOT cache);
 * mapped by the next start, replaced when the runtime jar changes, and never the cause of a failed
 * start when damaged. The daemon runs on the JDK this test runs on (JAVA_HOME is passed on).
 */
class ClassDataSharingTest {
    private static final Path SHIPPED_CDS = Nexcage.RUNTIME_JAR.resolveSibling("cds");
    /** What a state directory gets: a dynamic archive, or on JDK 25+ an AOT cache. */
    private static final String STATE_KIND = Runtime.version().feature() >= 25 ? "aot" : "jsa";

    private Nexcage nx;

    @BeforeEach
    void create() throws Exception {
        nx = Nexcage.withHello("nxcds");
    }

    @AfterEach
    void stop() {
        if (nx != null && nx.alive()) {
            nx.stop();
        }
    }

    @Test
    void theBuildsArchiveServesAFreshStateDirectoryAndNexcageCdsZeroLeavesItOut() throws Exception {
        assertThat(archives(SHIPPED_CDS, "jsa")).as("the build made an archive beside runtime.jar (runtime.cds.sh)").hasSize(1);
        nx.start();
        assertThat(mappedArchives()).as("the daemon maps the build's archive").containsExactlyElementsOf(archives(SHIPPED_CDS, "jsa"));
        nx.stop();
        assertThat(archives(nx.state.resolve("cds"), "jsa")).as("no archive of its own").isEmpty();
        assertThat(archives(nx.state.resolve("cds"), "aot")).as("no AOT cache either").isEmpty();

        nx.daemonEnv("NEXCAGE_CDS", "0");
        nx.start();
        assertThat(mappedArchives()).isEmpty();
        assertThat(nx.run("hello", "World").out()).contains("World");
    }

    @Test
    void withoutTheBuildsArchiveTheFirstStartWritesOneTheNextMapsItAndAChangedJarReplacesIt() throws Exception {
        Path jar = distWithoutArchive();
        Path cds = nx.state.resolve("cds");
        nx.start();
        assertThat(mappedArchives()).isEmpty();
        nx.stop();
        List<Path> made = archives(cds, STATE_KIND);
        assertThat(made).as("written as the daemon exited").hasSize(1);

        nx.start();
        assertThat(mappedArchives()).as("the next start maps it").containsExactlyElementsOf(made);
        assertThat(made.get(0).resolveSibling(made.get(0).getFileName() + ".verified")).as("tried once, then trusted").exists();
        nx.stop();

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        nx.start();
        assertThat(made.get(0)).as("the archive of the old runtime jar is removed").doesNotExist();
        assertThat(mappedArchives()).isEmpty();
        nx.stop();
        assertThat(archives(cds, STATE_KIND)).as("one for the new runtime jar").hasSize(1).doesNotContainAnyElementsOf(made);
    }

    @Test
    void aTruncatedOrOverwrittenArchiveIsRemovedAndTheDaemonStartsWithoutIt() throws Exception {
        distWithoutArchive();
        Path cds = nx.state.resolve("cds");
        nx.start();
        nx.stop();
        Path archive = archives(cds, STATE_KIND).get(0);
        long size = Files.size(archive);

        // its header intact, most of it gone: a JDK 17 that maps it dies of SIGBUS
        archive.toFile().setWritable(true);
        try (var channel = java.nio.channels.FileChannel.open(archive, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size / 6);
        }
        nx.start();
        assertThat(mappedArchives()).isEmpty();
        assertThat(archive).as("the damaged archive is removed").doesNotExist();
        assertThat(nx.run("hello", "World").out()).contains("World");
        nx.stop();
        assertThat(archive).as("written again at the exit").exists();
        assertThat(Files.size(archive)).isGreaterThan(size / 2);

        byte[] noise = new byte[100_000];
        new Random(22).nextBytes(noise);
        archive.toFile().setWritable(true);
        Files.write(archive, noise);
        nx.start();
        assertThat(mappedArchives()).isEmpty();
        assertThat(nx.run("hello", "World").out()).contains("World");
        assertThat(nx.daemonLog()).doesNotContain("fatal error").doesNotContain("[cds]");
    }

    /** A copy of the runtime jar without the build's archive beside it, for this daemon. */
    private Path distWithoutArchive() throws IOException {
        Path dist = Files.createDirectories(nx.base.resolve("dist"));
        Path jar = Files.copy(Nexcage.RUNTIME_JAR, dist.resolve("runtime.jar"));
        nx.env.put("NEXCAGE_JAR", jar.toString());
        return jar;
    }

    /** The launcher's archives ({@code jsa}) or AOT caches ({@code aot}) in the directory. */
    private static List<Path> archives(Path dir, String kind) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("runtime-.*\\." + kind)).sorted().toList();
        }
    }

    /** The launcher's archives and AOT caches the daemon's JVM has mapped (the JDK's own classes.jsa aside). */
    private List<Path> mappedArchives() throws IOException {
        try (Stream<String> maps = Files.lines(Path.of("/proc", Long.toString(nx.pid()), "maps"))) {
            return maps.map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(p -> p.matches(".*/runtime-[^/]*\\.(jsa|aot)"))
                    .distinct().map(Path::of).sorted().toList();
        }
    }
}
