package nexcage.core.internal.guard;

import java.util.List;

/** The hook names the runtime fires (DESIGN §6), which no plugin may fire. */
final class RuntimeHooks {
    static final List<String> PREFIXES = List.of("system.", "container.", "cli.", "security.");

    private RuntimeHooks() {
    }

    static boolean isRuntimes(String hook) {
        return PREFIXES.stream().anyMatch(hook::startsWith);
    }
}
