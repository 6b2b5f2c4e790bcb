/** The hook system: handlers that plugins register for container, CLI and system events. */
@Version("1.1.0")
@Export
package nexcage.api.hooks;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
