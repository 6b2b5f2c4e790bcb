package nexcage.security.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nexcage.security.admin.AuditFinding;
import nexcage.security.admin.AuditReport;
import nexcage.security.admin.AuditSeverity;

class ManifestRulesTest {

    @TempDir
    Path dir;

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("DynamicImport-Package", "*", "dynamic_import"),
                Arguments.of("Fragment-Host", "nexcage.core", "fragment_host"),
                Arguments.of("Bundle-NativeCode", "lib/libevil.so;osname=Linux", "native_code"),
                Arguments.of("Import-Package", "org.osgi.service.cm;version=\"[1.6,2)\"", "hidden_import"),
                Arguments.of("Import-Package", "nexcage.api, org.apache.felix.service.command", "hidden_import"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("headers")
    void aForbiddenHeaderIsAFindingWithoutClassOrMethod(String header, String value, String rule) throws IOException {
        Path file = Corpus.plugin("clean", "logging").header(header, value).writeTo(dir.resolve("p.jar"));

        AuditReport report = new PluginFileAuditor().audit(file, "0");

        assertThat(report.findings())
                .extracting(AuditFinding::rule, AuditFinding::capability, AuditFinding::severity,
                        AuditFinding::className, AuditFinding::method)
                .containsExactly(tuple(rule, null, AuditSeverity.HIGH, null, null));
        assertThat(report.findings().get(0).detail()).startsWith(header + ": ");
    }

    @Test
    void importsOfPluginPackagesAreNoFinding() throws IOException {
        Path file = Corpus.plugin("clean", null)
                .header("Import-Package", "nexcage.api;version=\"[1.1,2)\", org.osgi.framework, org.slf4j")
                .writeTo(dir.resolve("p.jar"));

        assertThat(new PluginFileAuditor().audit(file, "0").findings()).isEmpty();
    }

    @Test
    void manifestFindingsComeBeforeCodeFindings() throws IOException {
        Path file = Corpus.plugin("exit", null).header("DynamicImport-Package", "*").writeTo(dir.resolve("p.jar"));

        assertThat(new PluginFileAuditor().audit(file, "0").findings())
                .extracting(AuditFinding::rule).containsExactly("dynamic_import", "system_exit");
    }

    @Test
    void theNameIsTheSymbolicNameWithoutAPluginName() throws IOException {
        Path file = Corpus.plugin("clean", null).without("NexCage-Plugin-Name").writeTo(dir.resolve("p.jar"));

        assertThat(new PluginFileAuditor().audit(file, "0").plugin()).isEqualTo("nexcage.security.corpus.clean");
    }
}
