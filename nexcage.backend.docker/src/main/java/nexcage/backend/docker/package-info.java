/**
 * The Docker backend: runs NexCage containers on a Docker engine (or Podman's Docker-compatible
 * API) through docker-java, which is embedded privately in this bundle.
 */
@NexCagePlugin(name = "docker")
// The backend's own code only talks to the engine (network_client). The libraries it embeds also
// hold code that reads and writes files (docker-java's TLS key and archive helpers, Guava's and
// Commons IO's file utilities) and a listening I/O reactor (the shaded HttpClient 5); the audit
// reads embedded code like our own, and a capability rule is met by declaring, never by accepting.
@PluginCapabilities({Capability.CONTAINER_CREATE, Capability.CONTAINER_START, Capability.CONTAINER_STOP,
        Capability.CONTAINER_DELETE, Capability.CONTAINER_EXEC, Capability.CONTAINER_LIST, Capability.CONTAINER_INFO,
        Capability.NETWORK_CLIENT, Capability.FILESYSTEM_READ, Capability.FILESYSTEM_WRITE,
        Capability.NETWORK_SERVER})
// The daemon watches threads and CPU per plugin (DESIGN §5). docker-java runs threads of its own (its HTTP client's
// connection and I/O reactor threads, one per streaming call: an attached run, logs -f, exec, the event subscription),
// and every container operation (backend:*) is charged to this plugin with the CPU of parsing the engine's JSON and
// copying containers' output: so threads and CPU are at their upper bounds, and normal use never trips them.
@PluginResources(maxMemoryMb = 256, maxThreads = 100, maxCpuPercent = 100, maxFileDescriptors = 256, maxNetworkConnections = 64,
        timeoutSeconds = 60)
@PluginRuntime("[0.8,1)")
package nexcage.backend.docker;

import nexcage.api.Capability;
import nexcage.api.NexCagePlugin;
import nexcage.api.PluginCapabilities;
import nexcage.api.PluginResources;
import nexcage.api.PluginRuntime;
