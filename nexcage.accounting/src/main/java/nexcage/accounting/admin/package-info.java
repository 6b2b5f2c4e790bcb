/**
 * The accounting bundle's services, for the runtime only: every call into a plugin measured
 * (calls, errors, timeouts, latency, CPU time and allocation per entry point), the threads and disk
 * a plugin uses, and its declared resource limits watched (DESIGN §5). Plugins cannot see these
 * services nor import this package.
 */
@Version("1.1.0")
@Export
package nexcage.accounting.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
