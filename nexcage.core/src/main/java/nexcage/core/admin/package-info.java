/**
 * The core's figures for other runtime bundles (the metrics bundle): plugin states and health,
 * backend health, the plugins' own metrics and whether the boot's plugins are in. Plugins cannot
 * see this service nor import this package (DESIGN §5).
 */
@Version("1.1.0")
@Export
package nexcage.core.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
