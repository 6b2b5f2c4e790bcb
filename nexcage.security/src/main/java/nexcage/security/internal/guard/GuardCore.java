package nexcage.security.internal.guard;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import nexcage.api.Capability;
import nexcage.api.CapabilityDeniedException;
import nexcage.security.admin.HiddenFromPlugins;
import nexcage.security.admin.Violations;

/**
 * The capability check, free of OSGi ({@code B} is the caller's bundle). It runs on every call of
 * every guarded service, so an allowed call is a map look-up, a time stamp compare and two bit
 * tests: what a bundle declares is read once per bundle and version (its last-modified time) and
 * kept as a bit set by {@link Capability#ordinal()}.
 */
public final class GuardCore<B> {

    /** What the guard reads from a caller. */
    public interface Facts<B> {
        long lastModified(B bundle);

        String location(B bundle);

        /** The {@code NexCage-Capabilities} header, or null. */
        String capabilitiesHeader(B bundle);
    }

    /** What one bundle, at one last-modified time, may do; {@code plugin} null for a runtime bundle. */
    private record Caller(long lastModified, String plugin, long declared, AtomicLong used) {
    }

    private static final Caller RUNTIME = new Caller(Long.MIN_VALUE, null, -1L, new AtomicLong());

    private final Facts<B> facts;
    private final Violations violations;
    /** Keyed by the bundle object: it stays the same across updates, and identity hashing boxes nothing. */
    private final Map<B, Caller> callers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> usedByPlugin = new ConcurrentHashMap<>();

    public GuardCore(Facts<B> facts, Violations violations) {
        this.facts = facts;
        this.violations = violations;
    }

    public void check(B caller, Capability needed, String operation, String detail) {
        Caller c = callers.get(caller);
        if (c == null) {
            c = read(caller, facts.lastModified(caller));
        }
        if (c.plugin() == null) {
            return;
        }
        long modified = facts.lastModified(caller);
        if (c.lastModified() != modified) {
            c = read(caller, modified);
        }
        long bit = 1L << needed.ordinal();
        if ((c.declared() & bit) == 0) {
            violations.record(c.plugin(), needed.id(), operation, detail == null ? "" : detail);
            throw new CapabilityDeniedException(c.plugin(), needed.id(), operation);
        }
        AtomicLong used = c.used();
        if ((used.get() & bit) == 0) {
            used.getAndAccumulate(bit, (a, b) -> a | b);
        }
    }

    /** The capabilities {@code plugin} used through a guarded call since this guard was made. */
    public Set<Capability> used(String plugin) {
        AtomicLong used = usedByPlugin.get(plugin);
        return used == null ? Set.of() : toSet(used.get());
    }

    /** Drops what is known of a bundle (it was uninstalled). */
    public void forget(B caller) {
        callers.remove(caller);
    }

    private Caller read(B caller, long modified) {
        // a bundle's location never changes, so a runtime bundle is read once
        String plugin = HiddenFromPlugins.pluginName(facts.location(caller));
        Caller c = plugin == null ? RUNTIME
                : new Caller(modified, plugin, toBits(DeclaredCapabilities.parse(facts.capabilitiesHeader(caller))),
                        usedByPlugin.computeIfAbsent(plugin, p -> new AtomicLong()));
        callers.put(caller, c);
        return c;
    }

    private static long toBits(Set<Capability> caps) {
        long bits = 0;
        for (Capability c : caps) {
            bits |= 1L << c.ordinal();
        }
        return bits;
    }

    private static Set<Capability> toSet(long bits) {
        Set<Capability> out = EnumSet.noneOf(Capability.class);
        for (Capability c : Capability.values()) {
            if ((bits & (1L << c.ordinal())) != 0) {
                out.add(c);
            }
        }
        return out;
    }
}
