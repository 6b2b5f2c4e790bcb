package nexcage.security.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class AuditReportTest {
    private static final AuditFinding UNSAFE = new AuditFinding("unsafe", null, AuditSeverity.HIGH,
            "com.example.lib.Fast$Path", "get()", "calls sun.misc.Unsafe.getLong, which no plugin may do");
    private static final AuditFinding MANIFEST = new AuditFinding("unsafe", null, AuditSeverity.HIGH, null, null,
            "a finding of no class");

    @Test
    void aReportMadeWithoutAcceptancesAcceptsNothing() {
        AuditReport report = new AuditReport("p", "1.0.0", "sha", List.of(UNSAFE));

        assertThat(report.acceptances()).isEmpty();
        assertThat(report.accepting()).isEqualTo(report);
    }

    @Test
    void acceptingTwiceGivesTheReasonOnce() {
        AuditReport report = new AuditReport("p", "1.0.0", "sha", List.of(UNSAFE),
                List.of(new AuditAcceptance("unsafe", List.of("com.example"), "why")));

        AuditReport twice = report.accepting().accepting();

        assertThat(twice).isEqualTo(report.accepting());
        assertThat(twice.findings().get(0).detail()).isEqualTo(UNSAFE.detail()
                + "; accepted by the plugin's signed NexCage-Audit-Accept: why");
    }

    @Test
    void anAcceptanceCoversOnlyClassesOfItsPackages() {
        AuditAcceptance a = new AuditAcceptance("unsafe", List.of("com.example.lib"), "why");

        assertThat(a.covers(UNSAFE)).isTrue();
        assertThat(a.covers(MANIFEST)).as("a finding of no class").isFalse();
        assertThat(a.covers(new AuditFinding("unsafe", null, AuditSeverity.HIGH, "com.example.library.X", null, "d")))
                .isFalse();
        assertThat(a.covers(new AuditFinding("unsafe", null, AuditSeverity.HIGH, "Top", null, "d"))).isFalse();
    }
}
