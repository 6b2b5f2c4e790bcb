package nexcage.security.internal.guard;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import nexcage.api.Capability;

/**
 * What a {@code NexCage-Capabilities} header declares. The core refuses a plugin with an unknown
 * name before it is installed, so an unknown name here (a bundle installed around the core) is
 * skipped: it can grant nothing.
 */
final class DeclaredCapabilities {

    private DeclaredCapabilities() {
    }

    static Set<Capability> parse(String header) {
        Set<Capability> out = EnumSet.noneOf(Capability.class);
        if (header == null) {
            return out;
        }
        for (String part : header.split(",")) {
            // a clause may carry parameters (name;x=y); only the name counts
            String id = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            Capability.byId(id).ifPresent(out::add);
        }
        return out;
    }
}
