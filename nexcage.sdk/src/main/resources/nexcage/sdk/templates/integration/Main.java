package {{package}};

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import nexcage.api.HealthStatus;
import nexcage.api.integration.IntegrationExtension;

/**
 * An integration named {{name}}: NexCage connects it under the plugin's timeout, checks its health,
 * reconnects it with backoff and disconnects it when the plugin stops ({@code nexcage integration
 * list}, {@code nexcage integration send {{name}} JSON}). This one answers each request itself;
 * a real one talks to an outside service here (declare network_client then).
 */
@Component
public class {{className}} implements IntegrationExtension {
    private volatile boolean connected;

    @Override
    public String name() {
        return "{{name}}";
    }

    @Override
    public String description() {
        return "Answers each request with what it was sent";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public void connect() {
        connected = true;
    }

    @Override
    public void disconnect() {
        connected = false;
    }

    @Override
    public HealthStatus healthCheck() {
        return connected ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
    }

    @Override
    public Map<String, Object> sendRequest(Map<String, Object> request) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("integration", name());
        answer.put("echo", request);
        return answer;
    }
}
