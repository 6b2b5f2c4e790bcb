/**
 * The core's services for other runtime bundles: its figures for the metrics bundle (plugin
 * states and health, backend health, the latency histograms of container operations, the plugins'
 * own metrics, whether the boot's plugins are in), the command line and security gate the HTTP API
 * runs requests through, and the sandbox runner's hand-over. Plugins cannot see these services nor
 * import this package (DESIGN §5).
 */
@Version("1.1.0")
@Export
package nexcage.core.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
