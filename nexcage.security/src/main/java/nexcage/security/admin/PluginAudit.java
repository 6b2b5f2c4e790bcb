package nexcage.security.admin;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a plugin file's bytecode and manifest with bnd and reports every use of an API whose
 * capability the plugin does not declare, and what no plugin may do (DESIGN §5). Results are
 * cached by the file's SHA-256 under {@code $NEXCAGE_STATE/security/audit/}.
 */
public interface PluginAudit {

    /** @throws IOException when the file cannot be read as a zip */
    AuditReport audit(Path pluginFile) throws IOException;
}
