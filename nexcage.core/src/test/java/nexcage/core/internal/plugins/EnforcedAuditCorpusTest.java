package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.Version;

import nexcage.core.internal.config.SecuritySettings.AuditMode;
import nexcage.security.admin.AuditFinding;
import nexcage.security.admin.AuditReport;
import nexcage.security.admin.AuditSeverity;
import nexcage.security.admin.PluginAudit;
import nexcage.security.internal.audit.Corpus;
import nexcage.security.internal.audit.PluginFileAuditor;

/**
 * {@code runtime.security.audit: enforce} over the audit's whole corpus, with the real audit: each
 * bad plugin is rejected with its first high finding as the reason, a clean one is installed.
 */
class EnforcedAuditCorpusTest {
    @TempDir
    Path tmp;

    private final PluginFileAuditor auditor = new PluginFileAuditor();
    private final PluginAudit audit = file -> auditor.audit(file, "test");

    static List<String> bad() {
        return Corpus.BAD;
    }

    private PluginFileChecker.Checked check(String slug) throws IOException {
        Path file = Corpus.plugin(slug, "logging").writeTo(Files.createDirectories(tmp.resolve("plugins")).resolve(slug + ".jar"));
        return new PluginFileChecker(new Version(0, 8, 0), false, anyFile -> List.of(), 1 << 26, 1 << 28, 1000, tmp.resolve("copies"))
                .audit(new InstallAudit(AuditMode.ENFORCE, audit)).check(file);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void eachBadPluginIsRejectedWithItsFirstHighFindingAsTheReason(String slug) throws IOException {
        PluginFileChecker.Checked c = check(slug);
        AuditReport report = audit.audit(tmp.resolve("plugins/" + slug + ".jar"));
        AuditFinding first = report.findings().stream().filter(f -> f.severity() == AuditSeverity.HIGH).findFirst().orElseThrow();

        assertThat(c.ok()).isFalse();
        assertThat(c.metadata()).isNull();
        assertThat(c.reason()).isEqualTo(InstallAudit.reason(first)).startsWith("audit: " + first.rule() + " in nexcage.security.corpus." + slug + ".");
    }

    @Test
    void theCleanPluginIsInstalled() throws IOException {
        PluginFileChecker.Checked c = check("clean");
        assertThat(c.ok()).isTrue();
        assertThat(c.warnings()).isEmpty();
    }
}
