/**
 * An example security extension: container operations are allowed only on images matching its
 * {@code allow} glob ({@code plugins.image-policy.config.allow}, e.g. {@code nexcage-test/*});
 * every decision is written to the plugin's log.
 */
@NexCagePlugin(name = "image-policy")
@PluginCapabilities(Capability.LOGGING)
@PluginResources(maxMemoryMb = 32, timeoutSeconds = 5)
@PluginRuntime("[0.8,1)")
package nexcage.example.imagepolicy;

import nexcage.api.Capability;
import nexcage.api.NexCagePlugin;
import nexcage.api.PluginCapabilities;
import nexcage.api.PluginResources;
import nexcage.api.PluginRuntime;
