/**
 * The Docker backend: runs NexCage containers on a Docker engine (or Podman's Docker-compatible
 * API) through docker-java, which is embedded privately in this bundle.
 */
@NexCagePlugin(name = "docker")
@PluginCapabilities({Capability.CONTAINER_CREATE, Capability.CONTAINER_START, Capability.CONTAINER_STOP,
        Capability.CONTAINER_DELETE, Capability.CONTAINER_EXEC, Capability.CONTAINER_LIST, Capability.CONTAINER_INFO,
        Capability.NETWORK_CLIENT})
@PluginResources(maxMemoryMb = 256, maxThreads = 32, maxFileDescriptors = 256, maxNetworkConnections = 64,
        timeoutSeconds = 60)
@PluginRuntime("[0.8,1)")
package nexcage.backend.docker;

import nexcage.api.Capability;
import nexcage.api.NexCagePlugin;
import nexcage.api.PluginCapabilities;
import nexcage.api.PluginResources;
import nexcage.api.PluginRuntime;
