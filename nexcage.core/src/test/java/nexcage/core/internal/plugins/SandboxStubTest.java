package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import nexcage.core.admin.SandboxRunner;

/** Where a plugin runs ({@link SandboxChoice}) and the stub bundle installed for a sandboxed one ({@link StubJar}). */
class SandboxStubTest {
    @TempDir
    Path dir;

    @Test
    void configWinsThenTheUnsignedRuleThenTheHeader() {
        assertThat(SandboxChoice.mode(null, false, false, null)).isEqualTo("none");
        assertThat(SandboxChoice.mode(null, false, false, "process")).isEqualTo("process");
        assertThat(SandboxChoice.mode(null, true, false, null)).isEqualTo("process");
        assertThat(SandboxChoice.mode(null, true, true, null)).isEqualTo("none");
        assertThat(SandboxChoice.mode("none", true, false, "process")).isEqualTo("none");
        assertThat(SandboxChoice.mode("process", false, true, "none")).isEqualTo("process");
    }

    @Test
    void theStubKeepsTheIdentityAndNexCageHeadersAndNothingElse() throws Exception {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", "x.hello", "Bundle-Version", "1.2.3", "Bundle-Description", "says hello",
                "NexCage-Plugin-Name", "hello", "NexCage-Api-Version", "1", "NexCage-Sandbox", "process", "Import-Package", "nexcage.api",
                "Bundle-Activator", "x.A", "Service-Component", "OSGI-INF/x.xml").forEach(a::putValue);
        Path real = dir.resolve("hello.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(real), m)) {
            out.putNextEntry(new java.util.zip.ZipEntry("x/A.class"));
            out.write(new byte[] {1, 2, 3});
        }
        assertThat(SandboxChoice.header(real)).isEqualTo("process");
        byte[] stub = StubJar.of(real);
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(stub))) {
            Attributes s = in.getManifest().getMainAttributes();
            assertThat(s.getValue("Bundle-SymbolicName")).isEqualTo("x.hello");
            assertThat(s.getValue("NexCage-Plugin-Name")).isEqualTo("hello");
            assertThat(s.getValue(SandboxRunner.STUB_HEADER)).isEqualTo("process");
            assertThat(s.getValue("Import-Package")).isNull();
            assertThat(s.getValue("Bundle-Activator")).isNull();
            assertThat(s.getValue("Service-Component")).isNull();
            assertThat(in.getNextJarEntry()).as("no code").isNull();
            assertThat(PluginManifest.problems(s::getValue, Version.parseVersion("0.8.0"))).isEmpty();
            assertThat(SandboxChoice.isStub(s::getValue)).isTrue();
        }
    }

    @Test
    void theStubCarriesTheMetatypeFilesSoTheDaemonTypesTheConfigurationButNoCode() throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("NexCage-Plugin-Name", "hello");
        Path real = dir.resolve("typed.jar");
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        entries.put("x/A.class", "code");
        entries.put("OSGI-INF/x.A.xml", "<scr/>");
        entries.put("OSGI-INF/metatype/x.Config.xml", "<metatype/>");
        entries.put("OSGI-INF/l10n/x.Config.properties", "name=Hello");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(real), m)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        Map<String, String> kept = new java.util.LinkedHashMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(StubJar.of(real)))) {
            for (var e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                kept.put(e.getName(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertThat(kept).containsExactly(Map.entry("OSGI-INF/metatype/x.Config.xml", "<metatype/>"),
                Map.entry("OSGI-INF/l10n/x.Config.properties", "name=Hello"));
    }

    @Test
    void aSandboxHeaderOtherThanProcessOrNoneIsAProblem() {
        Map<String, String> h = Map.of("NexCage-Plugin-Name", "p", "Bundle-Version", "1.0.0", "Bundle-Description", "d", "NexCage-Api-Version", "1",
                "NexCage-Sandbox", "vm");
        assertThat(PluginManifest.problems(h::get, Version.parseVersion("0.8.0")))
                .containsExactly("NexCage-Sandbox: 'vm' is not a sandbox; write process (a child process of its own) or none");
    }
}
