/** The plugin guide's simple logging plugin: init opens its log file, deinit closes it. */
@NexCagePlugin(name = "custom-logger")
@PluginCapabilities({Capability.LOGGING, Capability.FILESYSTEM_WRITE})
@PluginResources(maxMemoryMb = 32)
@PluginRuntime("[0.8,1)")
package nexcage.example.logger;

import nexcage.api.Capability;
import nexcage.api.NexCagePlugin;
import nexcage.api.PluginCapabilities;
import nexcage.api.PluginResources;
import nexcage.api.PluginRuntime;
