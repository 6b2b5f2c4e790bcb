package nexcage.core.internal.guard;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;

import nexcage.api.Capability;
import nexcage.api.CapabilityDeniedException;
import nexcage.security.admin.CapabilityGuard;

/** A guard that allows what it was given and records every check, as "capability operation detail". */
final class FakeGuard implements CapabilityGuard {
    final Set<Capability> allowed;
    final List<String> checks = new ArrayList<>();
    final List<String> denied = new ArrayList<>();

    FakeGuard(Capability... allowed) {
        this.allowed = allowed.length == 0 ? EnumSet.noneOf(Capability.class) : EnumSet.of(allowed[0], allowed);
    }

    @Override
    public void check(Bundle caller, Capability needed, String operation, String detail) {
        checks.add(needed.id() + " " + operation + " " + detail);
        if (!allowed.contains(needed)) {
            denied.add(needed.id() + " " + operation);
            throw new CapabilityDeniedException(Callers.name(caller), needed.id(), operation);
        }
    }

    @Override
    public Set<Capability> used(String plugin) {
        return Set.of();
    }

    /** A bundle that is the plugin {@code name} (its location is the core's for plugins). */
    static Bundle plugin(String name) {
        return (Bundle) Proxy.newProxyInstance(FakeGuard.class.getClassLoader(), new Class<?>[] {Bundle.class}, (p, m, a) -> switch (m.getName()) {
            case "getLocation" -> "nexcage:plugin/" + name;
            case "getSymbolicName" -> "test." + name;
            case "hashCode" -> System.identityHashCode(p);
            case "equals" -> p == a[0];
            case "toString" -> "plugin " + name;
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }
}
