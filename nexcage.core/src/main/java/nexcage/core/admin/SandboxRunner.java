package nexcage.core.admin;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;

import nexcage.api.Capability;
import nexcage.api.ResourceRequirements;

/**
 * Runs sandboxed plugins in a process of their own (DESIGN §5, "Sandboxed plugins"; provided by
 * nexcage.sandbox). The core installs a stub bundle for such a plugin, starts it, and then hands it
 * here: {@link #start} starts the child and registers its services with the stub's context. When the
 * stub bundle stops, the sandbox stops the child with it.
 */
public interface SandboxRunner {

    /** The header that marks the stub bundle the core installs for a sandboxed plugin ({@code process}). */
    String STUB_HEADER = "NexCage-Sandboxed";

    /**
     * One sandboxed plugin: its verified jar, its data directory, the directory the sandbox may use
     * for it ({@code $NEXCAGE_STATE/sandbox/run/NAME}: its socket, its private temporary directory), what
     * it declares, and the policy the core read from config.yaml.
     */
    record Sandboxed(String name, Path jar, Path dataDir, Path runDir, ResourceRequirements resources, Set<Capability> capabilities,
            int restarts, boolean requireComplete) {
    }

    /** What the sandbox tells the core about a child's death (it is the core that owns plugin state). */
    interface Events {
        /**
         * The child died or could not start again; {@code reason} is one sentence ("killed: its memory
         * limit of 64 MB was exceeded"). {@code final} is true when no restart follows: the plugin is to be left failed.
         */
        void died(String reason, boolean isFinal);

        /** The child runs again after a restart and its services are back. */
        void restarted();
    }

    /**
     * The sandbox of one plugin now: {@code pid} of its child JVM (-1 when none runs), what could not
     * be applied on this host (one phrase each), its cgroup's memory in bytes and CPU in percent of one
     * core over the last 10 s (-1 when unknown), its tasks (threads and processes) now (-1 when unknown),
     * and how often it was restarted since the core started it.
     */
    record Status(String plugin, long pid, List<String> notApplied, long memoryBytes, double cpuPercent, long cpuNanos, int tasks,
            int restarts) {
    }

    /**
     * Starts the plugin's child for its (started) stub bundle and returns once its services are
     * registered with the stub's context.
     *
     * @throws Exception with a one-sentence reason when it could not (and nothing is left running)
     */
    void start(Sandboxed plugin, Bundle stub, Events events) throws Exception;

    /** The plugin's sandbox, or null when none runs for it. */
    Status status(String plugin);

    /** What this host cannot apply to any child (no bubblewrap, no cgroup access, ...), one phrase each; empty when all. */
    List<String> missingOnHost();
}
