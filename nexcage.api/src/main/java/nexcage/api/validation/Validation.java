package nexcage.api.validation;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
    /** Most characters of a hostname (a trailing dot included). */
    private static final int MAX_HOSTNAME = 253;
    /** Most characters of one hostname label. */
    private static final int MAX_HOSTNAME_LABEL = 63;
    /** Most characters of one command argument. */
    private static final int MAX_COMMAND_ARG = 1024;
    /** Most characters of a memory size. */
    private static final int MAX_MEMORY_SPEC = 16;
    /** Most characters of a CPU spec. */
    private static final int MAX_CPU_SPEC = 16;
    /** Most characters of a path given to {@link #pathWithin}. */
    private static final int MAX_PATH = 4096;
    /** Most characters of an email address. */
    private static final int MAX_EMAIL = 254;
    /** Most characters of the part of an email address before the {@code @}. */
    private static final int MAX_EMAIL_LOCAL = 64;
    /** Most characters of a URL. */
    private static final int MAX_URL = 2048;

    /** How many characters of an input a message shows at most (the {@code "..."} included). */
    static final int SHOWN = 40;

    private static final String COMMAND_FORBIDDEN = ";&|`$(){}[]<>\"'\\\n\r\t";
    private static final String URL_EXTRA = "-._~:/?#[]@!$&'()*+,;=%";

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
        return identifier("container id", id, MAX_CONTAINER_ID, "web-server-01");
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
        return identifier("plugin name", name, MAX_PLUGIN_NAME, "my-plugin");
    }

    private static String identifier(String what, String id, int max, String example) {
        requireNotEmpty(what, id, "give 1 to " + max + " letters, digits, '.', '_' or '-', e.g. '" + example + "'");
        requireMaxLength(what, id, max, "shorten it");
        int bad = firstNotIn(id, Validation::isIdChar);
        if (bad >= 0) {
            throw new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    what + " " + show(id) + " contains " + describeAt(id, bad)
                            + ", but only letters, digits, '.', '_' and '-' are allowed; rename it, e.g. "
                            + show(suggestIdentifier(id, max, example)));
        }
        if (!isAsciiLetterOrDigit(id.charAt(0)) || !isAsciiLetterOrDigit(id.charAt(id.length() - 1))) {
            throw new ValidationException(ValidationErrorKind.INVALID_CONTAINER_ID,
                    what + " " + show(id) + " must start and end with a letter or digit; rename it, e.g. "
                            + show(suggestIdentifier(id, max, example)));
        }
        return id;
    }

    /** A valid identifier close to {@code id}: bad characters become '-', bad ends are cut. */
    private static String suggestIdentifier(String id, int max, String fallback) {
        StringBuilder b = new StringBuilder();
        id.codePoints().forEach(cp -> b.append(cp < 128 && isIdChar((char) cp) ? (char) cp : '-'));
        String s = b.length() > max ? b.substring(0, max) : b.toString();
        int start = 0;
        int end = s.length();
        while (start < end && !isAsciiLetterOrDigit(s.charAt(start))) {
            start++;
        }
        while (end > start && !isAsciiLetterOrDigit(s.charAt(end - 1))) {
            end--;
        }
        return start < end ? s.substring(start, end) : fallback;
    }

    private static boolean isIdChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '-';
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
        ValidationException e = hostnameProblem(subject, host);
        if (e != null) {
            throw e;
        }
        return host;
    }

    /** The exception for {@code host} breaking the hostname rule, or null; messages start with {@code subject}. */
    private static ValidationException hostnameProblem(String subject, String host) {
        if (host == null || host.isEmpty()) {
            return new ValidationException(ValidationErrorKind.EMPTY_INPUT,
                    subject + " is " + (host == null ? "missing" : "empty") + "; give a host name, e.g. 'example.com'");
        }
        if (host.length() > MAX_HOSTNAME) {
            return new ValidationException(ValidationErrorKind.INPUT_TOO_LONG,
                    subject + " has " + host.length() + " characters, more than the " + MAX_HOSTNAME
                            + " allowed; use a shorter name");
        }
        int bad = firstNotIn(host, c -> isAsciiLetterOrDigit(c) || c == '-' || c == '.');
        if (bad >= 0) {
            return new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    subject + " contains " + describeAt(host, bad)
                            + ", but only letters, digits, '-' and '.' are allowed; remove or replace it");
        }
        String body = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (body.isEmpty()) {
            return new ValidationException(ValidationErrorKind.INVALID_HOSTNAME,
                    subject + " has no labels; give a name such as 'example.com'");
        }
        String[] labels = body.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (label.isEmpty()) {
                String problem = i == 0 ? "starts with a dot, which leaves an empty label; remove the leading dot"
                        : "has two dots in a row, which leaves an empty label; remove the extra dot";
                return new ValidationException(ValidationErrorKind.INVALID_HOSTNAME, subject + " " + problem);
            }
            if (label.length() > MAX_HOSTNAME_LABEL) {
                return new ValidationException(ValidationErrorKind.INVALID_HOSTNAME,
                        subject + " has a label of " + label.length() + " characters (" + show(label)
                                + "), more than the " + MAX_HOSTNAME_LABEL + " allowed per label; shorten it or split it with dots");
            }
            if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return new ValidationException(ValidationErrorKind.INVALID_HOSTNAME,
                        subject + " has the label " + show(label)
                                + " that starts or ends with '-'; labels must start and end with a letter or digit");
            }
        }
        return null;
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
        String what = "memory size";
        requireNotEmpty(what, spec, "give a number of bytes with an optional unit B, K, M or G, e.g. '512M'");
        requireMaxLength(what, spec, MAX_MEMORY_SPEC, "use a larger unit, e.g. '2G' rather than '2147483648'");
        char last = spec.charAt(spec.length() - 1);
        long unit = unitOf(last);
        String digits = unit == 0 ? spec : spec.substring(0, spec.length() - 1);
        if (digits.isEmpty()) {
            throw new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    what + " " + show(spec) + " has a unit but no number; put the number before the unit, e.g. '512"
                            + last + "'");
        }
        int bad = firstNotIn(digits, c -> c >= '0' && c <= '9');
        if (bad >= 0) {
            throw new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    what + " " + show(spec) + " contains " + describeAt(spec, bad)
                            + ", but only digits followed by an optional unit B, K, M or G are allowed; write e.g. '512M'");
        }
        long number = Long.parseLong(digits); // at most 16 digits: always fits
        try {
            return Math.multiplyExact(number, unit == 0 ? 1 : unit);
        } catch (ArithmeticException overflow) {
            throw new ValidationException(ValidationErrorKind.INPUT_TOO_LONG,
                    what + " " + show(spec) + " is more than " + Long.MAX_VALUE
                            + " bytes, the most that can be represented; give a smaller size");
        }
    }

    /** The multiplier of a unit character, or 0 if {@code c} is no unit. */
    private static long unitOf(char c) {
        switch (c) {
            case 'B': case 'b': return 1L;
            case 'K': case 'k': return 1024L;
            case 'M': case 'm': return 1024L * 1024;
            case 'G': case 'g': return 1024L * 1024 * 1024;
            default: return 0;
        }
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
        String what = "cpu spec";
        String fix = "write a number from 0 to 100, e.g. '50' or '0.5'";
        requireNotEmpty(what, spec, fix);
        requireMaxLength(what, spec, MAX_CPU_SPEC, fix);
        boolean negative = spec.charAt(0) == '-' && isPlainDecimal(spec.substring(1));
        if (negative) {
            throw new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    what + " " + show(spec) + " is negative; " + fix);
        }
        if (!isPlainDecimal(spec)) {
            throw new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    what + " " + show(spec) + " is not a plain decimal number; " + fix);
        }
        double value = Double.parseDouble(spec);
        if (Double.isNaN(value) || value < 0 || value > 100) {
            throw new ValidationException(ValidationErrorKind.INVALID_CHARACTERS,
                    what + " " + show(spec) + " is outside the range 0 to 100; " + fix);
        }
        return value;
    }

    /** {@code digits[.digits]} or {@code .digits}, ASCII only. */
    private static boolean isPlainDecimal(String s) {
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String fraction = dot < 0 ? null : s.substring(dot + 1);
        if (whole.isEmpty() && (fraction == null || fraction.isEmpty())) {
            return false;
        }
        if (fraction != null && fraction.isEmpty()) {
            return false;
        }
        return allDigits(whole) && (fraction == null || allDigits(fraction));
    }

    private static boolean allDigits(String s) {
        return firstNotIn(s, c -> c >= '0' && c <= '9') < 0;
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
        String what = "email";
        String example = "e.g. 'dev@example.com'";
        requireNotEmpty(what, s, "give an address such as 'dev@example.com'");
        requireMaxLength(what, s, MAX_EMAIL, "use a shorter address");
        String subject = what + " " + show(s);
        int at = s.indexOf('@');
        if (at < 0) {
            throw invalidEmail(subject + " has no '@'; write it as name@domain, " + example);
        }
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        if (local.isEmpty()) {
            throw invalidEmail(subject + " has nothing before the '@'; put the mailbox name there, " + example);
        }
        if (local.length() > MAX_EMAIL_LOCAL) {
            throw invalidEmail(subject + " has " + local.length() + " characters before the '@', more than the "
                    + MAX_EMAIL_LOCAL + " allowed; use a shorter mailbox name");
        }
        int bad = firstNotIn(local, c -> isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '+' || c == '-');
        if (bad >= 0) {
            throw invalidEmail(subject + " contains " + describeAt(local, bad)
                    + " before the '@', where only letters, digits, '.', '_', '+' and '-' are allowed; remove it");
        }
        if (domain.isEmpty()) {
            throw invalidEmail(subject + " has nothing after the '@'; add the domain, " + example);
        }
        ValidationException e = hostnameProblem("the domain " + show(domain) + " of " + subject, domain);
        if (e != null) {
            throw invalidEmail(e.getMessage());
        }
        return s;
    }

    private static ValidationException invalidEmail(String message) {
        return new ValidationException(ValidationErrorKind.INVALID_EMAIL, message);
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
        String what = "url";
        requireNotEmpty(what, s, "give an http or https address, e.g. 'https://example.com'");
        requireMaxLength(what, s, MAX_URL, "use a shorter address");
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw new ValidationException(ValidationErrorKind.INVALID_URL,
                    what + " " + show(s) + " does not start with 'http://' or 'https://'; use an http or https address"
                            + " in lower case, e.g. 'https://example.com'");
        }
        int bad = firstNotIn(s, c -> isAsciiLetterOrDigit(c) || URL_EXTRA.indexOf(c) >= 0);
        if (bad >= 0) {
            throw new ValidationException(ValidationErrorKind.INVALID_URL,
                    what + " " + show(s) + " contains " + describeAt(s, bad)
                            + ", which is not allowed in a URL; percent-encode it as '" + percentEncode(s.codePointAt(bad))
                            + "' or remove it");
        }
        return s;
    }

    private static String percentEncode(int cp) {
        StringBuilder b = new StringBuilder();
        for (byte x : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
            b.append('%').append(String.format("%02X", x & 0xff));
        }
        return b.toString();
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
        int[] p = semver("provided version", provided);
        int[] r = semver("required version", required);
        if (p[0] != r[0]) {
            return false;
        }
        return p[1] > r[1] || (p[1] == r[1] && p[2] >= r[2]);
    }

    private static int[] semver(String what, String v) {
        String fix = "write three whole numbers separated by dots, e.g. '1.0.0'";
        requireNotEmpty(what, v, fix);
        String[] parts = v.split("\\.", -1);
        if (parts.length != 3) {
            throw new ValidationException(ValidationErrorKind.INVALID_METADATA,
                    what + " " + show(v) + " has " + parts.length + " dot-separated part" + (parts.length == 1 ? "" : "s")
                            + " instead of the 3 of a semantic version M.m.p; " + fix);
        }
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            String part = parts[i];
            boolean wellFormed = !part.isEmpty() && allDigits(part) && (part.length() == 1 || part.charAt(0) != '0');
            if (!wellFormed) {
                throw new ValidationException(ValidationErrorKind.INVALID_METADATA,
                        what + " " + show(v) + " has " + show(part) + " as part " + (i + 1)
                                + ", which is not a whole number without sign or leading zeros; " + fix);
            }
            try {
                out[i] = Integer.parseInt(part);
            } catch (NumberFormatException tooLarge) {
                throw new ValidationException(ValidationErrorKind.INVALID_METADATA,
                        what + " " + show(v) + " has part " + (i + 1) + " larger than " + Integer.MAX_VALUE
                                + "; " + fix);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // shared checks and message helpers

    private static void requireNotEmpty(String what, String value, String fix) {
        if (value == null) {
            throw new ValidationException(ValidationErrorKind.EMPTY_INPUT, what + " is missing (null); " + fix);
        }
        if (value.isEmpty()) {
            throw new ValidationException(ValidationErrorKind.EMPTY_INPUT, what + " is empty; " + fix);
        }
    }

    private static void requireMaxLength(String what, String value, int max, String fix) {
        if (value.length() > max) {
            throw new ValidationException(ValidationErrorKind.INPUT_TOO_LONG,
                    what + " " + show(value) + " has " + value.length() + " characters, more than the " + max
                            + " allowed; " + fix);
        }
    }

    private interface CharTest {
        boolean ok(char c);
    }

    /** The index of the first char of {@code s} that fails {@code test}, or -1. */
    private static int firstNotIn(String s, CharTest test) {
        for (int i = 0; i < s.length(); i++) {
            if (!test.ok(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** E.g. {@code "'@' at index 4"}, {@code "a space at index 4"}, {@code "a newline ('\n') at index 1"}. */
    private static String describeAt(String s, int index) {
        int cp = s.codePointAt(index);
        String name;
        switch (cp) {
            case ' ': name = "a space"; break;
            case '\n': name = "a newline ('\\n')"; break;
            case '\r': name = "a carriage return ('\\r')"; break;
            case '\t': name = "a tab ('\\t')"; break;
            case 0: name = "a NUL character ('\\0')"; break;
            default: name = "'" + escape(cp) + "'"; break;
        }
        return name + " at index " + index;
    }

    /**
     * {@code value} for a message: in single quotes, escaped, and shortened to at most
     * {@value #SHOWN} characters between the quotes (ending in {@code "..."} when shortened).
     */
    static String show(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(SHOWN + 2);
        int roomForDots = 0; // the longest prefix of out that still leaves room for "..."
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            String piece = escape(cp);
            if (out.length() + piece.length() > SHOWN) {
                out.setLength(roomForDots);
                return "'" + out + "...'";
            }
            out.append(piece);
            if (out.length() <= SHOWN - 3) {
                roomForDots = out.length();
            }
            i += Character.charCount(cp);
        }
        return "'" + out + "'";
    }

    /** One code point as shown in messages: control, format and separator characters and '\' escaped. */
    static String escape(int cp) {
        switch (cp) {
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            case '\b': return "\\b";
            case '\f': return "\\f";
            case 0: return "\\0";
            case '\\': return "\\\\";
            default: break;
        }
        int type = Character.getType(cp);
        boolean invisible = Character.isISOControl(cp)
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE
                || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
        if (!invisible) {
            return new String(Character.toChars(cp));
        }
        StringBuilder b = new StringBuilder();
        for (char c : Character.toChars(cp)) {
            b.append(String.format("\\u%04X", (int) c));
        }
        return b.toString();
    }
}
