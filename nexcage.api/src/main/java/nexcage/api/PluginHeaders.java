package nexcage.api;

/** The manifest headers that make a bundle a NexCage plugin (DESIGN §2). */
public final class PluginHeaders {
    public static final String NAME = "NexCage-Plugin-Name";
    public static final String API_VERSION = "NexCage-Api-Version";
    public static final String NEXCAGE_VERSION = "NexCage-Version";
    public static final String CAPABILITIES = "NexCage-Capabilities";
    public static final String RESOURCES = "NexCage-Resources";
    public static final String DEPENDENCIES = "NexCage-Dependencies";
    /**
     * Findings of the bytecode audit that the plugin's author accepts in code the plugin embeds
     * (DESIGN §5): clauses {@code RULE;packages="p1,p2";reason="why"}, honoured only for a plugin
     * file whose signature is trusted.
     */
    public static final String AUDIT_ACCEPT = "NexCage-Audit-Accept";
    /**
     * Where the plugin asks to run (DESIGN §5, "Sandboxed plugins"): {@code process} (a child JVM of
     * its own, isolated and limited) or {@code none} (the daemon's JVM, the default). config.yaml's
     * {@code plugins.NAME.sandbox} overrides it.
     */
    public static final String SANDBOX = "NexCage-Sandbox";

    /** The API generation this runtime serves. */
    public static final int CURRENT_API_VERSION = 1;

    /** The namespace of the capability the API bundle provides and plugins require. */
    public static final String API_NAMESPACE = "nexcage.api";

    /** The namespace of the capability every plugin provides under its plugin name. */
    public static final String PLUGIN_NAMESPACE = "nexcage.plugin";

    /** Plugins are installed at this location prefix followed by their name. */
    public static final String LOCATION_PREFIX = "nexcage:plugin/";

    /** The ConfigAdmin PID prefix of a plugin's configuration: {@code nexcage.plugin.NAME}. */
    public static final String CONFIG_PID_PREFIX = "nexcage.plugin.";

    private PluginHeaders() {
    }

    /** The ConfigAdmin PID of the named plugin's configuration. */
    public static String configPid(String pluginName) {
        return CONFIG_PID_PREFIX + pluginName;
    }
}
