/** The plugin guide's first plugin: {@code nexcage hello [NAME]} greets. */
@NexCagePlugin(name = "hello")
@PluginCapabilities(Capability.LOGGING)
@PluginResources(maxMemoryMb = 32, timeoutSeconds = 10)
@PluginRuntime("[0.8,1)")
package nexcage.example.hello;

import nexcage.api.Capability;
import nexcage.api.NexCagePlugin;
import nexcage.api.PluginCapabilities;
import nexcage.api.PluginResources;
import nexcage.api.PluginRuntime;
