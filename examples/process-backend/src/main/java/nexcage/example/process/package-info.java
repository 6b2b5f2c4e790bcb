/**
 * The plugin guide's container backend: containers are plain processes of the daemon's host, one
 * directory each under the plugin's data directory. No isolation and no images: it shows the
 * backend API, it does not replace an engine.
 */
@NexCagePlugin(name = "process-backend")
@PluginCapabilities({Capability.PROCESS_SPAWN, Capability.PROCESS_SIGNAL, Capability.FILESYSTEM_READ,
        Capability.FILESYSTEM_WRITE, Capability.LOGGING})
@PluginResources(maxMemoryMb = 256, timeoutSeconds = 30)
@PluginRuntime("[0.8,1)")
package nexcage.example.process;

import nexcage.api.Capability;
import nexcage.api.NexCagePlugin;
import nexcage.api.PluginCapabilities;
import nexcage.api.PluginResources;
import nexcage.api.PluginRuntime;
