package nexcage.core.internal.security;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.PluginMetadata;
import nexcage.api.security.SecurityExtension;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.core.internal.plugins.Timed;

/**
 * The {@link SecurityGate} of the daemon: the whiteboard of {@link SecurityExtension} services,
 * each taken with its plugin's name and timeout and its service ranking.
 */
@Component(service = SecurityGate.class)
public class SecurityExtensions extends SecurityGate {
    private static final int DEFAULT_TIMEOUT_S = 30;

    private final Daemon daemon;
    private final PluginRegistry plugins;
    private final Timed timed;

    @Activate
    public SecurityExtensions(@Reference Daemon daemon, @Reference PluginAccounting accounting, @Reference PluginRegistry plugins) {
        this(daemon, plugins, new Timed(daemon.pluginCalls(), accounting));
    }

    private SecurityExtensions(Daemon daemon, PluginRegistry plugins, Timed timed) {
        super(timed);
        this.daemon = daemon;
        this.plugins = plugins;
        this.timed = timed;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindExtension(SecurityExtension extension, ServiceReference<SecurityExtension> ref) {
        Bundle owner = ref.getBundle();
        String plugin = plugins.metadata(owner).map(PluginMetadata::name).orElse(owner.getSymbolicName());
        int timeout = plugins.metadata(owner).map(m -> m.resources().timeoutSeconds()).orElse(DEFAULT_TIMEOUT_S);
        String name;
        try {
            name = timed.call(plugin, "security:name", "its name call", timeout, extension::name);
        } catch (Timed.CallFailed e) {
            name = null;
        }
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            name = plugin; // it still guards: an extension is not skipped for a name it cannot give
        }
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        add(new Extension(extension, name, plugin, timeout, ranking instanceof Integer r ? r : 0, id));
        daemon.log().about(plugins.metadata(owner).isPresent() ? plugin : null).info("security",
                "security extension " + name + " of plugin " + plugin + " now guards container operations");
    }

    void unbindExtension(SecurityExtension extension) {
        remove(extension);
    }
}
