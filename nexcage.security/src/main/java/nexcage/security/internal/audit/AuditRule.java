package nexcage.security.internal.audit;

import nexcage.api.Capability;
import nexcage.security.admin.AuditSeverity;

/**
 * One line of the audit's table: a call to {@code owner.method} (internal names, {@code *} for any
 * owner or any method; a descriptor prefix narrows overloads, e.g. {@code PrintWriter(String)}) is
 * a use of {@code capability}, or, when that is null, something no plugin may do.
 * {@code typeWide} rules also count a bare reference to the owner type (a field, a cast, a
 * {@code Class.forName} of its name), reported for the class when no method calls it.
 */
record AuditRule(String id, Capability capability, AuditSeverity severity, String owner, String method,
        String descriptorPrefix, boolean typeWide, String note) {

    static final String ANY = "*";

    boolean matches(String ownerName, String methodName, String descriptor) {
        return (owner.equals(ANY) || owner.equals(ownerName))
                && (method.equals(ANY) || method.equals(methodName))
                && (descriptorPrefix == null || descriptor.startsWith(descriptorPrefix));
    }

    /** What the finding's detail says, for a call of {@code ownerName.methodName}. */
    String describeCall(String ownerName, String methodName) {
        String type = ownerName.replace('/', '.');
        String what = methodName.equals("<init>") ? "creates a " + type : "calls " + type + "." + methodName;
        return what + consequence();
    }

    /** What the finding's detail says for a method reference or handle that no instruction calls directly. */
    String describeHandle(String ownerName, String methodName) {
        return "takes a method reference to " + ownerName.replace('/', '.') + "::"
                + (methodName.equals("<init>") ? "new" : methodName) + consequence();
    }

    /** What the finding's detail says for a bare reference to the type. */
    String describeReference(String ownerName) {
        return "refers to " + ownerName.replace('/', '.') + consequence();
    }

    private String consequence() {
        String tail = capability == null
                ? ", which no plugin may do"
                : ", which needs the capability " + capability.id() + " the plugin does not declare";
        return note == null ? tail : tail + " (" + note + ")";
    }
}
