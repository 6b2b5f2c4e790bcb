/**
 * The daemon side of a sandboxed plugin, for the runtime's sandbox bundle only: the command that
 * starts a plugin's child JVM and the link that proxies its services over a Unix socket. Plugins
 * can neither import this package nor look up its service (DESIGN §5).
 */
@Version("1.0.0")
@Export
package nexcage.sandbox.bridge;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
