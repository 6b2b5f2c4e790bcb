package nexcage.core.internal.daemon;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Function;

/**
 * Where the daemon keeps things (DESIGN §9). Values come from framework properties set by the
 * launcher ({@code nexcage.home}, {@code nexcage.state}, {@code nexcage.socket}), else the
 * documented defaults: {@code /etc/nexcage} and {@code /var/lib/nexcage} for root,
 * {@code ~/.nexcage} and {@code ~/.nexcage/state} for everyone else.
 */
public record DaemonPaths(Path home, Path state, Path pluginDir, Path socket) {

    public static DaemonPaths from(Function<String, String> property) {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path userHome = Paths.get(System.getProperty("user.home"));
        Path home = pathOr(property.apply("nexcage.home"), root ? Paths.get("/etc/nexcage") : userHome.resolve(".nexcage"));
        Path state = pathOr(property.apply("nexcage.state"), root ? Paths.get("/var/lib/nexcage") : home.resolve("state"));
        Path pluginDir = pathOr(property.apply("nexcage.plugin_dir"), home.resolve("plugins"));
        Path socket = pathOr(property.apply("nexcage.socket"), state.resolve("nexcage.sock"));
        return new DaemonPaths(home, state, pluginDir, socket);
    }

    private static Path pathOr(String value, Path fallback) {
        return value == null || value.isBlank() ? fallback : Paths.get(value).toAbsolutePath().normalize();
    }

    public Path logDir() {
        return state.resolve("logs");
    }

    /** Verified copies of the plugin files that are installed. */
    public Path pluginCopies() {
        return state.resolve("plugins");
    }

    public Path pluginData(String plugin) {
        return state.resolve("data").resolve(plugin);
    }
}
