/**
 * The OCI backend: runs NexCage containers straight from an OCI runtime (crun, or runc), with no
 * engine in between. Each container is an OCI bundle under the plugin's data directory, watched by
 * a small shell monitor that outlives the daemon; images are root file systems imported from
 * tarballs (GNU tar) or OCI image layouts (umoci).
 */
@NexCagePlugin(name = "oci")
// The backend runs host tools (the OCI runtime, tar, umoci, mount, setsid) and signals them, and
// keeps bundles, images and logs in its data directory.
@PluginCapabilities({Capability.CONTAINER_CREATE, Capability.CONTAINER_START, Capability.CONTAINER_STOP,
        Capability.CONTAINER_DELETE, Capability.CONTAINER_EXEC, Capability.CONTAINER_LIST, Capability.CONTAINER_INFO,
        Capability.PROCESS_SPAWN, Capability.PROCESS_SIGNAL, Capability.FILESYSTEM_READ, Capability.FILESYSTEM_WRITE,
        Capability.FILESYSTEM_EXECUTE, Capability.HOST_MOUNT})
// Every container operation (backend:*) is charged to this plugin: an attached run or logs -f counts its whole
// duration, and exec copies two streams (one extra thread each). The data directory holds the images' root file
// systems and the containers' writable layers and logs, so its size is bounded by the disk, not by a plugin quota.
@PluginResources(maxMemoryMb = 128, maxThreads = 64, maxCpuPercent = 100, maxFileDescriptors = 256, timeoutSeconds = 60,
        maxDiskUsageMb = 1048576)
@PluginRuntime("[0.8,1)")
package nexcage.backend.oci;

import nexcage.api.Capability;
import nexcage.api.NexCagePlugin;
import nexcage.api.PluginCapabilities;
import nexcage.api.PluginResources;
import nexcage.api.PluginRuntime;
