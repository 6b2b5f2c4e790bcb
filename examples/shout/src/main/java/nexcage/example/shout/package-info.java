/** A plugin that depends on another: it uses the hello plugin's greeting, louder. */
@NexCagePlugin(name = "shout")
@PluginCapabilities(Capability.LOGGING)
@PluginDependencies("hello;version=\"[1.0,2)\"")
@PluginRuntime("[0.8,1)")
package nexcage.example.shout;

import nexcage.api.Capability;
import nexcage.api.NexCagePlugin;
import nexcage.api.PluginCapabilities;
import nexcage.api.PluginDependencies;
import nexcage.api.PluginRuntime;
