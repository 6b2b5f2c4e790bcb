package nexcage.security.internal.audit;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import aQute.bnd.osgi.ClassDataCollector;
import aQute.bnd.osgi.Clazz;
import aQute.bnd.osgi.Descriptors.TypeRef;
import nexcage.security.admin.AuditFinding;

/**
 * Walks the classes of one plugin as bnd's class parser reports them and collects the findings:
 * each call (invoke instruction) the table lists, in the method it occurs in, once per rule and
 * method; what the class's constant pool names but no instruction calls (a method reference, a
 * type-wide rule's type named in a field, a cast or a string) counts for the class. A use under
 * a capability the plugin declares is no finding.
 */
final class CodeCollector extends ClassDataCollector {
    private final RuleTable rules;
    private final Set<String> declared;
    private final Map<String, AuditFinding> findings = new LinkedHashMap<>();
    private List<PoolScan.Hit> poolHits = List.of();
    private final Set<String> rulesCalledInClass = new HashSet<>();
    private String className;
    private String method;

    CodeCollector(RuleTable rules, Set<String> declared) {
        this.rules = rules;
        this.declared = declared;
    }

    /** Before the class is parsed: what its constant pool names, for what no instruction calls. */
    void expect(List<PoolScan.Hit> hits) {
        poolHits = hits;
    }

    @Override
    public boolean classStart(Clazz c) {
        className = c.getFQN();
        method = null;
        rulesCalledInClass.clear();
        return true;
    }

    @Override
    public void method(Clazz.MethodDef m) {
        method = label(m);
    }

    @Override
    public void field(Clazz.FieldDef f) {
        method = null;
    }

    @Override
    public void referenceMethod(int access, TypeRef owner, String name, String descriptor) {
        String ownerName = owner.getBinary();
        for (AuditRule r : rules.call(ownerName, name, descriptor)) {
            rulesCalledInClass.add(r.id());
            report(r, method, r.describeCall(ownerName, name));
        }
    }

    @Override
    public void classEnd() {
        for (PoolScan.Hit hit : poolHits) {
            if (!rulesCalledInClass.contains(hit.rule().id())) {
                report(hit.rule(), null, hit.describe());
            }
        }
    }

    private void report(AuditRule r, String where, String detail) {
        if (r.capability() != null && declared.contains(r.capability().id())) {
            return;
        }
        String key = className + '\0' + where + '\0' + r.id();
        findings.putIfAbsent(key, new AuditFinding(r.id(), r.capability() == null ? null : r.capability().id(),
                r.severity(), className, where, detail));
    }

    List<AuditFinding> findings() {
        return List.copyOf(findings.values());
    }

    /** {@code name(param types)}, e.g. {@code connect(java.lang.String, int)}: overloads stay apart. */
    private static String label(Clazz.MethodDef m) {
        StringJoiner params = new StringJoiner(", ", m.getName() + "(", ")");
        for (TypeRef p : m.getPrototype()) {
            params.add(p.getFQN());
        }
        return params.toString();
    }
}
