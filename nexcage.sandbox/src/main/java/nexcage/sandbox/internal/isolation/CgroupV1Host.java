package nexcage.sandbox.internal.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Cgroup v1 (this machine): one directory per controller, {@code memory}, {@code cpu},
 * {@code cpuacct} and {@code pids} (cpu and cpuacct may be one mount, {@code cpu,cpuacct}).
 */
final class CgroupV1Host implements CgroupHost {
    private final Path root;

    CgroupV1Host(Path root) {
        this.root = root;
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public Cgroup create(String name, SandboxLimits limits) throws IOException {
        Path memory = root.resolve("memory").resolve(PARENT).resolve(name);
        try {
            Files.createDirectories(memory);
        } catch (IOException e) {
            throw new IOException("cannot create " + memory + ": " + CgroupFiles.reason(e), e);
        }
        List<String> notApplied = new ArrayList<>();
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(memory);
        CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryLimitBytes()), "memory limit", notApplied);
        Path cpu = controller("cpu", name, notApplied, "CPU quota");
        if (cpu != null) {
            dirs.add(cpu);
            if (CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(limits.cpuPeriodMicros()), "CPU quota", notApplied)) {
                // no quota yet (limitCpu): this write only proves the file takes one
                CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), "-1", "CPU quota", notApplied);
            }
        }
        Path cpuacct = controller("cpuacct", name, new ArrayList<>(), "CPU accounting");
        if (cpuacct != null) {
            dirs.add(cpuacct);
        }
        Path pids = controller("pids", name, notApplied, "pids limit");
        if (pids != null) {
            dirs.add(pids);
            CgroupFiles.write(pids.resolve("pids.max"), Integer.toString(limits.pidsMax()), "pids limit", notApplied);
        }
        Path quota = cpu == null ? null : cpu.resolve("cpu.cfs_quota_us");
        return new V1Group(memory, cpuacct, pids, quota, Long.toString(limits.cpuQuotaMicros()), List.copyOf(realDirs(dirs)), List.copyOf(notApplied));
    }

    /** The group's directory under a controller, made; null (and the phrase in notApplied) when the controller is not there. */
    private Path controller(String controller, String name, List<String> notApplied, String phrase) {
        Path base = root.resolve(controller);
        if (!Files.isDirectory(base)) {
            notApplied.add(phrase + " (no " + controller + " controller at " + base + ")");
            return null;
        }
        Path dir = base.resolve(PARENT).resolve(name);
        try {
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            notApplied.add(phrase + " (cannot create " + dir + ": " + CgroupFiles.reason(e) + ")");
            return null;
        }
    }

    /** cpu and cpuacct may be links to one mount: each directory once. */
    private static Set<Path> realDirs(Set<Path> dirs) {
        Set<Path> out = new LinkedHashSet<>();
        for (Path d : dirs) {
            try {
                out.add(d.toRealPath());
            } catch (IOException e) {
                out.add(d);
            }
        }
        return out;
    }

    private record V1Group(Path path, Path cpuacct, Path pidsDir, Path quotaFile, String quota, List<Path> dirs, List<String> notApplied) implements Cgroup {
        @Override
        public void limitCpu() {
            if (quotaFile != null) {
                CgroupFiles.write(quotaFile, quota, "CPU quota", new java.util.ArrayList<>());
            }
        }

        @Override
        public List<Path> procsFiles() {
            return dirs.stream().map(d -> d.resolve("cgroup.procs")).toList();
        }

        @Override
        public long oomKills() {
            long kills = CgroupFiles.number(path.resolve("memory.oom_control"), "oom_kill");
            return Math.max(0, kills);
        }

        @Override
        public long memoryBytes() {
            return CgroupFiles.number(path.resolve("memory.usage_in_bytes"), null);
        }

        @Override
        public long cpuNanos() {
            return cpuacct == null ? -1 : CgroupFiles.number(cpuacct.resolve("cpuacct.usage"), null);
        }

        @Override
        public List<Long> pids() {
            return CgroupFiles.pids(path.resolve("cgroup.procs"));
        }

        @Override
        public int tasks() {
            // every thread is a task: the memory controller's tasks file lists them, pids.current counts them
            return pidsDir == null ? CgroupFiles.pids(path.resolve("tasks")).size() : (int) CgroupFiles.number(pidsDir.resolve("pids.current"), null);
        }

        @Override
        public void killAll() {
            for (Path d : dirs) {
                CgroupFiles.killAll(CgroupFiles.pids(d.resolve("cgroup.procs")));
            }
        }

        @Override
        public boolean remove() {
            return CgroupFiles.removeDirs(dirs);
        }
    }
}
