package nexcage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkCacheTest {
    @TempDir
    Path dir;
    private Path storage;
    private Path jar;

    @BeforeEach
    void layout() throws IOException {
        storage = dir.resolve("state/framework");
        jar = Files.writeString(dir.resolve("boot.jar"), "jar");
    }

    private String stamp() {
        return FrameworkCache.stamp(List.of(jar), Map.of("a", "1"), "/jdk", "17.0.15");
    }

    /** A cache as the framework leaves it: a revision directory with a file. */
    private Path writeCache() throws IOException {
        return Files.writeString(Files.createDirectories(storage.resolve("bundle5/version0.0")).resolve("bundle.jar"), "plugin");
    }

    @Test
    void aFirstStartMakesAnEmptyCacheAndNoMarker() throws IOException {
        FrameworkCache cache = new FrameworkCache(storage, stamp());

        assertThat(cache.open()).isFalse();
        assertThat(storage).isEmptyDirectory();
        assertThat(cache.marker()).doesNotExist().hasFileName("framework.stopped");
    }

    @Test
    void aCacheLeftByAnOrderlyStopOfTheSameRuntimeIsKeptAndItsMarkerRemoved() throws IOException {
        Path revision = writeCache();
        new FrameworkCache(storage, stamp()).stoppedInOrder();

        FrameworkCache next = new FrameworkCache(storage, stamp());
        assertThat(next.marker()).exists();
        assertThat(next.open()).isTrue();
        assertThat(revision).hasContent("plugin");
        assertThat(next.marker()).as("removed at start: a crash from now on leaves no marker").doesNotExist();
        assertThat(next.marker().resolveSibling("framework.stopped.tmp")).doesNotExist();
    }

    @Test
    void aCacheWithoutTheMarkerIsClearedAsAfterKillNine() throws IOException {
        Path revision = writeCache();

        assertThat(new FrameworkCache(storage, stamp()).open()).isFalse();
        assertThat(revision).doesNotExist();
        assertThat(storage).isEmptyDirectory();
    }

    @Test
    void aMarkerIsUsedOnceSoASecondStartWithoutAnOrderlyStopClears() throws IOException {
        Path revision = writeCache();
        new FrameworkCache(storage, stamp()).stoppedInOrder();
        assertThat(new FrameworkCache(storage, stamp()).open()).isTrue();

        // that daemon was killed: no new marker
        assertThat(new FrameworkCache(storage, stamp()).open()).isFalse();
        assertThat(revision).doesNotExist();
    }

    @Test
    void aCacheOfAnotherRuntimeIsCleared() throws IOException {
        Path revision = writeCache();
        new FrameworkCache(storage, stamp()).stoppedInOrder();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));

        assertThat(new FrameworkCache(storage, stamp()).open()).as("the boot jar was rebuilt").isFalse();
        assertThat(revision).doesNotExist();
    }

    @Test
    void aHalfWrittenMarkerDoesNotKeepTheCache() throws IOException {
        Path revision = writeCache();
        FrameworkCache cache = new FrameworkCache(storage, stamp());
        Files.writeString(cache.marker(), stamp().substring(0, 10));

        assertThat(cache.open()).isFalse();
        assertThat(revision).doesNotExist();
        assertThat(cache.marker()).doesNotExist();
    }

    @Test
    void aMarkerThatIsNotTextDoesNotKeepTheCacheNorFailTheStart() throws IOException {
        Path revision = writeCache();
        FrameworkCache cache = new FrameworkCache(storage, stamp());
        Files.write(cache.marker(), new byte[] { (byte) 0xff, (byte) 0xfe, 0, 1 });

        assertThat(cache.open()).isFalse();
        assertThat(revision).doesNotExist();
    }

    @Test
    void theStampFollowsTheJarsThePropertiesAndTheJdk() throws IOException {
        String base = stamp();

        assertThat(FrameworkCache.stamp(List.of(jar), Map.of("a", "1"), "/jdk", "17.0.15")).isEqualTo(base);
        assertThat(FrameworkCache.stamp(List.of(jar), Map.of("a", "2"), "/jdk", "17.0.15")).isNotEqualTo(base);
        assertThat(FrameworkCache.stamp(List.of(jar), Map.of("a", "1"), "/jdk25", "25.0.3")).isNotEqualTo(base);
        assertThat(FrameworkCache.stamp(List.of(jar, dir.resolve("gone.jar")), Map.of("a", "1"), "/jdk", "17.0.15")).isNotEqualTo(base);
        Files.writeString(jar, "a longer jar");
        assertThat(stamp()).as("the same path, another size").isNotEqualTo(base);
    }

    @Test
    void theClassPathIsSplitAtThePathSeparator() {
        assertThat(FrameworkCache.classPath("/a/boot.jar:/b/felix.jar:")).containsExactly(Path.of("/a/boot.jar"), Path.of("/b/felix.jar"));
    }
}
