/** The plugin's metadata: bnd turns these annotations into NexCage's manifest headers. */
@NexCagePlugin(name = "{{name}}")
@PluginCapabilities({Capability.LOGGING})
@PluginResources(maxMemoryMb = 64, timeoutSeconds = 30)
@PluginRuntime("{{runtimeRange}}")
package {{package}};

import nexcage.api.Capability;
import nexcage.api.NexCagePlugin;
import nexcage.api.PluginCapabilities;
import nexcage.api.PluginResources;
import nexcage.api.PluginRuntime;
