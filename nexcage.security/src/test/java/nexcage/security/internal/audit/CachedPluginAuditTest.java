package nexcage.security.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.security.admin.AuditReport;

class CachedPluginAuditTest {

    @TempDir
    Path dir;

    private final AtomicInteger parses = new AtomicInteger();
    private final PluginFileAuditor auditor = new PluginFileAuditor();

    private CachedPluginAudit audit(Path cacheDir) {
        return new CachedPluginAudit((file, sha) -> {
            parses.incrementAndGet();
            return auditor.audit(file, sha);
        }, new AuditCache(cacheDir, 4));
    }

    @Test
    void aSecondAuditOfTheSameBytesIsServedFromMemory() throws IOException {
        Path file = Corpus.plugin("exit", null).writeTo(dir.resolve("exit.jar"));
        CachedPluginAudit audit = audit(dir.resolve("cache"));

        AuditReport first = audit.audit(file);
        AuditReport second = audit.audit(file);

        assertThat(second).isEqualTo(first);
        assertThat(parses).hasValue(1);
        assertThat(first.sha256()).isEqualTo(CachedPluginAudit.sha256(file)).hasSize(64);
    }

    @Test
    void theDiskCacheServesANewProcessWithoutReadingTheFile() throws IOException {
        Path file = Corpus.plugin("spawn", null).writeTo(dir.resolve("spawn.jar"));
        AuditReport first = audit(dir.resolve("cache")).audit(file);

        AuditReport again = audit(dir.resolve("cache")).audit(file);

        assertThat(again).isEqualTo(first);
        assertThat(parses).hasValue(1);
        assertThat(dir.resolve("cache").resolve(first.sha256() + ".json")).isRegularFile();
    }

    @Test
    void aReportShippedByTheBuildIsServedWithoutReadingTheFileNorWritingTheShippedDirectory() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path file = Corpus.plugin("exit", null).writeTo(plugins.resolve("exit.nexcage-plugin"));
        Path shippedDir = dir.resolve("audit");
        AuditReport written = ShippedAudits.write(plugins, shippedDir).get(0);
        Path report = shippedDir.resolve(written.sha256() + ".json");
        java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(report);
        shippedDir.toFile().setWritable(false);
        try {
            CachedPluginAudit audit = new CachedPluginAudit((f, sha) -> {
                parses.incrementAndGet();
                return auditor.audit(f, sha);
            }, new AuditCache(dir.resolve("cache"), 4), AuditCache.shipped(shippedDir));

            AuditReport served = audit.audit(file);

            assertThat(served).isEqualTo(written);
            assertThat(parses).hasValue(0);
            assertThat(Files.getLastModifiedTime(report)).isEqualTo(before);
            // another file is audited as before
            audit.audit(Corpus.plugin("spawn", null).writeTo(dir.resolve("spawn.jar")));
            assertThat(parses).hasValue(1);
        } finally {
            shippedDir.toFile().setWritable(true);
        }
    }

    @Test
    void theDiskCacheKeepsTheAcceptances() throws IOException {
        Path file = Corpus.plugin("exit", null)
                .header(nexcage.api.PluginHeaders.AUDIT_ACCEPT,
                        "system_exit;packages=\"nexcage.security.corpus.exit\";reason=\"a test\"")
                .writeTo(dir.resolve("exit.jar"));
        AuditReport first = audit(dir.resolve("cache")).audit(file);

        AuditReport again = audit(dir.resolve("cache")).audit(file);

        assertThat(parses).hasValue(1);
        assertThat(again).isEqualTo(first);
        assertThat(again.acceptances()).hasSize(1);
        assertThat(again.accepting().ok()).isTrue();
    }

    @Test
    void otherBytesAreAuditedAgain() throws IOException {
        CachedPluginAudit audit = audit(dir.resolve("cache"));
        audit.audit(Corpus.plugin("exit", null).writeTo(dir.resolve("a.jar")));

        AuditReport declared = audit.audit(Corpus.plugin("spawn", "process_spawn").writeTo(dir.resolve("a.jar")));

        assertThat(parses).hasValue(2);
        assertThat(declared.findings()).isEmpty();
    }

    @Test
    void aCorruptCacheFileIsIgnoredAndRewritten() throws IOException {
        Path file = Corpus.plugin("exit", null).writeTo(dir.resolve("exit.jar"));
        Path cached = dir.resolve("cache").resolve(CachedPluginAudit.sha256(file) + ".json");
        Files.createDirectories(cached.getParent());
        Files.writeString(cached, "{\"rules\": \"x\", \"report\": [");

        AuditReport report = audit(dir.resolve("cache")).audit(file);

        assertThat(report.findings()).hasSize(1);
        assertThat(parses).hasValue(1);
        assertThat(audit(dir.resolve("cache")).audit(file)).isEqualTo(report);
        assertThat(parses).hasValue(1);
    }

    @Test
    void aReportOfAnotherRuleTableIsNotReused() throws IOException {
        Path file = Corpus.plugin("exit", null).writeTo(dir.resolve("exit.jar"));
        AuditReport old = new AuditReport("exit", "1.0.0", CachedPluginAudit.sha256(file), java.util.List.of());
        new AuditCache(dir.resolve("cache"), 4, "an older table").put(old);

        AuditReport report = audit(dir.resolve("cache")).audit(file);

        assertThat(report.findings()).hasSize(1);
        assertThat(parses).hasValue(1);
    }

    @Test
    void theDiskCacheKeepsTheNewestFiles() throws IOException {
        CachedPluginAudit audit = audit(dir.resolve("cache"));
        for (int i = 0; i < 6; i++) {
            Path file = Corpus.plugin("clean", null).header("Bundle-Version", "1.0." + i).writeTo(dir.resolve(i + ".jar"));
            audit.audit(file);
            Files.setLastModifiedTime(dir.resolve("cache").resolve(CachedPluginAudit.sha256(file) + ".json"),
                    java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }

        try (var files = Files.list(dir.resolve("cache"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".json"))).hasSize(4);
        }
    }

    @Test
    void aFileThatIsNoZipIsAnIOException() throws IOException {
        Path file = Files.writeString(dir.resolve("not.jar"), "not a zip");

        assertThatThrownBy(() -> audit(dir.resolve("cache")).audit(file)).isInstanceOf(IOException.class);
    }
}
