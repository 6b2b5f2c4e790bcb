package nexcage.security.internal.hiding;

import java.util.Locale;

/**
 * The interface a service look-up asks for by name: the class name given, else the
 * {@code objectClass} the filter names (the first one; ServiceTracker writes
 * {@code (objectClass=NAME)}). Null for a look-up of every service.
 */
final class AskedClass {
    private static final String KEY = "objectclass=";

    private AskedClass() {
    }

    static String of(String name, String filter) {
        if (name != null) {
            return name;
        }
        if (filter == null) {
            return null;
        }
        int at = filter.toLowerCase(Locale.ROOT).indexOf(KEY);
        if (at < 0) {
            return null;
        }
        int start = at + KEY.length();
        int end = start;
        while (end < filter.length() && "()*".indexOf(filter.charAt(end)) < 0) {
            end++;
        }
        String value = filter.substring(start, end).trim();
        // a wildcard (objectClass=org.osgi.*) names no class
        return value.isEmpty() || (end < filter.length() && filter.charAt(end) == '*') ? null : value;
    }
}
