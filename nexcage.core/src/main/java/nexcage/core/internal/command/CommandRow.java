package nexcage.core.internal.command;

import java.util.EnumSet;
import java.util.Set;

/**
 * One row of the command table: the words that name a command ({@code plugin list}), its synopsis
 * and one-line summary for the help, the help section it is listed in, and how the router and the
 * launcher treat it. Help, completion, Gogo registration and dispatch are all read from these rows.
 * Besides one or two words, a command may be a word and an option ({@code logs --plugin}: the
 * {@code logs} lines that have {@code --plugin} among their options, which another group may own
 * than the one of plain {@code logs}) or an option of its own ({@code --plugin-debug}).
 */
public record CommandRow(Section section, String words, String synopsis, String summary, Set<Flag> flags) {

    /** How a command is treated; a row without flags is the common case. */
    public enum Flag {
        /** {@code cli.pre_command} cannot veto it: an admin is never locked out (DESIGN §8). */
        NOT_VETOABLE,
        /** It answers at once, without waiting for the plugins present at start to be started. */
        NO_BOOT_WAIT,
        /** Its arguments may name files, which the client makes absolute before sending them. */
        FILE_ARGS,
        /** The launcher runs it itself (daemon, shell, completion); the daemon never dispatches it. */
        CLIENT_SIDE,
        /** Not in the help nor in completion (not available yet), though dispatched and in Gogo. */
        UNLISTED
    }

    public CommandRow {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        if (!words.matches("[a-z]+( [a-z]+| " + OPTION + ")?|" + OPTION)) {
            throw new IllegalArgumentException("a command is one or two lower-case words, a word and an option, or an option, not '"
                    + words + "'");
        }
        if (!synopsis.equals(words) && !synopsis.startsWith(words + " ")) {
            throw new IllegalArgumentException("the synopsis of '" + words + "' must start with its words: " + synopsis);
        }
    }

    /** A row; the synopsis starts with the words that name the command. */
    public static CommandRow of(Section section, String words, String synopsis, String summary, Flag... flags) {
        return new CommandRow(section, words, synopsis, summary, Set.of(flags));
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    /** The first word, which picks the command group ({@code plugin}, {@code run}). */
    public String group() {
        int space = words.indexOf(' ');
        return space < 0 ? words : words.substring(0, space);
    }

    private static final String OPTION = "--[a-z]+(-[a-z]+)*";

    /** The second word of a two-word command ({@code list} of {@code plugin list}), else null. */
    public String subcommand() {
        int space = words.indexOf(' ');
        return space < 0 || words.startsWith("-", space + 1) ? null : words.substring(space + 1);
    }

    /** The option that picks this command among the lines of its first word ({@code --plugin} of {@code logs --plugin}), else null. */
    public String option() {
        int space = words.indexOf(' ');
        return space < 0 || !words.startsWith("-", space + 1) ? null : words.substring(space + 1);
    }

    /** What the router dispatches on: the first word, or the word and its option; two groups may not share one. */
    public String routeKey() {
        return option() == null ? group() : words;
    }

    /** Whether these words (after the first) pick this row: for a row with an option, the option is among them before {@code --}. */
    public boolean picks(java.util.List<String> rest) {
        if (option() == null) {
            return true;
        }
        for (String a : rest) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals(option()) || a.startsWith(option() + "=")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the Gogo shell gets a function for it: not the launcher's, nor one with an option (its word's function runs it). */
    public boolean inGogo() {
        return !has(Flag.CLIENT_SIDE) && option() == null && !group().startsWith("-");
    }

    /** The Gogo scope: {@code plugin} for the plugin commands (as {@code plugin:list}), else {@code nexcage}. */
    public String gogoScope() {
        return group().equals("plugin") ? "plugin" : "nexcage";
    }

    /** The Gogo function: the subcommand in scope {@code plugin}, else the first word ({@code nexcage:config show}). */
    public String gogoFunction() {
        return gogoScope().equals("plugin") && subcommand() != null ? subcommand() : group();
    }

    /** The help sections, in the order the help prints them, with the lines a section adds after its rows. */
    public enum Section {
        DAEMON("Daemon:"),
        PLUGINS("Plugins:"),
        HOOKS("Hooks:"),
        INTEGRATIONS("Integrations:"),
        CONTAINERS("Containers (on the backend chosen by --backend, routing rules or runtime.default_backend):",
                "COMMAND --help", "one container command's usage"),
        CONFIGURATION("Configuration:"),
        PLUGIN_COMMANDS("Plugin commands:", "NAME [ARGS...]", "a command contributed by a plugin, e.g. 'nexcage hello World'");

        final String title;
        final String noteSynopsis;
        final String noteSummary;

        Section(String title) {
            this(title, null, null);
        }

        Section(String title, String noteSynopsis, String noteSummary) {
            this.title = title;
            this.noteSynopsis = noteSynopsis;
            this.noteSummary = noteSummary;
        }
    }
}
