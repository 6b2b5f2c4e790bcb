package nexcage.security.internal.audit;

import static nexcage.security.admin.AuditSeverity.HIGH;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.OSGiHeader;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Processor;
import nexcage.api.PluginHeaders;
import nexcage.security.admin.AuditAcceptance;
import nexcage.security.admin.AuditFinding;

/**
 * Reads a plugin's {@code NexCage-Audit-Accept} header (OSGi header syntax, bnd's parser): clauses
 * {@code RULE;packages="p1,p2";reason="why"} by which the plugin's author accepts findings of what
 * no plugin may do in code the plugin embeds. Only the rules about bytecode that no capability
 * allows may be accepted; a capability rule is declared instead, and a manifest rule never goes
 * away. A clause that cannot be honoured is itself a high finding ({@value #RULE}) naming the
 * clause and the fix, so that a typo never passes for an acceptance.
 */
final class AcceptHeader {

    static final String RULE = "audit_accept";

    /** The finding of a class the audit could not read (see {@link PluginFileAuditor}): an unread class is never accepted. */
    static final String UNREADABLE = "unreadable_class";

    /** What the header says: the clauses honoured, and a finding for each one that is not. */
    record Read(List<AuditAcceptance> acceptances, List<AuditFinding> findings) {
    }

    private static final Pattern PACKAGE = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    /** The rules that may be accepted, in the order they are named in messages. */
    private final Set<String> acceptable = new TreeSet<>();
    /** The capability each capability rule needs, by rule. */
    private final Map<String, String> capabilities = new LinkedHashMap<>();

    AcceptHeader(List<AuditRule> table) {
        for (AuditRule r : table) {
            if (r.capability() == null) {
                acceptable.add(r.id());
            } else {
                capabilities.put(r.id(), r.capability().id());
            }
        }
    }

    Read read(String header) {
        if (header == null || header.isBlank()) {
            return new Read(List.of(), List.of());
        }
        Parameters clauses;
        try (Processor errors = new Processor()) {
            clauses = OSGiHeader.parseHeader(header, errors);
            if (!errors.getErrors().isEmpty()) {
                return unparsable(header, errors.getErrors().get(0));
            }
        } catch (Exception e) {
            return unparsable(header, e.getMessage());
        }
        List<AuditAcceptance> acceptances = new ArrayList<>();
        List<AuditFinding> findings = new ArrayList<>();
        clauses.forEach((key, attrs) -> {
            String rule = Processor.removeDuplicateMarker(key).trim();
            String clause = attrs.isEmpty() ? rule : rule + ";" + attrs;
            Optional<String> problem = problem(rule, attrs);
            if (problem.isPresent()) {
                findings.add(finding(PluginHeaders.AUDIT_ACCEPT + " clause " + clause + " " + problem.get()));
            } else {
                acceptances.add(new AuditAcceptance(rule, packages(attrs.get("packages")), attrs.get("reason").trim()));
            }
        });
        return new Read(acceptances, findings);
    }

    /** Why the clause cannot be honoured, with the fix; empty when it can. */
    private Optional<String> problem(String rule, Attrs attrs) {
        if (capabilities.containsKey(rule)) {
            return Optional.of("accepts " + rule + ", a use the capability " + capabilities.get(rule)
                    + " allows; declare " + capabilities.get(rule) + " (@PluginCapabilities, NexCage-Capabilities) instead");
        }
        if (ManifestRules.RULES.contains(rule) || rule.equals(RULE) || rule.equals(UNREADABLE)) {
            return Optional.of("accepts " + rule + ", a finding no plugin can accept; remove the clause and fix"
                    + " what the finding names");
        }
        if (!acceptable.contains(rule)) {
            return Optional.of("names no rule the audit has; accept one of " + String.join(", ", acceptable));
        }
        String packages = attrs.get("packages");
        if (packages == null || packages.isBlank()) {
            return Optional.of("names no packages; add packages=\"...\" with the embedded packages the findings"
                    + " are in");
        }
        for (String p : packages.split(",", -1)) {
            String pkg = p.trim();
            if (pkg.isEmpty()) {
                return Optional.of("has an empty package name in packages=\"" + packages
                        + "\"; list package names separated by single commas");
            }
            if (!PACKAGE.matcher(pkg).matches()) {
                return Optional.of("names " + pkg + ", which is not a package name (no wildcards: a package"
                        + " covers its subpackages); name the embedded packages the findings are in");
            }
            if (pkg.indexOf('.') < 0) {
                return Optional.of("names the whole top-level package " + pkg + "; name the embedded packages"
                        + " the findings are in");
            }
        }
        String reason = attrs.get("reason");
        if (reason == null || reason.isBlank()) {
            return Optional.of("gives no reason; add reason=\"...\" saying why the use is safe in this plugin");
        }
        return Optional.empty();
    }

    private static Read unparsable(String header, String why) {
        return new Read(List.of(), List.of(finding(PluginHeaders.AUDIT_ACCEPT + ": " + header + " cannot be parsed ("
                + why + "); write clauses as RULE;packages=\"p1,p2\";reason=\"why\", separated by commas")));
    }

    private static List<String> packages(String value) {
        return List.of(value.split(",")).stream().map(String::trim).toList();
    }

    private static AuditFinding finding(String detail) {
        return new AuditFinding(RULE, null, HIGH, null, null, detail);
    }
}
