package nexcage.api.hooks;

/** The hooks the runtime fires (DESIGN §6). */
public final class HookNames {
    public static final String SYSTEM_STARTUP = "system.startup";
    public static final String SYSTEM_SHUTDOWN = "system.shutdown";
    public static final String SYSTEM_CONFIG_RELOAD = "system.config_reload";
    public static final String SYSTEM_HEALTH_CHECK = "system.health_check";
    public static final String SYSTEM_PLUGIN_LOADED = "system.plugin_loaded";
    public static final String SYSTEM_PLUGIN_UNLOADED = "system.plugin_unloaded";
    public static final String SYSTEM_ERROR_OCCURRED = "system.error_occurred";
    public static final String CONTAINER_PRE_CREATE = "container.pre_create";
    public static final String CONTAINER_POST_CREATE = "container.post_create";
    public static final String CONTAINER_PRE_START = "container.pre_start";
    public static final String CONTAINER_POST_START = "container.post_start";
    public static final String CONTAINER_PRE_STOP = "container.pre_stop";
    public static final String CONTAINER_POST_STOP = "container.post_stop";
    public static final String CONTAINER_PRE_DELETE = "container.pre_delete";
    public static final String CONTAINER_POST_DELETE = "container.post_delete";
    public static final String CONTAINER_STATUS_CHANGED = "container.status_changed";
    public static final String CLI_PRE_COMMAND = "cli.pre_command";
    public static final String CLI_POST_COMMAND = "cli.post_command";
    public static final String CLI_COMMAND_ERROR = "cli.command_error";
    /** Help was asked for: {@code nexcage help}, or a command's {@code --help}/{@code -h}. Metadata: {@code command}. */
    public static final String CLI_HELP_REQUESTED = "cli.help_requested";
    /**
     * An HTTP API request arrived and its caller is known; a veto refuses it with 403 and the
     * reason. Metadata: {@code method}, {@code path}, {@code remote}, {@code principal}.
     */
    public static final String API_PRE_REQUEST = "api.pre_request";
    /** An HTTP API request was answered. Metadata: {@code method}, {@code path}, {@code principal}, {@code status}, {@code duration_ms}. */
    public static final String API_POST_REQUEST = "api.post_request";
    /** An HTTP API request was answered with 4xx or 5xx. Metadata: {@code method}, {@code path}, {@code principal}, {@code status}, {@code error}. */
    public static final String API_REQUEST_ERROR = "api.request_error";
    /**
     * An HTTP API caller was authenticated or refused. Metadata: {@code method}, {@code path},
     * {@code remote}, {@code scheme} ({@code token} or {@code extension}), {@code principal} (empty
     * when refused), {@code result} ({@code ok} or {@code refused}).
     */
    public static final String API_AUTHENTICATION = "api.authentication";
    /**
     * An HTTP API request was allowed or refused by the security extensions. Metadata:
     * {@code principal}, {@code action}, {@code resource}, {@code result} ({@code allowed} or
     * {@code refused}), {@code by} (the refusing extension, else empty).
     */
    public static final String API_AUTHORIZATION = "api.authorization";
    /**
     * A plugin was refused something it did not declare, looked up a service hidden from
     * plugins, or exceeded a resource limit the daemon watches. Metadata: {@code plugin},
     * {@code kind} ({@code capability}, {@code hidden_service} or {@code resource}),
     * {@code capability} (empty when none would allow it), {@code operation} ({@code resource.KEY}
     * for a limit), {@code detail}, {@code count}.
     */
    public static final String SECURITY_VIOLATION = "security.violation";

    private HookNames() {
    }

    /** True for hooks whose handlers may veto: the {@code pre_*} ones. */
    public static boolean isVetoable(String hook) {
        int dot = hook.lastIndexOf('.');
        return hook.substring(dot + 1).startsWith("pre_");
    }
}
