package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import nexcage.api.hooks.HookContext;

/** A plain unit test: the handler without NexCage, on a context of its own. */
class {{className}}Test {

    @Test
    void vetoesForbiddenImagesAndMarksTheOthers() throws Exception {
        FakeContext forbidden = new FakeContext("forbidden/app");
        new {{className}}().handle(forbidden);
        assertThat(forbidden.veto).contains("forbidden");

        FakeContext fine = new FakeContext("busybox");
        new {{className}}().handle(fine);
        assertThat(fine.veto).isNull();
        assertThat(fine.metadata).containsEntry("{{name}}.checked", "true");
    }

    private static final class FakeContext implements HookContext {
        final Map<String, String> metadata = new HashMap<>();
        String veto;

        FakeContext(String image) {
            metadata.put("image", image);
        }

        @Override
        public String hookName() {
            return "container.pre_create";
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
            return true;
        }

        @Override
        public void veto(String reason) {
            veto = reason;
        }
    }
}
