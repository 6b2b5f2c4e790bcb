package nexcage.core.internal.cli;

/** The text of {@code nexcage help}; the launcher prints the same without a daemon. */
final class Help {
    static final String TEXT = String.join("\n",
            "Usage: nexcage COMMAND [ARGS...]",
            "",
            "Daemon:",
            "  daemon                      run the NexCage daemon in the foreground",
            "  shell                       open the Gogo shell of the running daemon (full control)",
            "  version                     the client's and the daemon's version",
            "",
            "Plugins:",
            "  plugin list [--json]        every plugin with its state and health",
            "  plugin info NAME [--json]   one plugin's metadata, resources and state",
            "  plugin health [NAME]        run the plugins' health checks",
            "  plugin enable NAME          start a plugin, and keep it enabled across restarts",
            "  plugin disable NAME         stop a plugin, and keep it disabled (--force, --dry-run)",
            "  plugin reload NAME          re-read its file; refreshes only the bundles wired to it (--dry-run)",
            "  plugin install FILE         validate FILE and copy it into the plugin directory",
            "  plugin remove NAME          delete its file from the plugin directory (--force, --dry-run)",
            "  plugin validate FILE        check FILE without installing it",
            "  plugin test NAME|FILE       run init, health check and deinit in a separate, throw-away framework",
            "",
            "  plugin stats NAME [--json]  the plugin's hook statistics",
            "",
            "Hooks:",
            "  hooks list [--json]         every hook handler with its priority, timeout and statistics",
            "",
            "Containers (on the backend chosen by --backend, routing rules or runtime.default_backend):",
            "  run [-d] [--rm] --name ID [--backend B] IMAGE [CMD...]   create and start; attached unless -d",
            "  create --name ID [--backend B] IMAGE [CMD...]",
            "  start ID | stop ID [-t S] | kill ID [-s SIG] | delete ID [-f]",
            "  list [--all] [--json] | info ID [--json] | exec ID CMD... | logs ID [-f] [-n N]",
            "  backend list [--json]       each backend with its health",
            "",
            "Configuration:",
            "  config show [--json]        the effective configuration (secrets masked)",
            "  config reload               re-read config.yaml now (it is also picked up by itself)",
            "",
            "Plugin commands:",
            "  NAME [ARGS...]              a command contributed by a plugin, e.g. 'nexcage hello World'",
            "",
            "Exit status: 0 success, 1 failure, 2 usage error, 3 daemon not reachable.",
            "");

    private Help() {
    }
}
