package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The raw event stream's request and decoding, and the probe's reading of /version, without an engine. */
class EngineEventsTest {

    @Test
    void asksForTheSameSubscriptionAsDockerJava() {
        String p = EngineEvents.path("1.41", null);
        assertThat(p).startsWith("/v1.41/events?filters=").doesNotContain("since");
        String filters = URLDecoder.decode(p.substring(p.indexOf('=') + 1), StandardCharsets.UTF_8);
        assertThat(filters).isEqualTo("{\"type\":[\"container\"],\"label\":[\"nexcage.managed=true\"],"
                + "\"event\":[\"die\",\"oom\",\"kill\",\"restart\",\"start\",\"stop\"]}");
        assertThat(EngineEvents.path("1.44", 1700000000L)).startsWith("/v1.44/events?").endsWith("&since=1700000000");
    }

    @Test
    void decodesEachObjectOfTheStreamAsItComes() throws Exception {
        String stream = "{\"status\":\"die\",\"id\":\"abc\",\"from\":\"busybox\",\"Type\":\"container\",\"Action\":\"die\","
                + "\"Actor\":{\"ID\":\"abc\",\"Attributes\":{\"exitCode\":\"3\",\"name\":\"web\",\"nexcage.managed\":\"true\"}},"
                + "\"scope\":\"local\",\"time\":1700000001,\"timeNano\":1700000001123456789}\n"
                + "{\"status\":\"start\",\"id\":\"def\",\"time\":1700000002,\"timeNano\":1700000002000000000}\n";
        List<EngineEvents.Event> got = new ArrayList<>();
        EngineEvents.read(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), got::add);

        assertThat(got).hasSize(2);
        EngineEvents.Event die = got.get(0);
        assertThat(die.action()).isEqualTo("die");
        assertThat(die.id()).isEqualTo("abc");
        assertThat(die.time()).isEqualTo(1700000001L);
        assertThat(die.timeNano()).isEqualTo(1700000001123456789L);
        assertThat(die.attributes()).containsEntry("exitCode", "3").containsEntry("name", "web");
        EngineEvents.Event start = got.get(1);
        assertThat(start.action()).as("an engine that sends only the older status field").isEqualTo("start");
        assertThat(start.attributes()).isEmpty();
    }

    @Test
    void anEventWithoutTimesOrActionDecodesToNulls() throws Exception {
        EngineEvents.Event e = EngineEvents.decode(new ObjectMapper().readTree("{\"Actor\":{\"ID\":\"x\"}}"));
        assertThat(e.id()).isEqualTo("x");
        assertThat(e.action()).isNull();
        assertThat(e.time()).isNull();
        assertThat(e.timeNano()).isNull();
    }

    @Test
    void theProbeReadsTheVersionsOrFallsBack() throws Exception {
        ObjectMapper json = new ObjectMapper();
        var v = json.readTree("{\"Version\":\"24.0.7\",\"ApiVersion\":\"1.43\",\"MinAPIVersion\":\"1.12\"}");
        assertThat(EngineVersion.text(v, "Version", "unknown")).isEqualTo("24.0.7");
        assertThat(EngineVersion.text(v, "ApiVersion", "1.41")).isEqualTo("1.43");
        assertThat(EngineVersion.text(null, "Version", "unknown")).isEqualTo("unknown");
        assertThat(EngineVersion.text(json.readTree("{\"Version\":5}"), "Version", "unknown")).isEqualTo("unknown");
        assertThat(EngineVersion.pin("1.43")).isEqualTo("1.43");
        assertThat(EngineVersion.pin(" 1.50 ")).isEqualTo("1.44");
        assertThat(EngineVersion.pin("2.0")).isEqualTo("1.44");
        assertThat(EngineVersion.pin(null)).isEqualTo("1.41");
    }
}
