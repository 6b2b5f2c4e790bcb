package nexcage.api.validation;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static nexcage.api.validation.Checks.*;
import static nexcage.api.validation.Shown.*;

/**
 * The input validation rules of the original NexCage engine.
 *
 * <p>Every method checks its input and either returns it (or the value it stands for) or throws a
 * {@link ValidationException} whose {@link ValidationException#kind() kind} names the broken rule.
 * Unless a method says otherwise, the checks run in this order and the first failure wins:
 * <ol>
 *   <li>{@code null} or empty input: {@link ValidationErrorKind#EMPTY_INPUT};</li>
 *   <li>too many characters: {@link ValidationErrorKind#INPUT_TOO_LONG};</li>
 *   <li>characters outside the rule's alphabet;</li>
 *   <li>the rule's structure (ends, labels, ranges and so on).</li>
 * </ol>
 *
 * <p>Every exception message is one line and one sentence: it names the input (in single quotes,
 * shortened to about 40 characters with {@code "..."}, with control and invisible formatting
 * characters and the backslash escaped Java-style, e.g. a newline shows as {@code \n}), the rule
 * it broke, and how to fix it. Messages never contain a raw line break, so they are safe to log.
 *
 * <p>Lengths are counted in UTF-16 code units ({@link String#length()}); the alphabets of all rules
 * are ASCII, so for valid input this is the number of characters.
 */
public final class Validation {

    /** Most characters of a container id. */
    private static final int MAX_CONTAINER_ID = 128;
    /** Most characters of a plugin name. */
    private static final int MAX_PLUGIN_NAME = 64;
    /** Most characters of one command argument. */
    private static final int MAX_COMMAND_ARG = 1024;
    /** Most characters of a path given to {@link #pathWithin}. */
    private static final int MAX_PATH = 4096;

    private static final String COMMAND_FORBIDDEN = ";&|`$(){}[]<>\"'\\\n\r\t";

    private Validation() {
    }

    // ------------------------------------------------------------------------------------------
    // container ids and plugin names

    /**
     * Checks a container id: 1 to 128 characters of {@code [A-Za-z0-9._-]} that neither start nor
     * end with {@code '-'}, {@code '_'} or {@code '.'}. Checks in order: empty
     * ({@code EMPTY_INPUT}), length ({@code INPUT_TOO_LONG}), characters
     * ({@code INVALID_CHARACTERS}), ends ({@code INVALID_CONTAINER_ID}).
     *
     * @return {@code id}
     * @throws ValidationException if {@code id} breaks the rule
     */
    public static String containerId(String id) {
        return Identifiers.check("container id", id, MAX_CONTAINER_ID, "web-server-01");
    }

    /**
     * Checks a plugin name: the {@link #containerId container id} rule, but at most 64 characters.
     * The kinds are those of the container id rule (so a bad first or last character is
     * {@code INVALID_CONTAINER_ID}).
     *
     * @return {@code name}
     * @throws ValidationException if {@code name} breaks the rule
     */
    public static String pluginName(String name) {
        return Identifiers.check("plugin name", name, MAX_PLUGIN_NAME, "my-plugin");
    }

    // ------------------------------------------------------------------------------------------
    // hostnames

    /**
     * Checks a hostname: 1 to 253 characters (a trailing dot included) of {@code [A-Za-z0-9-]} and
     * {@code '.'}; the dot-separated labels are each 1 to 63 characters and neither start nor end
     * with {@code '-'}. One trailing dot ({@code "example.com."}) is accepted. Checks in order:
     * empty ({@code EMPTY_INPUT}), length ({@code INPUT_TOO_LONG}), characters
     * ({@code INVALID_CHARACTERS}), labels from left to right ({@code INVALID_HOSTNAME}).
     *
     * @return {@code host}
     * @throws ValidationException if {@code host} breaks the rule
     */
    public static String hostname(String host) {
        String subject = host == null || host.isEmpty() ? "hostname" : "hostname " + show(host);
        ValidationException e = Hostnames.problem(subject, host);
        if (e != null) {
            throw e;
        }
        return host;
    }

    // ------------------------------------------------------------------------------------------
    // command arguments

    /**
     * Checks command arguments: each at most 1024 characters ({@code INPUT_TOO_LONG}) and free of
     * the characters {@code ; & | ` $ ( ) { } [ ] < > " ' \}, newline, carriage return and tab
     * ({@code INVALID_COMMAND}). The arguments are checked from index 0 on, each one first for its
     * length, then for its characters. An empty list passes, and so does an empty argument. A
     * {@code null} list or a {@code null} argument is {@code EMPTY_INPUT}.
     *
     * @return an unmodifiable copy of {@code args}, so what was checked cannot change afterwards
     * @throws ValidationException if an argument breaks the rule
     */
    public static List<String> commandArgs(List<String> args) {
        if (args == null) {
            throw new ValidationException(ValidationErrorKind.EMPTY_INPUT,
                    "command arguments are missing (null); pass a list of arguments, which may be empty");
        }
        List<String> copy = new ArrayList<>(args);
        for (int i = 0; i < copy.size(); i++) {
            String arg = copy.get(i);
            if (arg == null) {
                throw new ValidationException(ValidationErrorKind.EMPTY_INPUT,
                        "command argument at index " + i + " is missing (null); pass a string there or leave the argument out");
            }
            if (arg.length() > MAX_COMMAND_ARG) {
                throw new ValidationException(ValidationErrorKind.INPUT_TOO_LONG,
                        "command argument at index " + i + " " + show(arg) + " has " + arg.length()
                                + " characters, more than the " + MAX_COMMAND_ARG + " allowed; shorten it");
            }
            int bad = firstNotIn(arg, c -> COMMAND_FORBIDDEN.indexOf(c) < 0);
            if (bad >= 0) {
                throw new ValidationException(ValidationErrorKind.INVALID_COMMAND,
                        "command argument at index " + i + " " + show(arg) + " contains a forbidden character, "
                                + describeAt(arg, bad) + "; remove it, since arguments may not contain"
                                + " ; & | ` $ ( ) { } [ ] < > \" ' \\ or line breaks or tabs");
            }
        }
        return List.copyOf(copy);
    }

    // ------------------------------------------------------------------------------------------
    // memory and CPU

    /**
     * Parses a memory size: 1 to 16 characters, ASCII digits with an optional last-character unit
     * {@code B}/{@code b} (bytes), {@code K}/{@code k} (KiB), {@code M}/{@code m} (MiB) or
     * {@code G}/{@code g} (GiB). Checks in order: empty ({@code EMPTY_INPUT}), length
     * ({@code INPUT_TOO_LONG}), characters ({@code INVALID_CHARACTERS}; this includes a sign,
     * spaces, a decimal point and a unit without digits).
     *
     * <p>Overflow: a size whose byte count does not fit in a {@code long} (more than
     * {@value Long#MAX_VALUE} bytes, e.g. {@code "99999999999999G"}) is rejected with
     * {@code INPUT_TOO_LONG}, never wrapped around. (Sixteen digits without a unit always fit.)
     *
     * @return the size in bytes
     * @throws ValidationException if {@code spec} breaks the rule or is too large
     */
    public static long memorySize(String spec) {
        return Quantities.memorySize(spec);
    }

    /**
     * Parses a CPU spec: 1 to 16 characters forming a plain decimal number from 0 to 100
     * inclusive: ASCII digits with an optional fractional part ({@code "50"}, {@code "0.5"},
     * {@code ".5"}). No sign, exponent, spaces, {@code NaN} or {@code Infinity}. Checks in order:
     * empty ({@code EMPTY_INPUT}), length ({@code INPUT_TOO_LONG}); a malformed number and a
     * number outside 0..100 are both {@code INVALID_CHARACTERS}, as in the original engine.
     *
     * @return the number
     * @throws ValidationException if {@code spec} breaks the rule
     */
    public static double cpuSpec(String spec) {
        return Quantities.cpuSpec(spec);
    }

    // ------------------------------------------------------------------------------------------
    // paths

    /**
     * Checks that {@code path}, normalized, lies inside the directory {@code base}. A relative
     * {@code path} is taken relative to {@code base}; {@code base} is made absolute and normalized
     * first. The comparison is by path segments ({@link Path#startsWith(Path)}), so
     * {@code /tmp/nexcage-pluginsX/a} is not inside {@code /tmp/nexcage-plugins}; {@code base}
     * itself counts as inside. The check is lexical: symbolic links are not followed (use
     * {@link Path#toRealPath} on the result if links may point outside).
     *
     * <p>Checks in order: empty ({@code EMPTY_INPUT}), more than 4096 characters
     * ({@code INPUT_TOO_LONG}), not a path the file system accepts, e.g. with a NUL character
     * ({@code INVALID_CHARACTERS}), outside {@code base} ({@code PATH_TRAVERSAL}).
     *
     * @param base the directory the path must stay in; not user input, so {@code null} is a
     *     programming error ({@link NullPointerException})
     * @return the absolute, normalized path
     * @throws ValidationException if {@code path} breaks the rule
     */
    public static Path pathWithin(Path base, String path) {
        Objects.requireNonNull(base, "base");
        String what = "path";
        requireNotEmpty(what, path, "give a path inside " + show(base.toString()));
        requireMaxLength(what, path, MAX_PATH, "use a shorter path");
        Path root = base.toAbsolutePath().normalize();
        Path resolved;
        try {
            resolved = root.resolve(path).normalize();
        } catch (InvalidPathException e) {
            int at = e.getIndex() >= 0 && e.getIndex() < path.length() ? e.getIndex() : path.indexOf('\0');
            String problem = at >= 0
                    ? "contains " + describeAt(path, at) + ", which the file system does not accept; remove it"
                    : "is not a path the file system accepts; remove unusual characters from it";
            throw new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    what + " " + show(path) + " " + problem);
        }
        if (!resolved.startsWith(root)) {
            throw new ValidationException(ValidationErrorKind.PATH_TRAVERSAL,
                    what + " " + show(path) + " leads to " + show(resolved.toString()) + ", outside the directory "
                            + show(root.toString()) + "; use a path inside that directory");
        }
        return resolved;
    }

    // ------------------------------------------------------------------------------------------
    // email and URL

    /**
     * Checks an email address: 1 to 254 characters; a local part of 1 to 64 characters of
     * {@code [A-Za-z0-9._+-]}; {@code '@'}; a domain that passes the {@link #hostname} rule.
     * Checks in order: empty ({@code EMPTY_INPUT}), length ({@code INPUT_TOO_LONG}); everything
     * else, the domain's hostname problems included, is {@code INVALID_EMAIL}. The address is
     * split at its first {@code '@'}, so a second one makes the domain invalid.
     *
     * @return {@code s}
     * @throws ValidationException if {@code s} breaks the rule
     */
    public static String email(String s) {
        return Addresses.email(s);
    }

    /**
     * Checks a URL: 1 to 2048 characters; starts with {@code http://} or {@code https://} (lower
     * case, as in the original engine); only the URL characters
     * {@code [A-Za-z0-9-._~:/?#[]@!$&'()*+,;=%]}. Checks in order: empty ({@code EMPTY_INPUT}),
     * length ({@code INPUT_TOO_LONG}), scheme, characters (both {@code INVALID_URL}). The rule does
     * not look further: {@code "http://"} with nothing after it passes.
     *
     * @return {@code s}
     * @throws ValidationException if {@code s} breaks the rule
     */
    public static String url(String s) {
        return Addresses.url(s);
    }

    // ------------------------------------------------------------------------------------------
    // versions

    /**
     * Whether a provided version satisfies a required one: the majors are equal and the provided
     * (minor, patch) is at least the required one. Both are semantic versions {@code M.m.p}: three
     * dot-separated whole numbers without sign or leading zeros, each fitting an {@code int}; no
     * pre-release or build suffix.
     *
     * <p>A {@code null} or empty version is {@code EMPTY_INPUT}; a malformed one is
     * {@code INVALID_METADATA}, since versions come from plugin metadata.
     *
     * @throws ValidationException if either version is not {@code M.m.p}
     */
    public static boolean versionCompatible(String provided, String required) {
        return SemanticVersions.compatible(provided, required);
    }
}
