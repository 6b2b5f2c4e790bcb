/**
 * An example hook plugin: writes one JSON line per container and CLI hook event to its
 * {@code file} setting (default {@code $NEXCAGE_STATE/audit-hooks.jsonl}) and vetoes
 * {@code container.pre_create} for container ids matching its {@code deny_pattern}.
 */
@NexCagePlugin(name = "audit-hooks")
@PluginCapabilities({Capability.FILESYSTEM_WRITE, Capability.LOGGING})
@PluginResources(maxMemoryMb = 32, timeoutSeconds = 5)
@PluginRuntime("[0.8,1)")
package nexcage.example.audit;

import nexcage.api.Capability;
import nexcage.api.NexCagePlugin;
import nexcage.api.PluginCapabilities;
import nexcage.api.PluginResources;
import nexcage.api.PluginRuntime;
