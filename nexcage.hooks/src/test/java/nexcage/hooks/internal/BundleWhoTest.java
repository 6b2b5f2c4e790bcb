package nexcage.hooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BundleWhoTest {

    private final List<String> logged = new ArrayList<>();

    @Test
    void readsTimeoutSecondsFromTheResourcesHeader() {
        assertThat(BundleWho.timeoutSeconds("p", "max_memory_mb=32;timeout_seconds=7", this::log)).isEqualTo(7);
        assertThat(BundleWho.timeoutSeconds("p", "timeout_seconds=\"12\"", this::log)).isEqualTo(12);
        assertThat(BundleWho.timeoutSeconds("p", null, this::log)).isEqualTo(30);
        assertThat(logged).isEmpty();
    }

    @Test
    void anInvalidHeaderFallsBackToTheDefaultAndSaysSo() {
        assertThat(BundleWho.timeoutSeconds("p", "timeout_seconds=9999", this::log)).isEqualTo(30);
        assertThat(logged).singleElement().asString().contains("plugin p: NexCage-Resources 'timeout_seconds=9999' cannot be read");
    }

    private void log(String level, String plugin, String message) {
        logged.add(message);
    }
}
