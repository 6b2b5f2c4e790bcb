/**
 * The security bundle's services, for the core only: the capability guard every guarded service
 * calls, the violations record, and the bytecode audit of plugin files. Plugins cannot see these
 * services nor import this package (DESIGN §5).
 */
@Version("1.1.0")
@Export
package nexcage.security.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
