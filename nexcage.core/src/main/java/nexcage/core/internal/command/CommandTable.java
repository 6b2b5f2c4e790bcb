package nexcage.core.internal.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import nexcage.core.internal.command.CommandRow.Flag;
import nexcage.core.internal.command.CommandRow.Section;

/**
 * The command table: the rows of every command group, in the order the help lists them. The
 * daemon's help and the launcher's generated help, completion and file-argument list are all
 * written here, so they cannot say different things.
 */
public final class CommandTable {
    /** Where a summary starts when the synopsis is short enough, counted after the indent. */
    private static final int SUMMARY_COLUMN = 28;
    /** The help fits a terminal of this many columns. */
    private static final int WIDTH = 100;
    private static final String EXIT_STATUS = "Exit status: 0 success, 1 failure, 2 usage error, 3 daemon not reachable.";

    private final List<CommandRow> rows;

    /** Rows in the order given, listed by section (a stable sort: within a section, as given). */
    public CommandTable(List<CommandRow> rows) {
        this.rows = rows.stream().sorted(Comparator.comparing(CommandRow::section)).toList();
    }

    /**
     * The table of these contributors' rows: by contributor name (their class names), then as each
     * declares them, so the daemon and the build order equal tables alike.
     */
    public static CommandTable of(Map<String, List<CommandRow>> rowsByContributor) {
        List<CommandRow> all = new ArrayList<>();
        new TreeMap<>(rowsByContributor).values().forEach(all::addAll);
        return new CommandTable(all);
    }

    public List<CommandRow> rows() {
        return rows;
    }

    /** The row named by these words ({@code plugin list}, {@code run}). */
    public Optional<CommandRow> find(String words) {
        return rows.stream().filter(r -> r.words().equals(words)).findFirst();
    }

    /**
     * The name a command line is known by in hooks and vetoes: {@code help} for none, the two words
     * of a group that has subcommands ({@code plugin list}, also {@code plugin frob}), else the first.
     */
    public String commandName(List<String> argv) {
        if (argv.isEmpty() || argv.get(0).equals("--help") || argv.get(0).equals("-h")) {
            return "help";
        }
        String first = argv.get(0);
        boolean hasSubcommands = rows.stream().anyMatch(r -> r.group().equals(first) && r.subcommand() != null);
        return hasSubcommands && argv.size() > 1 ? first + " " + argv.get(1) : first;
    }

    /** The text of {@code nexcage help}. */
    public String help() {
        StringBuilder b = new StringBuilder("Usage: nexcage COMMAND [ARGS...]\n");
        for (Section s : Section.values()) {
            List<CommandRow> listed = rows.stream().filter(r -> r.section() == s && !r.has(Flag.UNLISTED)).toList();
            if (listed.isEmpty() && s.noteSynopsis == null) {
                continue;
            }
            b.append('\n').append(s.title).append('\n');
            listed.forEach(r -> line(b, r.synopsis(), r.summary()));
            if (s.noteSynopsis != null) {
                line(b, s.noteSynopsis, s.noteSummary);
            }
        }
        return b.append('\n').append(EXIT_STATUS).append('\n').toString();
    }

    /**
     * One row of the help: the summary starts in its column, on the next line if the synopsis is
     * too long for it, and goes on below itself past {@link #WIDTH}.
     */
    private static void line(StringBuilder b, String synopsis, String summary) {
        String indent = " ".repeat(2 + SUMMARY_COLUMN);
        b.append("  ").append(synopsis);
        if (synopsis.length() > SUMMARY_COLUMN - 2) {
            b.append('\n').append(indent);
        } else {
            b.append(" ".repeat(SUMMARY_COLUMN - synopsis.length()));
        }
        int column = indent.length();
        boolean lineStart = true;
        for (String word : summary.split(" ")) {
            if (!lineStart && column + 1 + word.length() > WIDTH) {
                b.append('\n').append(indent);
                column = indent.length();
                lineStart = true;
            }
            if (!lineStart) {
                b.append(' ');
                column++;
            }
            b.append(word);
            column += word.length();
            lineStart = false;
        }
        b.append('\n');
    }

    /** The script {@code nexcage completion bash} prints: the listed commands' first and second words. */
    public String completionScript() {
        Map<String, Set<String>> subcommands = new LinkedHashMap<>();
        for (CommandRow r : rows) {
            if (!r.has(Flag.UNLISTED)) {
                Set<String> subs = subcommands.computeIfAbsent(r.group(), g -> new LinkedHashSet<>());
                if (r.subcommand() != null) {
                    subs.add(r.subcommand());
                } else if (r.option() != null) {
                    subs.add(r.option());
                }
            }
        }
        StringBuilder b = new StringBuilder("# bash completion for nexcage, written by the build from its command table\n")
                .append("_nexcage() {\n")
                .append("  local cur=${COMP_WORDS[COMP_CWORD]}\n")
                .append("  if [[ $COMP_CWORD -eq 1 ]]; then\n")
                .append("    COMPREPLY=($(compgen -W \"").append(String.join(" ", subcommands.keySet())).append("\" -- \"$cur\"))\n")
                .append("  elif [[ $COMP_CWORD -eq 2 ]]; then\n")
                .append("    case ${COMP_WORDS[1]} in\n");
        subcommands.forEach((group, subs) -> {
            if (!subs.isEmpty()) {
                b.append("      ").append(group).append(") COMPREPLY=($(compgen -W \"").append(String.join(" ", subs))
                        .append("\" -- \"$cur\")) ;;\n");
            }
        });
        return b.append("    esac\n  fi\n}\ncomplete -F _nexcage nexcage\n").toString();
    }

    /**
     * What the launcher must know of the table without a daemon, as bash variables it sources: the
     * built-in first words (whose {@code --help} it answers with the help when no daemon runs) and
     * the commands whose file arguments it makes absolute, each between commas.
     */
    public String launcherTable() {
        Set<String> builtins = new LinkedHashSet<>();
        rows.stream().filter(r -> !r.has(Flag.CLIENT_SIDE)).forEach(r -> builtins.add(r.group()));
        String fileArgs = rows.stream().filter(r -> r.has(Flag.FILE_ARGS)).map(CommandRow::words).collect(Collectors.joining(","));
        return "# written by the build from NexCage's command table (CommandTableWriter); do not edit\n"
                + "nexcage_builtins=\"," + String.join(",", builtins) + ",\"\n"
                + "nexcage_file_args=\"," + fileArgs + ",\"\n";
    }
}
