package nexcage.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's settings in config.yaml (DESIGN §7): {@code plugins.NAME.sandbox} and three keys of {@code runtime.security}. */
class SandboxSettingsTest {
    @TempDir
    Path dir;

    private ConfigDocument parse(String yaml) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return ConfigDocument.of(file, new YamlReader(file, Map.<String, String>of()::get).read());
    }

    private ConfigException error(String yaml) throws Exception {
        return catchThrowableOfType(() -> parse(yaml), ConfigException.class);
    }

    @Test
    void aPluginSectionSaysWhereThePluginRuns() throws Exception {
        ConfigDocument d = parse("plugins:\n  hello:\n    sandbox: process\n  shout:\n    sandbox: none\n  other:\n    enabled: true\n");
        assertThat(d.plugins().get("hello").sandbox()).isEqualTo("process");
        assertThat(d.plugins().get("shout").sandbox()).isEqualTo("none");
        assertThat(d.plugins().get("other").sandbox()).isNull();
        ConfigException e = error("plugins:\n  hello:\n    sandbox: docker\n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).isEqualTo("plugins.hello.sandbox must be process (a child process of its own) or none (in the daemon)");
        assertThat(error("plugins:\n  hello:\n    where: process\n").reason()).endsWith("a plugin section has only 'enabled', 'sandbox', 'config' and 'instances'");
    }

    @Test
    void securityTakesTheSandboxPolicyWithItsDefaults() throws Exception {
        SecuritySettings d = parse("runtime:\n  security:\n    audit: warn\n").runtime().security();
        assertThat(d.sandboxUnsigned()).isFalse();
        assertThat(d.requireSandbox()).isFalse();
        assertThat(d.sandboxRestarts()).isEqualTo(3);
        SecuritySettings s = parse("runtime:\n  security:\n    sandbox_unsigned: true\n    require_sandbox: true\n    sandbox_restarts: 0\n")
                .runtime().security();
        assertThat(s.sandboxUnsigned()).isTrue();
        assertThat(s.requireSandbox()).isTrue();
        assertThat(s.sandboxRestarts()).isZero();
        assertThat(error("runtime:\n  security:\n    sandbox_restarts: -1\n").reason())
                .isEqualTo("runtime.security.sandbox_restarts must be a whole number from 0 to 100, e.g. 3");
        assertThat(error("runtime:\n  security:\n    require_sandbox: yes please\n").reason())
                .isEqualTo("runtime.security.require_sandbox must be true or false");
    }
}
