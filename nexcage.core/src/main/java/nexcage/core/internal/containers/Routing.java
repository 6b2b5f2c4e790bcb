package nexcage.core.internal.containers;

import java.util.regex.Pattern;

import nexcage.core.internal.config.RuntimeSettings;

/**
 * Which backend a container goes to: {@code --backend}, else the first matching rule, else the
 * default. With no id (an image command) the rules do not apply: {@code --backend}, else the default.
 */
final class Routing {
    private Routing() {
    }

    static String backendFor(String id, String explicit, RuntimeSettings settings) {
        if (explicit != null) {
            return explicit;
        }
        for (RuntimeSettings.Route r : settings.routing()) {
            if (id != null && matches(r.pattern(), id)) {
                return r.backend();
            }
        }
        return settings.defaultBackend();
    }

    /** Where the name {@link #backendFor} gives comes from, for a message: null for {@code --backend}. */
    static String source(String id, String explicit, RuntimeSettings settings) {
        if (explicit != null) {
            return null;
        }
        for (RuntimeSettings.Route r : settings.routing()) {
            if (id != null && matches(r.pattern(), id)) {
                return "the runtime.routing rule for '" + r.pattern() + "' in config.yaml";
            }
        }
        return "runtime.default_backend in config.yaml";
    }

    /** {@code *} is a wildcard; {@code /.../} is a full Java regular expression. */
    static boolean matches(String pattern, String id) {
        if (pattern.length() > 1 && pattern.startsWith("/") && pattern.endsWith("/")) {
            return Pattern.compile(pattern.substring(1, pattern.length() - 1)).matcher(id).matches();
        }
        String re = String.join(".*", java.util.Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).toList());
        return Pattern.compile(re).matcher(id).matches();
    }
}
