package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import nexcage.core.internal.config.SecuritySettings.AuditMode;
import nexcage.security.admin.AuditFinding;
import nexcage.security.admin.AuditReport;
import nexcage.security.admin.AuditSeverity;
import nexcage.security.admin.PluginAudit;

/** runtime.security.audit at install: warn logs the high findings, enforce rejects with the first, off audits nothing. */
class InstallAuditTest {
    private static final AuditFinding SPAWN = new AuditFinding("process_spawn", "process_spawn", AuditSeverity.HIGH, "org.example.Bad", "run",
            "java.lang.ProcessBuilder.start");
    private static final AuditFinding EXIT = new AuditFinding("system_exit", null, AuditSeverity.HIGH, "org.example.Bad", "quit",
            "java.lang.System.exit");
    private static final AuditFinding LOW = new AuditFinding("reflection", null, AuditSeverity.LOW, "org.example.Bad", "peek",
            "java.lang.Class.forName");

    @TempDir
    Path tmp;

    private final AtomicInteger audits = new AtomicInteger();

    private PluginAudit finding(AuditFinding... findings) {
        return file -> {
            audits.incrementAndGet();
            return new AuditReport("bad", "1.0.0", "00", List.of(findings));
        };
    }

    private PluginFileChecker.Checked check(InstallAudit audit) throws IOException {
        Path file = Files.createDirectories(tmp.resolve("plugins")).resolve("bad-1.0.0.nexcage-plugin");
        PluginFileCheckerTest.plugin(file, "bad", "1.0.0", 1, 10);
        return new PluginFileChecker(new Version(0, 8, 0), false, anyFile -> List.of(), 1 << 26, 1 << 28, 1000, tmp.resolve("copies"))
                .audit(audit).check(file);
    }

    @Test
    void enforceRejectsThePluginWithItsFirstHighFindingAsTheReason() throws IOException {
        PluginFileChecker.Checked c = check(new InstallAudit(AuditMode.ENFORCE, finding(LOW, SPAWN, EXIT)));
        assertThat(c.ok()).isFalse();
        assertThat(c.metadata()).isNull();
        assertThat(c.reason()).isEqualTo("audit: process_spawn in org.example.Bad.run (java.lang.ProcessBuilder.start); "
                + "declare process_spawn in NexCage-Capabilities or remove the call");
    }

    @Test
    void warnInstallsAndWarnsOfEachHighFindingUpToACap() throws IOException {
        List<AuditFinding> many = new ArrayList<>();
        for (int i = 0; i < InstallAudit.MAX_WARNINGS + 3; i++) {
            many.add(EXIT);
        }
        many.add(LOW);
        PluginFileChecker.Checked c = check(new InstallAudit(AuditMode.WARN, finding(many.toArray(AuditFinding[]::new))));
        assertThat(c.ok()).isTrue();
        assertThat(c.warnings()).hasSize(InstallAudit.MAX_WARNINGS + 1)
                .contains("audit: system_exit in org.example.Bad.quit (java.lang.System.exit); remove it from the plugin")
                .last().isEqualTo("audit: 3 more high findings; see nexcage plugin audit bad");
    }

    @Test
    void anUnsignedPluginCannotAcceptItsOwnFindings() throws IOException {
        PluginAudit accepting = file -> new AuditReport("bad", "1.0.0", "00", List.of(EXIT),
                List.of(new nexcage.security.admin.AuditAcceptance("system_exit", List.of("org.example"), "trust me")));
        PluginFileChecker.Checked c = check(new InstallAudit(AuditMode.ENFORCE, accepting));
        assertThat(c.ok()).isFalse();
        assertThat(c.reason()).startsWith("audit: system_exit in org.example.Bad.quit");
        assertThat(c.warnings()).contains("audit: its NexCage-Audit-Accept header is ignored because the file is not signed by a "
                + "trusted certificate; sign it, or have its findings fixed");
        assertThat(InstallAudit.judged(accepting.audit(tmp), true).ok()).isTrue();
    }

    @Test
    void offAuditsNothingAndACleanPluginPasses() throws IOException {
        assertThat(check(new InstallAudit(AuditMode.OFF, finding(EXIT))).ok()).isTrue();
        assertThat(audits).hasValue(0);
        PluginFileChecker.Checked clean = check(new InstallAudit(AuditMode.ENFORCE, finding(LOW)));
        assertThat(clean.ok()).isTrue();
        assertThat(clean.warnings()).isEmpty();
        assertThat(audits).hasValue(1);
    }

    @Test
    void withoutTheAuditServiceEnforceRejectsAndWarnSaysSo() throws IOException {
        assertThat(check(new InstallAudit(AuditMode.ENFORCE, null)).reason()).startsWith("cannot be audited: the audit service");
        PluginFileChecker.Checked warned = check(new InstallAudit(AuditMode.WARN, null));
        assertThat(warned.ok()).isTrue();
        assertThat(warned.warnings()).singleElement().asString().startsWith("cannot be audited");
        PluginAudit broken = file -> {
            throw new IOException("not a zip");
        };
        assertThat(check(new InstallAudit(AuditMode.ENFORCE, broken)).reason()).startsWith("cannot be audited (not a zip)");
    }

    @Test
    void aManifestFindingNamesNoClass() {
        assertThat(InstallAudit.reason(new AuditFinding("dynamic_import", null, AuditSeverity.HIGH, null, null, "DynamicImport-Package: *")))
                .isEqualTo("audit: dynamic_import (DynamicImport-Package: *); remove it from the plugin");
    }
}
