package nexcage.backend.docker;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import nexcage.api.backend.ContainerBackend;

/**
 * One more Docker-API engine as a backend of its own: one component per factory configuration
 * {@code nexcage.plugin.docker.instance~NAME}, which the core makes of config.yaml's
 * {@code plugins.docker.instances.NAME} (DESIGN §7). The backend is named NAME ({@code --backend
 * NAME}, routing rules, {@code runtime.default_backend}) and works as the default {@code docker}
 * backend does, on the engine its {@code host} (and {@code tls.*}) name. A changed instance is a
 * new configuration, so DS deactivates this object and activates a new one; the other instances
 * and the default backend are not touched. It registers no {@code PluginLifecycle}: the plugin's
 * lifecycle (and its health) stays the default backend's, and each instance's health is its own
 * in {@code backend list}.
 */
@Component(name = DockerInstance.FACTORY_PID, service = ContainerBackend.class, configurationPid = DockerInstance.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = "service.description=Docker engine backend instance")
public final class DockerInstance extends DockerBackend {
    /** The factory PID the core delivers {@code plugins.docker.instances.NAME} as. */
    static final String FACTORY_PID = "nexcage.plugin.docker.instance";
    /** The property the core puts the instance's name in. */
    static final String INSTANCE = "nexcage.instance";

    @Activate
    void activateInstance(Map<String, Object> properties) {
        String name = instanceName(properties);
        configure(name, EngineSettings.of(properties, null, EngineSettings.INSTANCES + name + "."));
    }

    @Deactivate
    void deactivateInstance() {
        close();
    }

    /** {@code nexcage.instance}, else the name part of the configuration's PID ({@code FACTORY~NAME}). */
    static String instanceName(Map<String, Object> properties) {
        Object named = properties.get(INSTANCE);
        if (named != null && !named.toString().isBlank()) {
            return named.toString();
        }
        String pid = String.valueOf(properties.get("service.pid"));
        int tilde = pid.lastIndexOf('~');
        if (tilde < 0) {
            throw new IllegalArgumentException("the configuration " + pid + " names no instance; declare instances in config.yaml under "
                    + "plugins.docker.instances, where each key is the instance's name");
        }
        return pid.substring(tilde + 1);
    }
}
