package nexcage.sandbox.internal.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A host's cgroup hierarchy (v1 or v2) under which the sandbox makes one group per child. */
public interface CgroupHost {

    /** The parent directory name under each controller: every sandbox group lives below it. */
    String PARENT = "nexcage";

    /** {@code v1} or {@code v2}. */
    String version();

    /**
     * Makes the group {@code name} with the limits written; a limit that cannot be written is in
     * the group's {@link Cgroup#notApplied()}.
     *
     * @throws IOException when no group can be made at all (no permission, no controller)
     */
    Cgroup create(String name, SandboxLimits limits) throws IOException;

    /**
     * The host's hierarchy under {@code root} (normally {@code /sys/fs/cgroup}): v2 when it is the
     * unified hierarchy, v1 when it has a memory controller mounted apart; null when neither.
     */
    static CgroupHost detect(Path root) {
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            return new CgroupV2Host(root);
        }
        if (Files.isDirectory(root.resolve("memory"))) {
            return new CgroupV1Host(root);
        }
        return null;
    }
}
