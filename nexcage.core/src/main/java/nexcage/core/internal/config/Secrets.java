package nexcage.core.internal.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What NexCage never prints (DESIGN §7): values whose key names a secret, values that came from
 * the environment, and the user-info part of URLs.
 */
public final class Secrets {
    public static final String MASK = "********";
    private static final String[] WORDS = {"key", "token", "password", "passwd", "secret", "credential", "auth", "private"};
    /** Greedy up to the last '@' before the path, so a password holding '@' is masked whole. */
    private static final Pattern URL_USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/\\s]+)@");

    private Secrets() {
    }

    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String w : WORDS) {
            if (k.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** The value as it may be shown. */
    public static Object mask(String key, Object value, boolean fromEnv) {
        if (value == null) {
            return null;
        }
        if (fromEnv || isSecretKey(key)) {
            return MASK;
        }
        if (value instanceof String s) {
            return maskUrlUserInfo(s);
        }
        return value;
    }

    public static String maskUrlUserInfo(String s) {
        Matcher m = URL_USERINFO.matcher(s);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK + "@"));
    }
}
