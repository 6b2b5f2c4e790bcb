package nexcage.e2e.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import nexcage.e2e.Nexcage;
import nexcage.security.admin.AuditAcceptance;
import nexcage.security.admin.AuditFinding;
import nexcage.security.admin.AuditReport;
import nexcage.security.admin.AuditSeverity;
import nexcage.security.internal.audit.PluginFileAuditor;

/**
 * The plugins NexCage ships pass their own bytecode audit (DESIGN §5): the examples declare what they
 * use and accept nothing. The Docker backend's own code is clean; it declares the capabilities the
 * libraries it embeds (docker-java, its shaded HttpClient 5, Guava, Commons IO and Lang) use, and
 * accepts, package by package in its {@code NexCage-Audit-Accept} header, what they do that no
 * capability allows. Its raw report keeps those findings high; only {@code accepting()} (which the
 * core applies to a plugin whose signature it trusts) lowers them.
 */
class ShippedPluginsAuditTest {
    private static final Path DOCKER = Nexcage.RUNTIME_JAR.getParent().resolve("plugins/docker-0.8.0.nexcage-plugin");

    static Stream<Path> examples() {
        return Stream.of(Nexcage.HELLO, Nexcage.SHOUT, Nexcage.LOGGER,
                Nexcage.ROOT.resolve("examples/audit-hooks/target/audit-hooks-1.0.0.nexcage-plugin"),
                Nexcage.ROOT.resolve("examples/prometheus-metrics/target/prometheus-metrics-1.0.0.nexcage-plugin"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void anExamplePassesItsAuditWithNoFindingAndAcceptsNothing(Path file) throws IOException {
        AuditReport report = audit(file);

        assertThat(report.findings()).as("findings of %s", report.plugin()).isEmpty();
        assertThat(report.acceptances()).as("acceptances of %s", report.plugin()).isEmpty();
        assertThat(report.ok()).isTrue();
    }

    @Test
    void theDockerBackendsOwnCodeHasNoFindingAndAcceptsNothingOfIt() throws IOException {
        AuditReport report = audit(DOCKER);

        assertThat(report.plugin()).isEqualTo("docker");
        assertThat(report.findings())
                .filteredOn(f -> f.className() == null || f.className().startsWith("nexcage."))
                .isEmpty();
        assertThat(report.acceptances()).flatExtracting(AuditAcceptance::packages)
                .allSatisfy(p -> assertThat(p).doesNotStartWith("nexcage"));
    }

    @Test
    void theDockerBackendDeclaresEveryCapabilityItsCodeUses() throws IOException {
        assertThat(audit(DOCKER).findings()).extracting(AuditFinding::capability).containsOnlyNulls();
    }

    @Test
    void theDockerBackendsAcceptancesCoverEveryHighFindingOfItsRawReport() throws IOException {
        AuditReport raw = audit(DOCKER);

        assertThat(raw.ok()).as("the raw report keeps what docker accepts high").isFalse();
        assertThat(raw.findings()).filteredOn(f -> f.severity() == AuditSeverity.HIGH)
                .allSatisfy(f -> assertThat(raw.acceptances()).as("an acceptance of %s", f)
                        .anySatisfy(a -> assertThat(a.covers(f)).isTrue()));

        AuditReport accepted = raw.accepting();

        assertThat(accepted.ok()).isTrue();
        assertThat(accepted.findings()).extracting(AuditFinding::severity).doesNotContain(AuditSeverity.HIGH);
        assertThat(accepted.findings()).allSatisfy(f -> assertThat(f.detail())
                .contains("; accepted by the plugin's signed NexCage-Audit-Accept: "));
    }

    @Test
    void eachOfDockersAcceptancesCoversAFinding() throws IOException {
        AuditReport raw = audit(DOCKER);

        assertThat(raw.acceptances()).allSatisfy(a -> assertThat(raw.findings()).as("findings %s accepts", a)
                .anySatisfy(f -> assertThat(a.covers(f)).isTrue()));
    }

    private static AuditReport audit(Path file) throws IOException {
        assertThat(file).as("the build makes %s", file.getFileName()).isRegularFile();
        return new PluginFileAuditor().audit(file, "not-cached");
    }
}
