package nexcage.core.internal.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import nexcage.api.security.SecurityExtension;
import nexcage.core.internal.plugins.Timed;

/**
 * Puts an operation to every registered {@link SecurityExtension}, as Docker's authorization
 * plugins are asked: in service-ranking order, each one authenticates the caller's credentials,
 * authorizes the principal's action on the resource and audits its own answer. The first refusal
 * ends it. An extension that proves no principal, throws or overruns its plugin's timeout refuses
 * (fail closed). With none registered {@link #check} returns at once and calls nothing.
 *
 * <p>Callers (the container commands, the guarded {@code Containers}, later the HTTP API) name the
 * caller by its credentials, e.g. {@code source=cli, uid=1000, user=alice} or {@code source=plugin,
 * plugin=NAME, user=plugin:NAME}.
 */
public class SecurityGate {

    /** Entries of the accounting, one per kind of call into an extension. */
    public static final String AUTHENTICATE = "security:authenticate";
    public static final String AUTHORIZE = "security:authorize";
    public static final String AUDIT = "security:audit";

    /** One registered extension: its name as it gave it, its plugin, its timeout, and the order it is asked in. */
    public record Extension(SecurityExtension service, String name, String plugin, int timeoutSeconds, int ranking, long serviceId) {
    }

    /** The sentence that refuses an operation, naming the extension and why. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String extension;

        Refused(String extension, String message, Throwable cause) {
            super(message, cause);
            this.extension = extension;
        }

        /** The name of the extension that refused. */
        public String extension() {
            return extension;
        }
    }

    /** Highest ranking first; among equals the older service, as OSGi orders them. */
    private static final Comparator<Extension> ORDER = Comparator.comparingInt(Extension::ranking).reversed()
            .thenComparingLong(Extension::serviceId);

    private final Timed timed;
    private volatile List<Extension> extensions = List.of();

    public SecurityGate(Timed timed) {
        this.timed = timed;
    }

    public synchronized void add(Extension e) {
        List<Extension> next = new ArrayList<>(extensions);
        next.add(e);
        next.sort(ORDER);
        extensions = List.copyOf(next);
    }

    public synchronized void remove(SecurityExtension service) {
        extensions = extensions.stream().filter(e -> e.service() != service).toList();
    }

    /** True when some extension is registered, i.e. when {@link #check} would ask anything. */
    public boolean active() {
        return !extensions.isEmpty();
    }

    /** The extensions in the order they are asked. */
    public List<Extension> extensions() {
        return extensions;
    }

    /**
     * Asks each extension in turn; returns when all allowed {@code action} (e.g. {@code
     * container.create}) on {@code resource} (e.g. {@code web1 busybox}), else throws the refusal
     * of the first that did not.
     */
    public void check(Map<String, String> credentials, String action, String resource) throws Refused {
        List<Extension> asked = extensions;
        if (asked.isEmpty()) {
            return;
        }
        Map<String, String> shown = Map.copyOf(credentials); // no extension can change what the next one is told
        for (Extension e : asked) {
            ask(e, shown, action, resource);
        }
    }

    private void ask(Extension e, Map<String, String> credentials, String action, String resource) throws Refused {
        String principal;
        boolean allowed;
        try {
            principal = timed.call(e.plugin(), AUTHENTICATE, what(e, "authenticate"), e.timeoutSeconds(),
                    () -> e.service().authenticate(credentials));
            allowed = principal != null && Boolean.TRUE.equals(timed.call(e.plugin(), AUTHORIZE, what(e, "authorize"),
                    e.timeoutSeconds(), () -> e.service().authorize(principal, action, resource)));
        } catch (Timed.CallFailed failed) {
            throw refusal(e, "failing closed: " + failed.getMessage(), failed);
        }
        try {
            boolean told = allowed;
            timed.call(e.plugin(), AUDIT, what(e, "audit"), e.timeoutSeconds(), () -> {
                e.service().audit(principal, action, resource, told);
                return null;
            });
        } catch (Timed.CallFailed failed) {
            if (allowed) {
                // an operation its extension could not record is not done: the record may be what it is there for
                throw refusal(e, "failing closed: " + failed.getMessage(), failed);
            }
        }
        if (principal == null) {
            throw refusal(e, "as it proved no principal from the credentials " + describe(credentials), null);
        }
        if (!allowed) {
            throw refusal(e, "as it does not allow " + principal + " " + action + " on " + resource, null);
        }
    }

    private static String what(Extension e, String call) {
        return "its " + call + " call";
    }

    private static String describe(Map<String, String> credentials) {
        return credentials.keySet().stream().sorted().map(k -> k + "=" + credentials.get(k)).toList().toString();
    }

    private static Refused refusal(Extension e, String why, Throwable cause) {
        return new Refused(e.name(), "refused by security extension " + e.name() + " (plugin " + e.plugin() + ") " + why
                + "; change its policy or remove it with 'nexcage plugin remove " + e.plugin() + "'", cause);
    }
}
