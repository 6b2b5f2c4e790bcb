package nexcage.example.logger;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

import org.osgi.service.component.annotations.Component;

import nexcage.api.HealthStatus;
import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;

/** Writes {@code plugin.log} in the plugin's data directory: a line at init, a line at deinit. */
@Component
public class CustomLogger implements PluginLifecycle {
    private Writer log;

    @Override
    public synchronized void init(PluginContext context) throws IOException {
        log = Files.newBufferedWriter(context.getDataDirectory().resolve("plugin.log"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        log.write("Logger plugin started\n");
        log.flush();
    }

    @Override
    public synchronized void deinit(PluginContext context) throws IOException {
        if (log != null) {
            log.write("Logger plugin stopped\n");
            log.close();
            log = null;
        }
    }

    @Override
    public synchronized HealthStatus healthCheck(PluginContext context) {
        return log != null ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
    }
}
