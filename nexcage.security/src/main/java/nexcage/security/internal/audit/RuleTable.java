package nexcage.security.internal.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The rules indexed by owner type, so that each call in a plugin costs one map look-up. */
final class RuleTable {
    private final Map<String, List<AuditRule>> byOwner = new HashMap<>();
    private final Map<String, List<AuditRule>> typeWide = new HashMap<>();
    private final List<AuditRule> anyOwner = new ArrayList<>();
    private final Map<byte[], Map<String, String>> typeWideBySimpleName = new HashMap<>();

    RuleTable(List<AuditRule> rules) {
        for (AuditRule r : rules) {
            if (r.owner().equals(AuditRule.ANY)) {
                anyOwner.add(r);
            } else {
                byOwner.computeIfAbsent(r.owner(), k -> new ArrayList<>()).add(r);
            }
            if (r.typeWide()) {
                typeWide.computeIfAbsent(r.owner(), k -> new ArrayList<>()).add(r);
                String simple = r.owner().substring(r.owner().lastIndexOf('/') + 1);
                Map<String, String> spellings = typeWideBySimpleName.entrySet().stream()
                        .filter(e -> new String(e.getKey(), StandardCharsets.US_ASCII).equals(simple))
                        .map(Map.Entry::getValue).findFirst().orElseGet(() -> {
                            Map<String, String> m = new HashMap<>();
                            typeWideBySimpleName.put(simple.getBytes(StandardCharsets.US_ASCII), m);
                            return m;
                        });
                spellings.put(r.owner(), r.owner());
                spellings.put(r.owner().replace('/', '.'), r.owner());
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

    /** False when no rule names this owner: most calls are settled by this one look-up. */
    boolean mayMatchOwner(String owner) {
        return byOwner.containsKey(owner);
    }

    /** True when a rule for any owner has this method name (e.g. {@code defineClass}). */
    boolean mayMatchAnyOwnerMethod(String name) {
        for (AuditRule r : anyOwner) {
            if (r.method().equals(AuditRule.ANY) || r.method().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The rules any reference to the type breaks. */
    List<AuditRule> reference(String owner) {
        return typeWide.getOrDefault(owner, List.of());
    }

    /**
     * The type-wide owners by their simple name (ASCII bytes, what a search of a class file looks
     * for first), then as a class file may spell them (internal and dotted name) to their internal name.
     */
    Map<byte[], Map<String, String>> typeWideSpellingsBySimpleName() {
        return typeWideBySimpleName;
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
