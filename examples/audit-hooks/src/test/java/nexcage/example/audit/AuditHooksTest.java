package nexcage.example.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.api.hooks.HookContext;
import nexcage.api.hooks.HookNames;

class AuditHooksTest {

    @TempDir
    Path dir;

    @Test
    void writesOneJsonLinePerEvent() throws Exception {
        Path file = dir.resolve("sub/audit.jsonl");
        AuditLog log = new AuditLog(file, "");
        new AuditHandler(log).handle(new FakeContext(HookNames.CLI_PRE_COMMAND, Map.of("command", "list \"x\"\n")));
        new AuditHandler(log).handle(new FakeContext(HookNames.CONTAINER_POST_START, Map.of("container_id", "web", "backend", "docker")));
        log.close();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"time\":\"").contains("\"hook\":\"cli.pre_command\",\"source\":\"core\",\"vetoed\":false")
                .endsWith("\"metadata\":{\"command\":\"list \\\"x\\\"\\n\"}}");
        assertThat(lines.get(1)).endsWith("\"metadata\":{\"backend\":\"docker\",\"container_id\":\"web\"}}");
    }

    @Test
    void vetoesCreatingContainersWhoseIdMatchesTheDenyPattern() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = new AuditLog(file, "tmp-.*");
        FakeContext denied = new FakeContext(HookNames.CONTAINER_PRE_CREATE, Map.of("container_id", "tmp-1"));
        FakeContext allowed = new FakeContext(HookNames.CONTAINER_PRE_CREATE, Map.of("container_id", "web-tmp-1"));

        new DenyHandler(log).handle(denied);
        new DenyHandler(log).handle(allowed);
        log.close();

        assertThat(denied.vetoReason).isEqualTo("container id 'tmp-1' matches deny_pattern 'tmp-.*' of plugin audit-hooks; "
                + "choose another --name or change the pattern");
        assertThat(allowed.vetoReason).isNull();
        assertThat(Files.readAllLines(file)).singleElement().asString().contains("\"vetoed\":true,\"reason\":\"container id 'tmp-1'");
    }

    @Test
    void anInvalidPatternVetoesEveryCreateAndSaysHowToFixIt() {
        AuditLog log = new AuditLog(dir.resolve("a.jsonl"), "([");
        assertThat(log.denial("anything")).startsWith("deny_pattern '([' of plugin audit-hooks is not a valid regular expression")
                .endsWith("fix plugins.audit-hooks.config.deny_pattern");
    }

    @Test
    void theDefaultFileIsInTheStateDirectory() {
        assertThat(AuditLog.resolveFile("", "/var/lib/nexcage")).isEqualTo(Path.of("/var/lib/nexcage/audit-hooks.jsonl"));
        assertThat(AuditLog.resolveFile("/tmp/x.jsonl", "/var/lib/nexcage")).isEqualTo(Path.of("/tmp/x.jsonl"));
    }

    @Test
    void jsonEscapesControlCharacters() {
        assertThat(Json.quote("a\u0001b\\")).isEqualTo("\"a\\u0001b\\\\\"");
        assertThat(Json.quote(null)).isEqualTo("null");
    }

    @Test
    void theFakeContextRefusesVetoesOnPostHooksLikeTheRuntime() {
        assertThatThrownBy(() -> new FakeContext(HookNames.CONTAINER_POST_CREATE, Map.of()).veto("x"))
                .isInstanceOf(IllegalStateException.class);
    }

    /** A stand-in for the dispatcher's context. */
    static final class FakeContext implements HookContext {
        private final String hook;
        private final Map<String, String> metadata;
        String vetoReason;

        FakeContext(String hook, Map<String, String> metadata) {
            this.hook = hook;
            this.metadata = new HashMap<>(metadata);
        }

        @Override
        public String hookName() {
            return hook;
        }

        @Override
        public String source() {
            return "core";
        }

        @Override
        public Optional<String> metadata(String key) {
            return Optional.ofNullable(metadata.get(key));
        }

        @Override
        public Map<String, String> metadata() {
            return Map.copyOf(metadata);
        }

        @Override
        public void putMetadata(String key, String value) {
            metadata.put(key, value);
        }

        @Override
        public boolean vetoable() {
            return HookNames.isVetoable(hook);
        }

        @Override
        public void veto(String reason) {
            if (!vetoable()) {
                throw new IllegalStateException(hook + " cannot be vetoed");
            }
            vetoReason = reason;
        }
    }
}
