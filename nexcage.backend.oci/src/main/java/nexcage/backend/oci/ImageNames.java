package nexcage.backend.oci;

/** Image names as {@code docker} writes them: {@code repo[:tag]}, {@code :latest} when no tag is given. */
final class ImageNames {
    private ImageNames() {
    }

    /** The name with its tag ({@code busybox} → {@code busybox:latest}; a registry's port is no tag). */
    static String normalize(String name) {
        String n = name.strip();
        int slash = n.lastIndexOf('/');
        int colon = n.lastIndexOf(':');
        return colon > slash ? n : n + ":latest";
    }

    static String tag(String name) {
        String n = normalize(name);
        return n.substring(n.lastIndexOf(':') + 1);
    }

    /** Whether {@code name} is one an image may have: not blank, no white space, no @digest. */
    static boolean valid(String name) {
        return name != null && !name.isBlank() && name.strip().chars().noneMatch(Character::isWhitespace)
                && !name.contains("@") && !name.strip().endsWith(":") && !name.strip().startsWith(":");
    }
}
