/**
 * The LXC backend: NexCage's system containers on liblxc, through the host's {@code lxc-*} tools
 * (Debian's package lxc). Containers and images live under the plugin's data directory; nothing is
 * embedded in this bundle.
 */
@NexCagePlugin(name = "lxc")
// It runs the lxc-* tools, tar, umoci and kill as processes (process_spawn), signals containers'
// processes (process_signal, through kill), and keeps images, containers and their logs in its data
// directory (filesystem_read, filesystem_write).
@PluginCapabilities({Capability.CONTAINER_CREATE, Capability.CONTAINER_START, Capability.CONTAINER_STOP,
        Capability.CONTAINER_DELETE, Capability.CONTAINER_EXEC, Capability.CONTAINER_LIST, Capability.CONTAINER_INFO,
        Capability.PROCESS_SPAWN, Capability.PROCESS_SIGNAL, Capability.FILESYSTEM_READ, Capability.FILESYSTEM_WRITE,
        Capability.LOGGING})
// Its data directory holds every container's root file system and every image (a system container's
// is hundreds of MB), so the disk limit is set for that; each streaming call (an attached run, exec,
// logs -f) holds one thread copying a stream, hence the thread ceiling.
@PluginResources(maxMemoryMb = 128, maxThreads = 100, maxCpuPercent = 100, maxFileDescriptors = 512,
        timeoutSeconds = 120, maxDiskUsageMb = 65536)
@PluginRuntime("[0.8,1)")
package nexcage.backend.lxc;

import nexcage.api.Capability;
import nexcage.api.NexCagePlugin;
import nexcage.api.PluginCapabilities;
import nexcage.api.PluginResources;
import nexcage.api.PluginRuntime;
