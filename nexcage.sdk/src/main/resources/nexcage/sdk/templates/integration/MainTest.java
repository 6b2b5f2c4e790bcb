package {{package}};

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import nexcage.api.HealthStatus;

/** A plain unit test: the integration without NexCage. */
class {{className}}Test {

    @Test
    void isHealthyOnceConnectedAndAnswersRequests() throws Exception {
        {{className}} integration = new {{className}}();
        assertThat(integration.healthCheck()).isEqualTo(HealthStatus.UNHEALTHY);

        integration.connect();

        assertThat(integration.healthCheck()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(integration.sendRequest(Map.of("ping", 1))).containsEntry("echo", Map.of("ping", 1));
    }
}
