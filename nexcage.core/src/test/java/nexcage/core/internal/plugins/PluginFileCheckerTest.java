package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

/** Issue 21: what is installed is the bytes that were checked; zip bombs, FIFOs, directories and symlinks. */
class PluginFileCheckerTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path tmp;

    /** A valid plugin JAR (unsigned) with {@code zeros} bytes of zeros in each of {@code entries} entries. */
    static void plugin(Path file, String name, String version, int entries, int zeros) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.example." + name);
        a.putValue("Bundle-Version", version);
        a.putValue("Bundle-Description", "plugin " + name);
        a.putValue("NexCage-Plugin-Name", name);
        a.putValue("NexCage-Api-Version", "1");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), m)) {
            byte[] buf = new byte[Math.min(zeros, 1 << 20)];
            for (int i = 0; i < entries; i++) {
                out.putNextEntry(new JarEntry("data/zeros-" + i));
                for (int left = zeros; left > 0; left -= buf.length) {
                    out.write(buf, 0, Math.min(buf.length, left));
                }
                out.closeEntry();
            }
        }
    }

    private PluginFileChecker checker(long maxInflated, long maxEntries) {
        return new PluginFileChecker(new Version(0, 8, 0), false, anyFile -> List.of(), 100 * MB, maxInflated, maxEntries, tmp.resolve("copies"));
    }

    private Path pluginDir() throws IOException {
        return Files.createDirectories(tmp.resolve("plugins"));
    }

    @Test
    void theBytesCheckedAreACopyThatAFileSwappedAfterwardsDoesNotChange() throws IOException {
        Path dir = pluginDir();
        Path file = dir.resolve("aaa-x.jar");
        plugin(file, "aaa", "1.0.0", 1, 10);
        byte[] checkedBytes = Files.readAllBytes(file);
        Path evil = tmp.resolve("evil.jar");
        Files.write(evil, "not the plugin that was checked".getBytes());
        // the window of defect 1: the file is renamed over between the read and the checks (and the install)
        PluginFileChecker.Checked c = checker(512 * MB, 1000)
                .afterCopy(() -> move(evil, file))
                .check(file);

        assertThat(c.ok()).as(c.reason()).isTrue();
        assertThat(c.copy()).isNotNull();
        assertThat(c.copy().startsWith(dir)).isFalse();
        assertThat(Files.readAllBytes(c.copy())).as("the copy holds the bytes that were checked").isEqualTo(checkedBytes);
        assertThat(c.sha256()).isEqualTo(PluginFileChecker.sha256(c.copy()));
        assertThat(Files.readAllBytes(file)).isNotEqualTo(checkedBytes);
    }

    @Test
    void aFileSwappedWhileItIsCheckedIsSettledAgainAndThenJudgedByItsNewBytes() throws Exception {
        Path dir = pluginDir();
        Path file = dir.resolve("aaa-x.jar");
        plugin(file, "aaa", "1.0.0", 1, 10);
        Path evil = tmp.resolve("evil.jar");
        Files.write(evil, "not a zip".getBytes());
        java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Semaphore checkEnded = new java.util.concurrent.Semaphore(0);
        PluginDirectory d = new PluginDirectory(() -> dir, null, null, s -> s, () -> {
            syncs.incrementAndGet();
            checkEnded.release();
        });
        java.util.concurrent.atomic.AtomicBoolean swapped = new java.util.concurrent.atomic.AtomicBoolean();
        PluginFileChecker swapping = checker(512 * MB, 1000).afterCopy(() -> {
            if (swapped.compareAndSet(false, true)) {
                move(evil, file);
            }
        });
        try {
            PluginDirectory.Scan first = d.scan(swapping);
            // the check may end before this scan returns or after it: either way the checked bytes are never offered
            assertThat(first.files()).noneSatisfy(f -> assertThat(f.checked().ok()).isTrue());
            // every scan until the file is judged: the checked bytes (a valid plugin) are never offered, as the file changed
            long end = System.currentTimeMillis() + 10_000;
            PluginDirectory.Scan s = first;
            while (s.files().isEmpty() && System.currentTimeMillis() < end) {
                // a check that ends says so at once; a file settling again after the swap is due a settle time later
                checkEnded.tryAcquire(PluginDirectory.SETTLE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
                s = d.scan(swapping);
                assertThat(s.files()).noneSatisfy(f -> assertThat(f.checked().ok()).isTrue());
            }
            assertThat(swapped).isTrue();
            assertThat(s.files()).singleElement().satisfies(f -> assertThat(f.checked().reason()).contains("is not a zip file"));
            assertThat(syncs.get()).as("each check that ends asks for a sync").isPositive();
        } finally {
            d.stop();
        }
    }

    /** Scans until no check is under way, waiting on the checks themselves (bounded). */
    static PluginDirectory.Scan awaitChecked(PluginDirectory d, PluginFileChecker checker) {
        long end = System.currentTimeMillis() + 10_000;
        PluginDirectory.Scan s = d.scan(checker);
        while (s.checking() && System.currentTimeMillis() < end) {
            d.awaitChecksQuietly(1_000);
            s = d.scan(checker);
        }
        assertThat(s.checking()).as("the checks ended within 10 s").isFalse();
        return s;
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anUnsignedZipBombIsRefusedNamingTheCapAndTheSettingWhileAnHonestPluginPasses() throws IOException {
        Path dir = pluginDir();
        Path bomb = dir.resolve("bomb.jar");
        plugin(bomb, "bomb", "1.0.0", 3, 4 * (int) MB);
        assertThat(Files.size(bomb)).as("a small file").isLessThan(100_000);
        PluginFileChecker.Checked c = checker(10 * MB, 1000).check(bomb);
        assertThat(c.ok()).isFalse();
        assertThat(c.reason()).contains("inflates to more than 10 MB").contains("runtime.max_plugin_inflated_mb").contains("zip bomb");
        assertThat(checker(13 * MB, 1000).check(bomb).ok()).isTrue();
    }

    @Test
    void onlyTheCopiesOfFilesThatPassedAreKeptFromPruning() throws Exception {
        Path dir = pluginDir();
        plugin(dir.resolve("bomb.jar"), "bomb", "1.0.0", 3, 4 * (int) MB);
        plugin(dir.resolve("good.jar"), "good", "1.0.0", 1, 10);
        PluginDirectory d = new PluginDirectory(() -> dir, null, null, s -> s, () -> {
        });
        try {
            PluginDirectory.Scan s = awaitChecked(d, checker(10 * MB, 1000));
            assertThat(s.files()).hasSize(2);
            Path goodCopy = s.files().stream().filter(f -> f.checked().ok()).findFirst().orElseThrow().checked().copy();
            assertThat(d.checkedCopies()).containsExactly(goodCopy);
            assertThat(PluginCopies.prune(tmp.resolve("copies"), d::checkedCopies, false, m -> {
            })).as("the bomb's copy").isEqualTo(1);
            assertThat(goodCopy).exists();
        } finally {
            d.stop();
        }
    }

    @Test
    void aCheckStillReadingItsCopyKeepsEveryCopyFromPruning() throws Exception {
        Path dir = pluginDir();
        plugin(dir.resolve("good.jar"), "good", "1.0.0", 1, 10);
        java.util.concurrent.CountDownLatch copied = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        PluginFileChecker slow = checker(512 * MB, 100).afterCopy(() -> {
            copied.countDown();
            try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        PluginDirectory d = new PluginDirectory(() -> dir, null, null, s -> s, () -> {
        });
        try {
            d.scan(slow);
            assertThat(copied.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(d.checksRunning()).isTrue();
            assertThat(PluginCopies.prune(tmp.resolve("copies"), () -> d.checksRunning() ? null : d.checkedCopies(), false, m -> {
            })).as("the copy being checked stays").isZero();
            release.countDown();
            PluginDirectory.Scan s = awaitChecked(d, slow);
            assertThat(s.files()).singleElement().satisfies(f -> {
                assertThat(f.checked().ok()).as(f.checked().reason()).isTrue();
                assertThat(f.checked().copy()).exists();
            });
        } finally {
            release.countDown();
            d.stop();
        }
    }

    @Test
    void tooManyEntriesAreRefusedNamingTheSetting() throws IOException {
        Path file = pluginDir().resolve("many.jar");
        plugin(file, "many", "1.0.0", 50, 1);
        PluginFileChecker.Checked c = checker(512 * MB, 20).check(file);
        assertThat(c.reason()).contains("entries, over the limit of 20").contains("runtime.max_plugin_entries");
        assertThat(checker(512 * MB, 60).check(file).ok()).isTrue();
    }

    @Test
    void theInflatedBytesAreCountedNotTheSizesTheHeadersClaim() throws IOException {
        // a stored entry whose local header claims a small size proves nothing: the count is of what is read
        Path file = pluginDir().resolve("liar.jar");
        plugin(file, "liar", "1.0.0", 1, 3 * (int) MB);
        assertThat(ZipLimits.check(file, 2 * MB, 100)).contains("inflates to more than 2 MB").contains("data/zeros-0");
        assertThat(ZipLimits.check(file, 4 * MB, 100)).isNull();
    }

    @Test
    void aDirectoryOrAFifoNamedLikeAPluginIsRejectedWithAReasonAndTheFifoIsNeverOpened() throws Exception {
        Path dir = pluginDir();
        Path d = Files.createDirectory(dir.resolve("x.nexcage-plugin"));
        Path fifo = dir.resolve("y.nexcage-plugin");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(p.waitFor()).isZero();
        PluginDirectory directory = new PluginDirectory(() -> dir, null, null, s -> s, () -> {
        });
        try {
            PluginDirectory.Scan s = awaitChecked(directory, checker(512 * MB, 100));
            assertThat(s.files()).extracting(f -> f.checked().fileName() + ": " + f.checked().reason())
                    .containsExactly("x.nexcage-plugin: is a directory, not a plugin file; put the plugin JAR itself in the plugin directory",
                            "y.nexcage-plugin: is not a regular file (a FIFO, socket or device); put the plugin JAR itself in the plugin directory");
        } finally {
            directory.stop();
        }
        assertThat(d).isDirectory();
    }

    @Test
    void aSymlinkOutOfThePluginDirectoryIsFollowedAndSaid() throws IOException {
        Path outside = tmp.resolve("elsewhere.jar");
        plugin(outside, "aaa", "1.0.0", 1, 1);
        Path link = Files.createSymbolicLink(pluginDir().resolve("aaa.jar"), outside);
        PluginFileChecker.Checked c = checker(512 * MB, 100).check(link);
        assertThat(c.ok()).isTrue();
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("symbolic link to " + outside.toRealPath())
                .contains("outside the plugin directory"));
    }

    @Test
    void aFileThatGrowsOverTheSizeCapWhileCopiedIsRefused() throws IOException {
        Path file = pluginDir().resolve("big.jar");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[(int) (2 * MB)]);
        }
        PluginFileChecker small = new PluginFileChecker(new Version(0, 8, 0), false, anyFile -> List.of(), MB, MB, 10, tmp.resolve("copies"));
        assertThat(small.check(file).reason()).contains("over the limit of 1 MB (runtime.max_plugin_size_mb)");
    }
}
