/**
 * The NexCage plugin API: plugin metadata, capabilities, resource requirements, health, the
 * plugin context and the lifecycle service a plugin may register.
 */
@Version("1.2.0")
@Export
package nexcage.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
