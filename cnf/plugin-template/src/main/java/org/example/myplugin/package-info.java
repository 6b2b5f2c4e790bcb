/** The plugin's metadata: bnd turns these annotations into NexCage's manifest headers. */
@NexCagePlugin(name = "my-plugin")
@PluginCapabilities({Capability.LOGGING})
@PluginResources(maxMemoryMb = 64, timeoutSeconds = 30)
@PluginRuntime("[0.8,1)")
package org.example.myplugin;

import nexcage.api.Capability;
import nexcage.api.NexCagePlugin;
import nexcage.api.PluginCapabilities;
import nexcage.api.PluginResources;
import nexcage.api.PluginRuntime;
