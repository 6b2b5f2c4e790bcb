package nexcage.security.internal.audit;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import nexcage.security.admin.AuditReport;
import nexcage.security.admin.PluginAudit;

/**
 * The audit as a service for the core ({@code plugin audit}, and the check at install). Its cache
 * lives in {@code $NEXCAGE_STATE/security/audit} (the launcher sets {@code nexcage.state}), else in
 * this bundle's data area. The reports the build wrote for the system plugins are read from
 * {@code nexcage.system_audit_dir} (the launcher's {@code audit/} beside the runtime jar).
 */
@Component(service = PluginAudit.class)
public final class PluginAuditComponent implements PluginAudit {

    /** Cached reports kept, in memory and on disk. */
    static final int CACHE_SIZE = 256;

    private final PluginAudit audit;

    @Activate
    public PluginAuditComponent(BundleContext context) {
        String state = context.getProperty("nexcage.state");
        Path dir = state != null && !state.isBlank()
                ? Path.of(state, "security", "audit")
                : context.getDataFile("audit").toPath();
        PluginFileAuditor auditor = new PluginFileAuditor();
        String shipped = context.getProperty("nexcage.system_audit_dir");
        this.audit = new CachedPluginAudit(auditor, new AuditCache(dir, CACHE_SIZE),
                shipped == null || shipped.isBlank() ? null : AuditCache.shipped(Path.of(shipped)));
        Thread warmUp = new Thread(auditor::warmUp, "nexcage-audit-warm-up");
        warmUp.setDaemon(true);
        warmUp.setPriority(Thread.MIN_PRIORITY);
        warmUp.start();
    }

    @Override
    public AuditReport audit(Path pluginFile) throws IOException {
        return audit.audit(pluginFile);
    }
}
