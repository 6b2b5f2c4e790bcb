package nexcage.hooks.internal;

import org.apache.felix.utils.manifest.Attribute;
import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Parser;
import org.osgi.framework.Bundle;

import java.util.LinkedHashMap;
import java.util.Map;

import nexcage.api.PluginHeaders;
import nexcage.api.ResourceRequirements;
import nexcage.hooks.admin.HookLog;

/** Reads who registered a handler from its bundle's headers, as the core reads a plugin's manifest. */
final class BundleWho {

    private BundleWho() {
    }

    static Who of(Bundle bundle, HookLog log) {
        String name = bundle.getHeaders().get(PluginHeaders.NAME);
        if (name == null || name.isBlank()) {
            String bsn = bundle.getSymbolicName();
            return new Who(bsn == null ? "bundle-" + bundle.getBundleId() : bsn, false,
                    ResourceRequirements.DEFAULTS.timeoutSeconds());
        }
        return new Who(name.trim(), true, timeoutSeconds(name.trim(), bundle.getHeaders().get(PluginHeaders.RESOURCES), log));
    }

    /**
     * The plugin's {@code timeout_seconds} from its {@code NexCage-Resources} header (OSGi header
     * syntax, so quoted values work); the default when the header is absent or invalid (the core
     * refuses such a plugin anyway, this only keeps the cap sane meanwhile).
     */
    static int timeoutSeconds(String plugin, String header, HookLog log) {
        if (header == null || header.isBlank()) {
            return ResourceRequirements.DEFAULTS.timeoutSeconds();
        }
        try {
            Clause[] clauses = Parser.parseHeader("resources;" + header);
            Map<String, String> given = new LinkedHashMap<>();
            for (Attribute a : clauses[0].getAttributes()) {
                given.put(a.getName(), a.getValue());
            }
            return ResourceRequirements.of(given).timeoutSeconds();
        } catch (RuntimeException e) {
            log.log("warn", plugin, "plugin " + plugin + ": " + PluginHeaders.RESOURCES + " '" + header + "' cannot be read ("
                    + e.getMessage() + "); its hook handlers are capped at the default timeout_seconds="
                    + ResourceRequirements.DEFAULTS.timeoutSeconds() + " until the header is fixed");
            return ResourceRequirements.DEFAULTS.timeoutSeconds();
        }
    }
}
