package nexcage.security.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import nexcage.api.PluginHeaders;
import nexcage.security.admin.AuditAcceptance;
import nexcage.security.admin.AuditFinding;
import nexcage.security.admin.AuditReport;
import nexcage.security.admin.AuditSeverity;

/** The {@code NexCage-Audit-Accept} header, read by the audit of corpus plugins that carry it. */
class AcceptHeaderTest {
    private static final String UNSAFE_PKG = "nexcage.security.corpus.unsafe";

    @TempDir
    Path dir;

    @Test
    void anAcceptanceIsRecordedAndLowersItsFindingOnlyThroughAccepting() throws IOException {
        AuditReport raw = audit("unsafe", "unsafe;packages=\"" + UNSAFE_PKG + "\";reason=\"a test of the header\"");

        assertThat(raw.acceptances())
                .containsExactly(new AuditAcceptance("unsafe", List.of(UNSAFE_PKG), "a test of the header"));
        assertThat(raw.findings()).extracting(AuditFinding::rule, AuditFinding::severity)
                .containsExactly(tuple("unsafe", AuditSeverity.HIGH));
        assertThat(raw.ok()).isFalse();

        AuditReport accepted = raw.accepting();

        assertThat(accepted.findings()).extracting(AuditFinding::rule, AuditFinding::severity)
                .containsExactly(tuple("unsafe", AuditSeverity.LOW));
        assertThat(accepted.findings().get(0).detail()).startsWith(raw.findings().get(0).detail())
                .endsWith("; accepted by the plugin's signed NexCage-Audit-Accept: a test of the header");
        assertThat(accepted.ok()).isTrue();
        assertThat(raw.findings().get(0).severity()).as("the raw report is unchanged").isEqualTo(AuditSeverity.HIGH);
    }

    @Test
    void aPackageCoversItsSubpackagesButNotAPackageThatOnlyStartsWithItsName() throws IOException {
        assertThat(audit("unsafe", "unsafe;packages=\"nexcage.security.corpus\";reason=\"r\"").accepting().ok())
                .isTrue();
        assertThat(audit("unsafe", "unsafe;packages=\"nexcage.security.corpus.uns\";reason=\"r\"").accepting().ok())
                .isFalse();
    }

    @Test
    void aFindingOutsideTheAcceptedPackagesStaysHigh() throws IOException {
        AuditReport report = audit("unsafe",
                "unsafe;packages=\"nexcage.security.corpus.exit,com.google.common.hash\";reason=\"r\"").accepting();

        assertThat(report.findings()).extracting(AuditFinding::severity).containsExactly(AuditSeverity.HIGH);
        assertThat(report.ok()).isFalse();
    }

    @Test
    void anAcceptanceOfAnotherRuleLeavesTheFindingHigh() throws IOException {
        AuditReport report = audit("unsafe", "system_exit;packages=\"" + UNSAFE_PKG + "\";reason=\"r\"").accepting();

        assertThat(report.findings()).extracting(AuditFinding::severity).containsExactly(AuditSeverity.HIGH);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"set_accessible", "unsafe", "system_exit", "native_library", "private_lookup",
            "define_class", "bundle_context"})
    void eachBytecodeRuleNoCapabilityAllowsMayBeAccepted(String rule) throws IOException {
        AuditReport report = audit("clean", rule + ";packages=\"com.example.lib\";reason=\"r\"");

        assertThat(report.findings()).isEmpty();
        assertThat(report.acceptances()).extracting(AuditAcceptance::rule).containsExactly(rule);
    }

    @Test
    void clausesMayShareAttributesAndNameARuleTwice() throws IOException {
        AuditReport report = audit("clean", "unsafe;set_accessible;packages=\"com.example.a\";reason=\"one\","
                + "unsafe;packages=\"com.example.b, com.example.c\";reason=\"two\"");

        assertThat(report.findings()).isEmpty();
        assertThat(report.acceptances()).containsExactlyInAnyOrder(
                new AuditAcceptance("unsafe", List.of("com.example.a"), "one"),
                new AuditAcceptance("set_accessible", List.of("com.example.a"), "one"),
                new AuditAcceptance("unsafe", List.of("com.example.b", "com.example.c"), "two"));
    }

    /** A clause that cannot be honoured, and what its finding's detail must say. */
    static Stream<Arguments> badClauses() {
        return Stream.of(
                Arguments.of("network_client;packages=\"" + UNSAFE_PKG + "\";reason=\"r\"",
                        "a use the capability network_client allows; declare network_client"),
                Arguments.of("filesystem_permissions;packages=\"" + UNSAFE_PKG + "\";reason=\"r\"",
                        "declare filesystem_write"),
                Arguments.of("dynamic_import;packages=\"" + UNSAFE_PKG + "\";reason=\"r\"",
                        "a finding no plugin can accept; remove the clause"),
                Arguments.of("hidden_import;packages=\"" + UNSAFE_PKG + "\";reason=\"r\"", "no plugin can accept"),
                Arguments.of("audit_accept;packages=\"" + UNSAFE_PKG + "\";reason=\"r\"", "no plugin can accept"),
                Arguments.of("unsave;packages=\"" + UNSAFE_PKG + "\";reason=\"r\"",
                        "names no rule the audit has; accept one of bundle_context, define_class"),
                Arguments.of("unsafe;packages=\"" + UNSAFE_PKG + "\"", "gives no reason; add reason="),
                Arguments.of("unsafe;packages=\"" + UNSAFE_PKG + "\";reason=\" \"", "gives no reason"),
                Arguments.of("unsafe;reason=\"r\"", "names no packages; add packages="),
                Arguments.of("unsafe;packages=\"\";reason=\"r\"", "names no packages"),
                Arguments.of("unsafe;packages=\"" + UNSAFE_PKG + ",,com.example\";reason=\"r\"",
                        "has an empty package name"),
                Arguments.of("unsafe;packages=\"" + UNSAFE_PKG + ", \";reason=\"r\"", "has an empty package name"),
                Arguments.of("unsafe;packages=\"*\";reason=\"r\"", "names *, which is not a package name"),
                Arguments.of("unsafe;packages=\"nexcage.*\";reason=\"r\"", "not a package name (no wildcards"),
                Arguments.of("unsafe;packages=\"nexcage\";reason=\"r\"", "the whole top-level package nexcage"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badClauses")
    void aClauseThatCannotBeHonouredIsAHighFindingAndAcceptsNothing(String clause, String says) throws IOException {
        AuditReport report = audit("unsafe", clause);

        assertThat(report.acceptances()).isEmpty();
        assertThat(report.findings())
                .extracting(AuditFinding::rule, AuditFinding::capability, AuditFinding::severity,
                        AuditFinding::className, AuditFinding::method)
                .containsExactly(tuple("audit_accept", null, AuditSeverity.HIGH, null, null),
                        tuple("unsafe", null, AuditSeverity.HIGH, UNSAFE_PKG + ".UnsafeUser",
                                "address(sun.misc.Unsafe, long)"));
        assertThat(report.findings().get(0).detail())
                .startsWith(PluginHeaders.AUDIT_ACCEPT + " clause " + clause.split(";", 2)[0] + ";")
                .contains(says);
        assertThat(report.accepting().findings()).extracting(AuditFinding::severity)
                .containsOnly(AuditSeverity.HIGH);
    }

    @Test
    void aHeaderBndCannotParseIsOneHighFinding() throws IOException {
        AuditReport report = audit("clean", "unsafe;packages=");

        assertThat(report.findings()).extracting(AuditFinding::rule, AuditFinding::severity)
                .containsExactly(tuple("audit_accept", AuditSeverity.HIGH));
        assertThat(report.findings().get(0).detail()).startsWith("NexCage-Audit-Accept: unsafe;packages= cannot be parsed")
                .endsWith("write clauses as RULE;packages=\"p1,p2\";reason=\"why\", separated by commas");
    }

    @Test
    void aBadClauseKeepsTheReportFailingWhateverTheOthersAccept() throws IOException {
        AuditReport report = audit("unsafe", "unsafe;packages=\"" + UNSAFE_PKG + "\";reason=\"r\","
                + "network_client;packages=\"" + UNSAFE_PKG + "\";reason=\"r\"");

        AuditReport accepted = report.accepting();

        assertThat(accepted.findings()).extracting(AuditFinding::rule, AuditFinding::severity)
                .containsExactly(tuple("audit_accept", AuditSeverity.HIGH), tuple("unsafe", AuditSeverity.LOW));
        assertThat(accepted.ok()).isFalse();
    }

    @Test
    void aCapabilityFindingIsNeverLoweredByAnAcceptance() throws IOException {
        // an acceptance names no capability rule, but a finding of a capability is never covered either
        AuditReport report = audit("client", null);
        AuditReport forged = new AuditReport(report.plugin(), report.version(), report.sha256(), report.findings(),
                List.of(new AuditAcceptance("network_client", List.of("nexcage.security.corpus"), "r")));

        assertThat(forged.accepting().findings()).extracting(AuditFinding::severity).containsOnly(AuditSeverity.HIGH);
    }

    private AuditReport audit(String slug, String header) throws IOException {
        Path file = Corpus.plugin(slug, "logging").header(PluginHeaders.AUDIT_ACCEPT, header)
                .writeTo(dir.resolve(slug + ".jar"));
        return new PluginFileAuditor().audit(file, "0".repeat(64));
    }
}
