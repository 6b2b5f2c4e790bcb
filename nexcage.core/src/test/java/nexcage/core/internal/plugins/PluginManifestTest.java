package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import nexcage.api.Capability;
import nexcage.api.PluginDependency;
import nexcage.api.PluginMetadata;
import nexcage.api.validation.ValidationException;

class PluginManifestTest {
    private static final Version RUNTIME = new Version(0, 8, 0);

    private static Map<String, String> valid() {
        Map<String, String> h = new HashMap<>();
        h.put("Bundle-SymbolicName", "org.example.x");
        h.put("Bundle-Version", "1.2.3");
        h.put("Bundle-Description", "An example plugin");
        h.put("Bundle-Vendor", "Ada");
        h.put("NexCage-Plugin-Name", "my-example-plugin");
        h.put("NexCage-Api-Version", "1");
        return h;
    }

    @Test
    void readsEveryFieldWithDefaults() {
        Map<String, String> h = valid();
        h.put("NexCage-Capabilities", "logging, container_list");
        h.put("NexCage-Resources", "max_memory_mb=128;timeout_seconds=\"60\"");
        h.put("NexCage-Version", "0.7.0");
        h.put("NexCage-Dependencies", "base;version=\"[1.0,2)\",other");
        PluginMetadata m = PluginManifest.read(h::get, RUNTIME);
        assertThat(m.name()).isEqualTo("my-example-plugin");
        assertThat(m.version()).isEqualTo("1.2.3");
        assertThat(m.author()).isEqualTo("Ada");
        assertThat(m.capabilities()).containsExactlyInAnyOrder(Capability.LOGGING, Capability.CONTAINER_LIST);
        assertThat(m.resources().maxMemoryMb()).isEqualTo(128);
        assertThat(m.resources().timeoutSeconds()).isEqualTo(60);
        assertThat(m.resources().maxThreads()).isEqualTo(10);
        assertThat(m.resources().maxNetworkConnections()).isEqualTo(50);
        assertThat(m.dependencies()).containsExactly(new PluginDependency("base", "[1.0,2)"), new PluginDependency("other", null));
        assertThat(m.nexcageVersion()).isEqualTo("0.7.0");
    }

    @Test
    void quotedCommasDoNotSplitAClause() {
        Map<String, String> h = valid();
        h.put("NexCage-Dependencies", "base;version=\"[1.0,2)\"");
        assertThat(PluginManifest.read(h::get, RUNTIME).dependencies()).hasSize(1);
    }

    @Test
    void eachBrokenHeaderIsNamedWithItsValueAndRule() {
        assertProblem("NexCage-Plugin-Name", "bad name", "NexCage-Plugin-Name", "bad name");
        assertProblem("NexCage-Plugin-Name", "-bad", "-bad");
        assertProblem("NexCage-Capabilities", "logging,teleport", "NexCage-Capabilities", "teleport", "not a known capability");
        assertProblem("NexCage-Api-Version", "2", "NexCage-Api-Version", "serves API 1");
        assertProblem("NexCage-Api-Version", "one", "NexCage-Api-Version", "'one'");
        assertProblem("NexCage-Version", "[0.9,1)", "NexCage-Version", "0.8.0");
        assertProblem("NexCage-Version", "[garbage", "NexCage-Version", "[garbage");
        assertProblem("NexCage-Resources", "max_memory_mb=0", "max_memory_mb=0", "1 to 2048");
        assertProblem("NexCage-Resources", "max_cpu_percent=150", "max_cpu_percent=150");
        assertProblem("NexCage-Resources", "max_threads=101", "max_threads=101");
        assertProblem("NexCage-Resources", "timeout_seconds=301", "timeout_seconds=301");
        assertProblem("NexCage-Resources", "max_file_descriptors=5000", "max_file_descriptors=5000");
        assertProblem("NexCage-Resources", "max_memory_mb=lots", "max_memory_mb=lots", "whole number");
        assertProblem("NexCage-Resources", "max_gpus=1", "max_gpus", "unknown resource");
        assertProblem("Bundle-Description", "", "Bundle-Description");
        assertProblem("Bundle-Description", "d".repeat(513), "Bundle-Description", "512");
        assertProblem("NexCage-Dependencies", "base;version=\"[1,\"", "NexCage-Dependencies", "base");
        assertProblem("Export-Package", "nexcage.core.internal.cli", "Export-Package", "nexcage.core.internal.cli");
        assertProblem("Fragment-Host", "nexcage.core", "Fragment-Host");
        assertProblem("Provide-Capability", "nexcage.api;nexcage.api:Long=1", "Provide-Capability", "nexcage.api");
        assertProblem("Require-Bundle", "nexcage.core", "Require-Bundle", "nexcage.core");
    }

    @Test
    void importsOfPackagesHiddenFromPluginsAreRefusedNamingThePackage() {
        assertProblem("Import-Package", "org.osgi.framework;version=\"[1.8,2)\",org.osgi.service.cm;version=\"[1.6,2)\"",
                "Import-Package", "'org.osgi.service.cm' is hidden from plugins", "remove the import");
        assertProblem("Import-Package", "nexcage.core.internal.cli", "Import-Package", "nexcage.core.internal.cli");
        assertProblem("DynamicImport-Package", "org.apache.felix.service.command", "DynamicImport-Package",
                "org.apache.felix.service.command");
        assertProblem("DynamicImport-Package", "org.apache.felix.*", "DynamicImport-Package", "org.apache.felix.*");
        Map<String, String> h = valid();
        h.put("Import-Package", "org.osgi.framework,org.osgi.service.component,nexcage.api.hooks");
        h.put("DynamicImport-Package", "org.osgi.*");
        assertThat(PluginManifest.problems(h::get, RUNTIME)).isEmpty();
    }

    @Test
    void missingNameAndApiVersionAreReported() {
        Map<String, String> h = valid();
        h.remove("NexCage-Api-Version");
        assertThat(PluginManifest.problems(h::get, RUNTIME)).anySatisfy(p -> assertThat(p).contains("NexCage-Api-Version is missing"));
        h = valid();
        h.remove("NexCage-Plugin-Name");
        assertThat(PluginManifest.isPlugin(h::get)).isFalse();
        assertThat(PluginManifest.problems(h::get, RUNTIME)).singleElement().asString().contains("NexCage-Plugin-Name is missing");
    }

    @Test
    void everyProblemIsReportedAtOnceAndOnOneLine() {
        Map<String, String> h = valid();
        h.put("NexCage-Api-Version", "3");
        h.put("Fragment-Host", "nexcage.core");
        List<String> problems = PluginManifest.problems(h::get, RUNTIME);
        assertThat(problems).hasSize(2);
        assertThat(problems).allSatisfy(p -> assertThat(p).doesNotContain("\n"));
    }

    @Test
    void snapshotQualifierDoesNotBeatARelease() {
        assertThat(PluginReconciler.compareVersions("1.0.0.SNAPSHOT", "1.0.0")).isPositive()
                .as("OSGi orders the qualifier above; only ties on major.minor.micro reach it");
        assertThat(PluginReconciler.compareVersions("1.0.0.SNAPSHOT", "1.0.1")).isNegative();
        assertThat(PluginReconciler.compareVersions("2.0.0", "1.9.9")).isPositive();
    }

    private static void assertProblem(String header, String value, String... expected) {
        Map<String, String> h = valid();
        h.put(header, value);
        List<String> problems = PluginManifest.problems(h::get, RUNTIME);
        assertThat(problems).as(header + ": " + value).isNotEmpty();
        assertThat(String.join(" | ", problems)).contains(expected);
        assertThatThrownBy(() -> PluginManifest.read(h::get, RUNTIME)).isInstanceOf(ValidationException.class);
    }
}
