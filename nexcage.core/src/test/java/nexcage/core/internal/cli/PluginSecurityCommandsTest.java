package nexcage.core.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.UsageException;
import nexcage.security.admin.AuditFinding;
import nexcage.security.admin.AuditReport;
import nexcage.security.admin.AuditSeverity;
import nexcage.security.admin.PluginAudit;
import nexcage.security.admin.Violation;
import nexcage.security.admin.Violations;

/** plugin violations and plugin audit over fake security services: their tables, JSON and exit statuses. */
class PluginSecurityCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-05T15:00:00.123456Z");

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Path> audited = new ArrayList<>();

    private CommandIO io() {
        return new CommandIO(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), tmp, false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private final Violations record = new Violations() {
        private final List<Violation> all = List.of(
                new Violation(T0, "noisy", "logging", "log.info", "hello", 3),
                new Violation(T0.plusSeconds(60), "nosy", null, "service.lookup", "org.osgi.service.cm.ConfigurationAdmin", 1));

        @Override
        public Violation record(String plugin, String capability, String operation, String detail) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Violation> list(String plugin) {
            return all.stream().filter(v -> plugin == null || v.plugin().equals(plugin)).toList();
        }
    };

    private PluginAudit auditing(AuditFinding... findings) {
        return file -> {
            audited.add(file);
            return new AuditReport("bad", "1.0.0", "ab12", List.of(findings));
        };
    }

    private PluginSecurityCommands commands(PluginAudit audit) {
        return commands(audit, (file, name) -> false);
    }

    private PluginSecurityCommands commands(PluginAudit audit, java.util.function.BiPredicate<Path, String> signedByTrusted) {
        Path copy = tmp.resolve("state/hello-1.0.0.jar");
        return new PluginSecurityCommands(Set.of("hello", "quiet", "noisy")::contains, Set.of("hello")::contains,
                name -> name.equals("hello") ? Optional.of(copy) : Optional.empty(), signedByTrusted,
                f -> f.getFileName().toString().startsWith("bomb") ? "inflates to more than 512 MB (stopped in entry A.class)" : null)
                .with(record, audit, null);
    }

    @Test
    void aFileOverThePluginCapsIsNotAudited() throws Exception {
        Files.writeString(tmp.resolve("bomb.jar"), "zip");
        assertThat(commands(auditing()).audit("bomb.jar", false, io())).isEqualTo(1);
        assertThat(audited).isEmpty();
        assertThat(err()).isEqualTo("nexcage: bomb.jar inflates to more than 512 MB (stopped in entry A.class)\n");
    }

    @Test
    void aPluginsAcceptancesCountOnlyWhenItsFileIsSignedByATrustedCertificate() throws Exception {
        Files.writeString(tmp.resolve("lib.jar"), "zip");
        AuditFinding unsafe = new AuditFinding("unsafe", null, AuditSeverity.HIGH, "com.lib.Fast", "get", "sun.misc.Unsafe");
        PluginAudit audit = file -> new AuditReport("lib", "1.0.0", "cd34", List.of(unsafe),
                List.of(new nexcage.security.admin.AuditAcceptance("unsafe", List.of("com.lib"), "a fast path with a fallback")));
        List<String> asked = new ArrayList<>();

        assertThat(commands(audit).audit("lib.jar", true, io())).isEqualTo(1);
        assertThat(JSON.readTree(out()).get("acceptances_honoured").asBoolean()).isFalse();

        out.reset();
        PluginSecurityCommands trusted = commands(audit, (file, name) -> asked.add(file.getFileName() + ":" + name));
        assertThat(trusted.audit("lib.jar", true, io())).isZero();
        JsonNode r = JSON.readTree(out());
        assertThat(r.get("acceptances_honoured").asBoolean()).isTrue();
        assertThat(r.get("findings").get(0).get("severity").asText()).isEqualTo("low");
        assertThat(r.get("findings").get(0).get("detail").asText()).contains("a fast path with a fallback");
        assertThat(asked).containsExactly("lib.jar:null");
    }

    @Test
    void violationsAreListedNewestFirstAsATableAndAsJson() throws Exception {
        PluginSecurityCommands c = commands(auditing());
        assertThat(c.violations(null, false, io())).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines.get(0)).matches("TIME +PLUGIN +KIND +CAPABILITY +OPERATION +DETAIL +COUNT");
        assertThat(lines.get(1)).startsWith("2026-12-05T15:01:00.123Z  nosy").contains("hidden_service").contains("  -  ")
                .contains("service.lookup");
        assertThat(lines.get(2)).contains("noisy").contains("capability").contains("logging").endsWith("3");

        out.reset();
        assertThat(c.violations("noisy", true, io())).isZero();
        JsonNode a = JSON.readTree(out());
        assertThat(a.isArray()).isTrue();
        assertThat(a).hasSize(1);
        assertThat(a.get(0).get("time").asText()).isEqualTo("2026-12-05T15:00:00.123Z");
        assertThat(a.get(0).get("plugin").asText()).isEqualTo("noisy");
        assertThat(a.get(0).get("kind").asText()).isEqualTo("capability");
        assertThat(a.get(0).get("capability").asText()).isEqualTo("logging");
        assertThat(a.get(0).get("operation").asText()).isEqualTo("log.info");
        assertThat(a.get(0).get("detail").asText()).isEqualTo("hello");
        assertThat(a.get(0).get("count").asLong()).isEqualTo(3);

        out.reset();
        c.violations(null, true, io());
        assertThat(JSON.readTree(out()).get(0).get("capability").isNull()).as("a hidden look-up needs no capability: null").isTrue();
        assertThat(JSON.readTree(out()).get(0).get("kind").asText()).isEqualTo("hidden_service");
    }

    @Test
    void aPluginWithoutViolationsHasNoneButAnUnknownNameIsAnError() {
        PluginSecurityCommands c = commands(auditing());
        assertThat(c.violations("quiet", false, io())).isZero();
        assertThat(out()).isEqualTo("no violations recorded for plugin quiet\n");
        assertThat(c.violations("ghost", false, io())).isEqualTo(1);
        assertThat(err()).isEqualTo("nexcage: no plugin named 'ghost' and no violations recorded for it; "
                + "'nexcage plugin list' shows the plugins there are\n");
    }

    @Test
    void auditOfAFileOrAnInstalledPluginsCopyExitsOneOnAHighFinding() throws Exception {
        Path file = Files.writeString(tmp.resolve("bad.jar"), "zip");
        PluginSecurityCommands c = commands(auditing(
                new AuditFinding("system_exit", null, AuditSeverity.HIGH, "org.example.Bad", "quit", "java.lang.System.exit"),
                new AuditFinding("process_spawn", "process_spawn", AuditSeverity.MEDIUM, "org.example.Bad", "run", "ProcessBuilder.start")));
        assertThat(c.audit("bad.jar", true, io())).isEqualTo(1);
        assertThat(audited).containsExactly(file);
        JsonNode r = JSON.readTree(out());
        assertThat(r.get("plugin").asText()).isEqualTo("bad");
        assertThat(r.get("version").asText()).isEqualTo("1.0.0");
        assertThat(r.get("ok").asBoolean()).isFalse();
        JsonNode f = r.get("findings").get(0);
        assertThat(f.get("rule").asText()).isEqualTo("system_exit");
        assertThat(f.get("capability").isNull()).isTrue();
        assertThat(f.get("severity").asText()).isEqualTo("high");
        assertThat(f.get("class").asText()).isEqualTo("org.example.Bad");
        assertThat(f.get("method").asText()).isEqualTo("quit");
        assertThat(f.get("detail").asText()).isEqualTo("java.lang.System.exit");
        assertThat(r.get("findings").get(1).get("capability").asText()).isEqualTo("process_spawn");

        out.reset();
        assertThat(c.audit("hello", false, io())).isEqualTo(1);
        assertThat(audited).last().isEqualTo(tmp.resolve("state/hello-1.0.0.jar"));
        assertThat(out()).contains("SEVERITY").contains("system_exit").endsWith("plugin bad 1.0.0: 2 findings, 1 of high severity; "
                + "declare the capabilities named, or remove those calls\n");
    }

    @Test
    void aCleanPluginHasNoFindingsAndExitsZero() throws Exception {
        Files.writeString(tmp.resolve("clean.jar"), "zip");
        PluginSecurityCommands c = commands(auditing(new AuditFinding("reflection", null, AuditSeverity.LOW, "A", "b", "c")));
        assertThat(c.audit("clean.jar", true, io())).isZero();
        assertThat(JSON.readTree(out()).get("ok").asBoolean()).isTrue();
        out.reset();
        assertThat(commands(auditing()).audit("clean.jar", false, io())).isZero();
        assertThat(out()).isEqualTo("plugin bad 1.0.0: no findings\n");
    }

    @Test
    void anAuditTargetThatIsNeitherIsAUsageErrorAndAFileThatIsNoZipFails() throws Exception {
        assertThatThrownBy(() -> commands(auditing()).audit("ghost", false, io())).isInstanceOf(UsageException.class)
                .hasMessageContaining("'ghost' is neither a file nor an installed plugin");
        assertThatThrownBy(() -> commands(auditing()).audit("quiet", false, io())).as("a rejected file's name is not an installed plugin")
                .isInstanceOf(UsageException.class);
        Files.writeString(tmp.resolve("notes.txt"), "not a zip");
        PluginAudit broken = file -> {
            throw new IOException("zip END header not found");
        };
        assertThat(commands(broken).audit("notes.txt", false, io())).isEqualTo(1);
        assertThat(err()).isEqualTo("nexcage: cannot audit notes.txt: zip END header not found; give a plugin JAR (.nexcage-plugin or .jar)\n");
    }

    @Test
    void withoutTheSecurityBundleTheCommandsSaySo() {
        PluginSecurityCommands c = new PluginSecurityCommands(n -> false, n -> false, n -> Optional.empty(), (f, n) -> false, f -> null);
        assertThat(c.violations(null, false, io())).isEqualTo(1);
        assertThat(c.audit("x", false, io())).isEqualTo(1);
        assertThat(err()).contains("the violations record is not available: the security bundle (nexcage.security) is not running")
                .contains("the plugin audit is not available");
        assertThat(c.capabilitiesUsed(null)).isNull();
    }

    @Test
    void infoShowsTheCapabilitiesThePluginUsed() {
        nexcage.security.admin.CapabilityGuard guard = new nexcage.security.admin.CapabilityGuard() {
            @Override
            public void check(org.osgi.framework.Bundle caller, nexcage.api.Capability needed, String operation, String detail) {
            }

            @Override
            public Set<nexcage.api.Capability> used(String plugin) {
                return Set.of(nexcage.api.Capability.LOGGING, nexcage.api.Capability.CONTAINER_LIST);
            }
        };
        PluginSecurityCommands c = commands(auditing()).with(record, null, guard);
        java.util.Map<String, String> h = java.util.Map.of("Bundle-SymbolicName", "org.example.hello", "Bundle-Version", "1.0.0",
                "Bundle-Description", "plugin hello", "NexCage-Plugin-Name", "hello", "NexCage-Api-Version", "1",
                "NexCage-Capabilities", "logging, container_list, metrics");
        nexcage.api.PluginMetadata m = nexcage.core.internal.plugins.PluginManifest.read(h::get, new org.osgi.framework.Version(0, 8, 0));
        assertThat(c.capabilitiesUsed(new nexcage.core.internal.plugins.PluginRecord("hello", "1.0.0", "hello.jar", m, 7,
                nexcage.core.internal.plugins.PluginState.ACTIVE, null, true, null, null, null, false, -1, null, "a", null)))
                .containsExactlyInAnyOrder("container_list", "logging");
    }
}
