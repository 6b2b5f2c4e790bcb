package nexcage.core.internal.containers;

import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.core.internal.config.ConfigChecker;

/**
 * Refuses a plugin instance ({@code plugins.NAME.instances.KEY}) whose name is a backend another
 * plugin provides: the registry would ignore the second backend of that name, so the instance
 * would never be used. A backend of the same plugin is that instance itself (or one the plugin
 * checks for itself, like docker's default instance).
 */
@Component(service = ConfigChecker.class, immediate = true)
public class InstanceNames implements ConfigChecker {
    static final String PREFIX = "instances.";

    private final Backends backends;

    @Activate
    public InstanceNames(@Reference BackendRegistry backends) {
        this((Backends) backends);
    }

    InstanceNames(Backends backends) {
        this.backends = backends;
    }

    @Override
    public String check(String plugin, Map<String, Object> config) {
        for (String key : config.keySet()) {
            int dot = key.indexOf('.', PREFIX.length());
            if (!key.startsWith(PREFIX) || dot < 0) {
                continue;
            }
            String instance = key.substring(PREFIX.length(), dot);
            Optional<String> owner = backends.plugin(instance);
            if (owner.isPresent() && !owner.get().equals(plugin)) {
                return "instance " + instance + " has the name of a backend of plugin " + owner.get()
                        + "; give the instance another name under instances";
            }
        }
        return null;
    }

    @Override
    public void reloaded(String plugin, Map<String, Object> config) {
        // nothing kept
    }
}
