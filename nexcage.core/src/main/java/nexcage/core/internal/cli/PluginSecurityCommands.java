package nexcage.core.internal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import nexcage.api.Capability;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.TextTable;
import nexcage.core.internal.command.UsageException;
import nexcage.core.internal.plugins.InstallAudit;
import nexcage.core.internal.plugins.PluginOperations;
import nexcage.core.internal.plugins.PluginRecord;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.security.admin.AuditFinding;
import nexcage.security.admin.AuditReport;
import nexcage.security.admin.CapabilityGuard;
import nexcage.security.admin.PluginAudit;
import nexcage.security.admin.Violation;
import nexcage.security.admin.Violations;

/**
 * {@code plugin violations} and {@code plugin audit}, and the capabilities a plugin used for
 * {@code plugin info} (DESIGN §5): the commands ask the security bundle's services, which may be
 * absent (the bundle stopped), in which case they say so rather than vanish.
 */
@Component(service = PluginSecurityCommands.class)
public class PluginSecurityCommands {
    private static final String NOT_RUNNING = " is not available: the security bundle (nexcage.security) is not running; "
            + "'nexcage plugin list' and the daemon log say why";

    /** True for a name {@code plugin list} shows (installed or a rejected file). */
    private final Predicate<String> listed;
    private final Predicate<String> installed;
    /** The verified copy of an installed plugin. */
    private final Function<String, Optional<Path>> copies;
    /** Whether a file (of the installed plugin named, or null) is signed by a trusted certificate: only then do its acceptances count. */
    private final BiPredicate<Path, String> signedByTrusted;
    /** Null when a file nothing has checked yet is within the plugin files' size and zip-bomb caps, else why not. */
    private final Function<Path, String> capsRefusal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Violations violations;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile PluginAudit audit;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile CapabilityGuard guard;

    @Activate
    public PluginSecurityCommands(@Reference PluginRegistry registry, @Reference PluginOperations operations) {
        this(name -> registry.byName(name).isPresent(), name -> registry.installed(name).isPresent(), operations::installedCopy,
                operations::signedByTrusted, operations::capsRefusal);
    }

    /** The commands over plain facts; the security services are set as the framework binds them (a test sets them itself). */
    PluginSecurityCommands(Predicate<String> listed, Predicate<String> installed, Function<String, Optional<Path>> copies,
            BiPredicate<Path, String> signedByTrusted, Function<Path, String> capsRefusal) {
        this.listed = listed;
        this.installed = installed;
        this.copies = copies;
        this.signedByTrusted = signedByTrusted;
        this.capsRefusal = capsRefusal;
    }

    PluginSecurityCommands with(Violations v, PluginAudit a, CapabilityGuard g) {
        this.violations = v;
        this.audit = a;
        this.guard = g;
        return this;
    }

    /** {@code plugin violations [NAME] [--json]}: newest first. */
    int violations(String name, boolean json, CommandIO io) {
        Violations record = violations;
        if (record == null) {
            io.err().println("nexcage: the violations record" + NOT_RUNNING);
            return 1;
        }
        List<Violation> list = new ArrayList<>(record.list(name));
        list.sort(Comparator.comparing(Violation::time).reversed());
        if (name != null && list.isEmpty() && !listed.test(name)) {
            io.err().println("nexcage: no plugin named '" + name + "' and no violations recorded for it; "
                    + "'nexcage plugin list' shows the plugins there are");
            return 1;
        }
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Violation v : list) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("time", rfc3339(v));
                m.put("plugin", v.plugin());
                m.put("kind", v.kind());
                m.put("capability", v.capability());
                m.put("operation", v.operation());
                m.put("detail", v.detail());
                m.put("count", v.count());
                out.add(m);
            }
            PluginCommands.print(io, out);
            return 0;
        }
        if (list.isEmpty()) {
            io.out().println(name == null ? "no violations recorded" : "no violations recorded for plugin " + name);
            return 0;
        }
        // a resource violation has no capability: its operation names the limit, its detail the figure and the limit
        TextTable t = new TextTable("TIME", "PLUGIN", "KIND", "CAPABILITY", "OPERATION", "DETAIL", "COUNT");
        list.forEach(v -> t.row(rfc3339(v), v.plugin(), v.kind(), v.capability(), v.operation(), v.detail(), v.count()));
        t.print(io.out());
        return 0;
    }

    /** RFC 3339 in UTC, to the millisecond: {@code 2026-12-05T15:16:24.123Z}. */
    private static String rfc3339(Violation v) {
        return v.time().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** {@code plugin audit NAME|FILE [--json]}: 0 without a high finding, 1 with one, 2 for a target that is neither. */
    int audit(String target, boolean json, CommandIO io) {
        PluginAudit auditor = audit;
        if (auditor == null) {
            io.err().println("nexcage: the plugin audit" + NOT_RUNNING);
            return 1;
        }
        Path file = io.cwd().resolve(target).normalize();
        String plugin = null;
        if (!Files.isRegularFile(file)) {
            if (!installed.test(target)) {
                throw new UsageException("'" + target + "' is neither a file nor an installed plugin; give a plugin file or a name from 'nexcage plugin list'");
            }
            Optional<Path> copy = copies.apply(target);
            if (copy.isEmpty()) {
                io.err().println("nexcage: the verified copy of plugin " + target + " is missing from the state directory; "
                        + "'nexcage plugin reload " + target + "' makes it again");
                return 1;
            }
            file = copy.get();
            plugin = target;
        } else {
            // an installed plugin's copy passed these caps; a file given here has not: a zip bomb must not reach the audit
            String refused = capsRefusal.apply(file);
            if (refused != null) {
                io.err().println("nexcage: " + target + " " + refused);
                return 1;
            }
        }
        AuditReport report;
        boolean trusted;
        try {
            AuditReport raw = auditor.audit(file);
            trusted = signedByTrusted.test(file, plugin);
            report = InstallAudit.judged(raw, trusted);
        } catch (IOException e) {
            io.err().println("nexcage: cannot audit " + target + ": " + e.getMessage() + "; give a plugin JAR (.nexcage-plugin or .jar)");
            return 1;
        }
        if (json) {
            PluginCommands.print(io, reportJson(report, trusted));
        } else {
            printReport(report, io);
        }
        return report.ok() ? 0 : 1;
    }

    private static Map<String, Object> reportJson(AuditReport report, boolean acceptancesHonoured) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plugin", report.plugin());
        m.put("version", report.version());
        m.put("ok", report.ok());
        m.put("sha256", report.sha256());
        // the plugin's NexCage-Audit-Accept counts only for a file signed by a trusted certificate
        m.put("acceptances_honoured", acceptancesHonoured && !report.acceptances().isEmpty());
        List<Map<String, Object>> findings = new ArrayList<>();
        for (AuditFinding f : report.findings()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("rule", f.rule());
            fm.put("capability", f.capability());
            fm.put("severity", f.severity().word());
            fm.put("class", f.className());
            fm.put("method", f.method());
            fm.put("detail", f.detail());
            findings.add(fm);
        }
        m.put("findings", findings);
        return m;
    }

    private static void printReport(AuditReport report, CommandIO io) {
        String what = "plugin " + report.plugin() + " " + report.version();
        if (report.findings().isEmpty()) {
            io.out().println(what + ": no findings");
            return;
        }
        TextTable t = new TextTable("SEVERITY", "RULE", "CAPABILITY", "CLASS", "METHOD", "DETAIL");
        report.findings().forEach(f -> t.row(f.severity().word(), f.rule(), f.capability(), f.className(), f.method(), f.detail()));
        t.print(io.out());
        long high = report.findings().stream().filter(f -> f.severity() == nexcage.security.admin.AuditSeverity.HIGH).count();
        io.out().println(what + ": " + report.findings().size() + (report.findings().size() == 1 ? " finding" : " findings") + ", " + high
                + " of high severity" + (high > 0 ? "; declare the capabilities named, or remove those calls" : ""));
    }

    /** The capabilities the plugin has used through NexCage since the daemon started, in its declared order; null when unknown. */
    List<String> capabilitiesUsed(PluginRecord r) {
        CapabilityGuard g = guard;
        if (g == null) {
            return null;
        }
        var used = g.used(r.name());
        List<String> out = new ArrayList<>();
        if (r.metadata() != null) {
            r.metadata().capabilities().stream().filter(used::contains).map(Capability::id).forEach(out::add);
        }
        used.stream().map(Capability::id).filter(id -> !out.contains(id)).sorted().forEach(out::add);
        return out;
    }
}
