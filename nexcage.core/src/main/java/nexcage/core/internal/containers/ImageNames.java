package nexcage.core.internal.containers;

import java.util.regex.Pattern;

/**
 * The NAME of the image commands: a reference as {@code docker import} takes it, {@code
 * [HOST[:PORT]/]PATH[:TAG]} with a lower-case path, checked before a backend is asked, and given
 * its {@code :latest} tag when it has none (so every backend is asked the same name).
 */
final class ImageNames {
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern NAME = Pattern.compile("(?:[A-Za-z0-9.-]+(?::[0-9]+)?/)?" + COMPONENT + "(?:/" + COMPONENT + ")*"
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?");
    private static final int MAX = 255;

    private ImageNames() {
    }

    /** The name with its tag ({@code :latest} added when none is given); a usage error if it is no reference. */
    static String check(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX || !NAME.matcher(raw).matches()) {
            throw new ContainerCommands.Usage("'" + (raw == null ? "" : raw) + "' is not an image name; write it as NAME[:TAG]"
                    + " with a lower-case NAME of at most " + MAX + " characters, e.g. busybox:1.36 or nexcage-test/busybox");
        }
        int colon = raw.lastIndexOf(':');
        return colon > raw.lastIndexOf('/') ? raw : raw + ":latest";
    }
}
