package nexcage.core.internal.containers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words of one container command, read as the docker CLI reads its own: options come first
 * (a flag may also be written {@code --rm=false}), {@code --} ends them, and once a command has
 * the positional words it takes before a container's command (the IMAGE of {@code run}, the ID of
 * {@code exec}), the rest is that command, untouched. {@code -h} or {@code --help} asks for the
 * command's usage.
 */
final class ContainerArgs {

    /** What one command accepts: {@code usage} is its synopsis, {@code about} a sentence on what it does. */
    record Syntax(String usage, String about, List<String> flags, List<String> valued, int positionalBeforeTail) {
        Syntax(String usage, String about, List<String> flags, List<String> valued) {
            this(usage, about, flags, valued, Integer.MAX_VALUE);
        }

        String help() {
            return "usage: " + usage + "\n" + about;
        }
    }

    /** The user asked for the usage ({@code -h}, {@code --help}): it goes to stdout, exit 0. */
    static final class HelpAsked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpAsked(String text) {
            super(text, null, false, false);
        }
    }

    private final Syntax syntax;
    private final Map<String, String> opts = new LinkedHashMap<>();
    final List<String> words = new ArrayList<>();
    final List<String> tail = new ArrayList<>();

    private ContainerArgs(Syntax syntax) {
        this.syntax = syntax;
    }

    static ContainerArgs parse(Syntax s, List<String> args) {
        ContainerArgs p = new ContainerArgs(s);
        boolean optionsOver = false;
        int i = 0;
        for (; i < args.size() && p.words.size() < s.positionalBeforeTail(); i++) {
            String a = args.get(i);
            if (optionsOver || !a.startsWith("-") || a.length() == 1) {
                p.words.add(a);
            } else if (a.equals("--")) {
                optionsOver = true;
            } else if (a.equals("-h") || a.equals("--help")) {
                throw new HelpAsked(s.help());
            } else {
                i = p.option(args, i);
            }
        }
        p.tail.addAll(args.subList(i, args.size()));
        return p;
    }

    /** Takes the option at {@code i}; returns the index of its last word. */
    private int option(List<String> args, int i) {
        String a = args.get(i);
        int eq = a.indexOf('=');
        String name = eq < 0 ? a : a.substring(0, eq);
        if (syntax.flags().contains(name)) {
            String v = eq < 0 ? "true" : a.substring(eq + 1);
            if (!v.equals("true") && !v.equals("false")) {
                throw new ContainerCommands.Usage("option " + name + " takes no value, or =true or =false; got '" + a + "'");
            }
            opts.put(name, v);
            return i;
        }
        if (syntax.valued().contains(name)) {
            if (eq >= 0) {
                opts.put(name, a.substring(eq + 1));
                return i;
            }
            if (i + 1 >= args.size()) {
                throw new ContainerCommands.Usage("option " + name + " needs a value; usage: " + syntax.usage());
            }
            opts.put(name, args.get(i + 1));
            return i + 1;
        }
        List<String> known = new ArrayList<>(syntax.flags());
        known.addAll(syntax.valued());
        // docker's -i, -t and their bundles (-it, -dit) are what a docker user types first
        String dockerHabit = name.matches("-[dit]*[it][dit]*") || name.equals("--interactive") || name.equals("--tty")
                ? "; NexCage attaches no stdin or terminal to a container, so there is no -i or -t (leave them out)" : "";
        throw new ContainerCommands.Usage("unknown option '" + a + "'" + dockerHabit + (known.isEmpty() ? "" : "; known here: "
                + String.join(" ", known)) + " (usage: " + syntax.usage() + ")");
    }

    /** True if one of these spellings of a flag was given, and not as {@code =false}. */
    boolean flag(String... names) {
        String v = value(null, names);
        return "true".equals(v);
    }

    /** The value given to one of these spellings of an option (the last given wins), else {@code otherwise}. */
    String value(String otherwise, String... names) {
        String v = otherwise;
        for (Map.Entry<String, String> e : opts.entrySet()) {
            if (List.of(names).contains(e.getKey())) {
                v = e.getValue();
            }
        }
        return v;
    }

    /** Usage error unless the positional words number between {@code min} and {@code max}. */
    ContainerArgs expectWords(int min, int max) {
        if (words.size() < min || words.size() > max) {
            throw new ContainerCommands.Usage("usage: " + syntax.usage());
        }
        return this;
    }
}
