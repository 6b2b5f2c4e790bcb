package nexcage.security.internal.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The rules indexed by owner type, so that each call in a plugin costs one map look-up. */
final class RuleTable {
    private final Map<String, List<AuditRule>> byOwner = new HashMap<>();
    private final Map<String, List<AuditRule>> typeWide = new HashMap<>();
    private final List<AuditRule> anyOwner = new ArrayList<>();
    private final Map<String, String> typeWideSpellings = new HashMap<>();

    RuleTable(List<AuditRule> rules) {
        for (AuditRule r : rules) {
            if (r.owner().equals(AuditRule.ANY)) {
                anyOwner.add(r);
            } else {
                byOwner.computeIfAbsent(r.owner(), k -> new ArrayList<>()).add(r);
            }
            if (r.typeWide()) {
                typeWide.computeIfAbsent(r.owner(), k -> new ArrayList<>()).add(r);
                typeWideSpellings.put(r.owner(), r.owner());
                typeWideSpellings.put(r.owner().replace('/', '.'), r.owner());
            }
        }
    }

    /** The rules a call of {@code owner.name descriptor} (internal names) breaks; mostly none. */
    List<AuditRule> call(String owner, String name, String descriptor) {
        List<AuditRule> hits = null;
        for (AuditRule r : byOwner.getOrDefault(owner, List.of())) {
            hits = add(hits, r, owner, name, descriptor);
        }
        for (AuditRule r : anyOwner) {
            hits = add(hits, r, owner, name, descriptor);
        }
        return hits == null ? List.of() : hits;
    }

    /** The rules any reference to the type breaks. */
    List<AuditRule> reference(String owner) {
        return typeWide.getOrDefault(owner, List.of());
    }

    /** The type-wide owners as a class file may spell them (internal and dotted name), to their internal name. */
    Map<String, String> typeWideSpellings() {
        return typeWideSpellings;
    }

    private static List<AuditRule> add(List<AuditRule> hits, AuditRule r, String owner, String name, String descriptor) {
        if (!r.matches(owner, name, descriptor)) {
            return hits;
        }
        List<AuditRule> h = hits == null ? new ArrayList<>(2) : hits;
        h.add(r);
        return h;
    }
}
