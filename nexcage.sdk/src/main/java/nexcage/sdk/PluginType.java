package nexcage.sdk;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a new plugin contributes: the one class {@code plugin new} writes, and how a user tries it. */
public enum PluginType {
    COMMAND("Command", "command"),
    BACKEND("Backend", "container backend"),
    INTEGRATION("Integration", "integration"),
    HOOKS("Hooks", "hook handler");

    private final String classSuffix;
    private final String description;

    PluginType(String classSuffix, String description) {
        this.classSuffix = classSuffix;
        this.description = description;
    }

    /** The word of {@code --type}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String classSuffix() {
        return classSuffix;
    }

    public String description() {
        return description;
    }

    /** The command that shows the installed plugin at work. */
    public String tryIt(String name) {
        return switch (this) {
            case COMMAND -> "nexcage " + name + " hi                                          # " + name + ": hi";
            case BACKEND -> "nexcage backend list                                    # " + name + " is there, healthy";
            case INTEGRATION -> "nexcage integration send " + name + " '{\"ping\":1}'        # its answer";
            case HOOKS -> "nexcage hooks list                                      # its handler for container.pre_create";
        };
    }

    public static Optional<PluginType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
    }

    /** The words {@code --type} takes, for messages. */
    public static String ids() {
        return Arrays.stream(values()).map(PluginType::id).collect(Collectors.joining(", "));
    }
}
