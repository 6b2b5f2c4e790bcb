package nexcage.security.internal.audit;

import java.io.IOException;
import java.nio.file.Path;

import nexcage.security.admin.AuditReport;

/** Audits a plugin file whose SHA-256 the caller already knows (the cache's key). */
@FunctionalInterface
public interface FileAuditor {
    AuditReport audit(Path file, String sha256) throws IOException;
}
