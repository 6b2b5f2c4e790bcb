/**
 * The runtime's own facts and services for plugins, each guarded by a capability: the
 * configuration ({@code config_read}, {@code config_write}), system facts ({@code system_info},
 * {@code system_metrics}), host commands ({@code host_command}) and a plugin's own metrics
 * ({@code metrics}). A plugin's own configuration section needs no capability.
 */
@Version("1.0.0")
@Export
package nexcage.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
