package nexcage.sdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code nexcage plugin new NAME [--type TYPE] [--dir DIR]}, checked: a name that is a good plugin
 * name, command name, artifactId and package alike, a known type, and a folder that does not exist.
 *
 * @param name the plugin's name
 * @param type what it contributes
 * @param dir the project folder to write (absolute)
 */
public record PluginRequest(String name, PluginType type, Path dir) {
    /** A plugin name (DESIGN §2) that is also a command name: lower case, digits and '-', from a letter, not ending in '-'. */
    static final String NAME_RULE = "[a-z]([a-z0-9-]{0,62}[a-z0-9])?";
    static final String USAGE = "nexcage plugin new NAME [--type command|backend|integration|hooks] [--dir DIR]";

    /**
     * Reads the words after {@code plugin new}.
     *
     * @param cwd the caller's directory, against which DIR and the default folder are taken
     * @param checkout the NexCage source tree the command runs from, or null; a default folder is
     *     never put inside it (the project belongs outside)
     * @param userHome where a default folder goes instead: {@code USER_HOME/nexcage-plugins/NAME}
     * @param reserved the words NexCage's own commands begin with, which a command may not take
     */
    public static PluginRequest parse(List<String> args, Path cwd, Path checkout, Path userHome, Set<String> reserved)
            throws BadRequest {
        String name = null;
        PluginType type = PluginType.COMMAND;
        Path dir = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--type") || a.equals("--dir")) {
                if (i + 1 >= args.size()) {
                    throw new BadRequest(a + " needs a value; usage: " + USAGE);
                }
                String v = args.get(++i);
                if (a.equals("--type")) {
                    type = PluginType.byId(v).orElseThrow(() -> new BadRequest("unknown plugin type '" + v
                            + "'; --type is one of " + PluginType.ids()));
                } else {
                    dir = cwd.resolve(v);
                }
            } else if (a.startsWith("-")) {
                throw new BadRequest("unknown option '" + a + "'; usage: " + USAGE);
            } else if (name != null) {
                throw new BadRequest("one NAME only, but '" + name + "' and '" + a + "' were given; usage: " + USAGE);
            } else {
                name = a;
            }
        }
        if (name == null) {
            throw new BadRequest("the plugin's NAME is missing; usage: " + USAGE);
        }
        checkName(name, reserved);
        if (dir == null) {
            dir = defaultDir(name, cwd, checkout, userHome);
        }
        dir = dir.toAbsolutePath().normalize();
        if (Files.exists(dir)) {
            throw new BadRequest(dir + " already exists; choose another folder with --dir DIR, or remove it");
        }
        return new PluginRequest(name, type, dir);
    }

    private static void checkName(String name, Set<String> reserved) throws BadRequest {
        if (!name.matches(NAME_RULE)) {
            throw new BadRequest("'" + name + "' is not a plugin name here: use 1 to 64 lower-case letters, digits or '-',"
                    + " starting with a letter and not ending with '-' (it names the plugin, its command and its Maven project)");
        }
        if (reserved.contains(name)) {
            throw new BadRequest("'" + name + "' is a NexCage built-in command, which a plugin's command may not take; choose"
                    + " another name");
        }
    }

    private static Path defaultDir(String name, Path cwd, Path checkout, Path userHome) {
        Path here = cwd.toAbsolutePath().normalize();
        if (checkout != null && here.startsWith(checkout.toAbsolutePath().normalize())) {
            return userHome.resolve("nexcage-plugins").resolve(name);
        }
        return here.resolve(name);
    }
}
