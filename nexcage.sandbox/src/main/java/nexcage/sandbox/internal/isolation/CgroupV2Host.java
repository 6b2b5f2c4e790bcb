package nexcage.sandbox.internal.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cgroup v2 (the unified hierarchy): one directory, {@code ROOT/nexcage/NAME}, with
 * {@code memory.max}, {@code cpu.max} and {@code pids.max}; the controllers are enabled for the
 * children of the root and of {@code nexcage} first.
 */
final class CgroupV2Host implements CgroupHost {
    private static final String[] CONTROLLERS = {"memory", "cpu", "pids"};
    private final Path root;

    CgroupV2Host(Path root) {
        this.root = root;
    }

    @Override
    public String version() {
        return "v2";
    }

    @Override
    public Cgroup create(String name, SandboxLimits limits) throws IOException {
        Path parent = root.resolve(PARENT);
        Path dir = parent.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create " + dir + ": " + CgroupFiles.reason(e), e);
        }
        List<String> notApplied = new ArrayList<>();
        enable(root);
        enable(parent);
        // a controller's files appear in the group only when the parent enables it for its children
        if (Files.exists(dir.resolve("memory.max"))) {
            CgroupFiles.write(dir.resolve("memory.max"), Long.toString(limits.memoryLimitBytes()), "memory limit", notApplied);
            // no swap beyond the limit, where the host has swap accounting
            if (Files.exists(dir.resolve("memory.swap.max"))) {
                CgroupFiles.write(dir.resolve("memory.swap.max"), "0", "memory limit without swap", notApplied);
            }
        } else {
            notApplied.add("memory limit (the memory controller is not enabled in " + parent + ")");
        }
        if (Files.exists(dir.resolve("cpu.max"))) {
            // no quota yet (limitCpu): this write only proves the file takes one
            CgroupFiles.write(dir.resolve("cpu.max"), "max " + limits.cpuPeriodMicros(), "CPU quota", notApplied);
        } else {
            notApplied.add("CPU quota (the cpu controller is not enabled in " + parent + ")");
        }
        if (Files.exists(dir.resolve("pids.max"))) {
            CgroupFiles.write(dir.resolve("pids.max"), Integer.toString(limits.pidsMax()), "pids limit", notApplied);
        } else {
            notApplied.add("pids limit (the pids controller is not enabled in " + parent + ")");
        }
        return new V2Group(dir, limits.cpuQuotaMicros() + " " + limits.cpuPeriodMicros(), List.copyOf(notApplied));
    }

    /** Enables the controllers for the children of dir, each on its own (one refused does not stop the others). */
    private static void enable(Path dir) {
        for (String c : CONTROLLERS) {
            try {
                Files.writeString(dir.resolve("cgroup.subtree_control"), "+" + c, StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                // reported by what create() finds enabled
            }
        }
    }

    private record V2Group(Path path, String cpuMax, List<String> notApplied) implements Cgroup {
        @Override
        public void limitCpu() {
            if (Files.exists(path.resolve("cpu.max"))) {
                CgroupFiles.write(path.resolve("cpu.max"), cpuMax, "CPU quota", new ArrayList<>());
            }
        }

        @Override
        public List<Path> procsFiles() {
            return List.of(path.resolve("cgroup.procs"));
        }

        @Override
        public long oomKills() {
            return Math.max(0, CgroupFiles.number(path.resolve("memory.events"), "oom_kill"));
        }

        @Override
        public long memoryBytes() {
            return CgroupFiles.number(path.resolve("memory.current"), null);
        }

        @Override
        public long cpuNanos() {
            long micros = CgroupFiles.number(path.resolve("cpu.stat"), "usage_usec");
            return micros < 0 ? -1 : micros * 1000;
        }

        @Override
        public List<Long> pids() {
            return CgroupFiles.pids(path.resolve("cgroup.procs"));
        }

        @Override
        public int tasks() {
            return Files.exists(path.resolve("pids.current")) ? (int) CgroupFiles.number(path.resolve("pids.current"), null)
                    : CgroupFiles.pids(path.resolve("cgroup.threads")).size();
        }

        @Override
        public void killAll() {
            Path kill = path.resolve("cgroup.kill");
            if (!Files.exists(kill) || !CgroupFiles.write(kill, "1", "kill", new ArrayList<>())) {
                CgroupFiles.killAll(pids());
            }
        }

        @Override
        public boolean remove() {
            return CgroupFiles.removeDirs(List.of(path));
        }
    }
}
