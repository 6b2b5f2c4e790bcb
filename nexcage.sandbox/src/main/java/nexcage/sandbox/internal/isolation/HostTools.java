package nexcage.sandbox.internal.isolation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real tools the sandbox uses on this host, found once: bubblewrap (namespaces, read-only
 * root, seccomp), util-linux's {@code prlimit} (RLIMIT_NOFILE), the cgroup hierarchy, and the
 * compiled seccomp filter ({@link SeccompFilter}). A missing one is named, with how to get it,
 * in {@link #missing()}: the sandbox says so at start and in {@code plugin info}.
 */
public record HostTools(Path bwrap, Path prlimit, CgroupHost cgroups, String whyNoCgroups, Path seccompFilter, String whyNoSeccomp) {

    private static final List<Path> BIN_DIRS = List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/local/bin"),
            Path.of("/usr/sbin"), Path.of("/sbin"));

    /** Finds the tools; the seccomp filter is compiled into {@code stateDir}. */
    public static HostTools probe(Path cgroupRoot, Path stateDir) {
        CgroupHost cg = CgroupHost.detect(cgroupRoot);
        String whyNoCg = cg == null ? "no cgroup v1 memory controller nor cgroup v2 hierarchy at " + cgroupRoot : null;
        Path bwrap = find("bwrap");
        Path seccomp = null;
        String whyNoSeccomp;
        if (bwrap == null) {
            whyNoSeccomp = "bubblewrap, which loads it, is not installed";
        } else {
            SeccompFilter.Compiled c = SeccompFilter.compile(stateDir.resolve("seccomp.bpf"));
            seccomp = c.file();
            whyNoSeccomp = c.whyNot();
        }
        return new HostTools(bwrap, find("prlimit"), cg, whyNoCg, seccomp, whyNoSeccomp);
    }

    /** What the sandbox cannot apply on this host at all, one phrase each with the fix; empty when it applies everything. */
    public List<String> missing() {
        List<String> out = new java.util.ArrayList<>();
        if (bwrap == null) {
            out.add("namespaces, read-only root and network isolation (bubblewrap is not installed: apt-get install bubblewrap)");
        }
        if (cgroups == null) {
            out.add("memory, CPU and pids limits (" + whyNoCgroups + ")");
        }
        if (prlimit == null) {
            out.add("open-file limit (prlimit is not installed: apt-get install util-linux)");
        }
        if (seccompFilter == null) {
            out.add("seccomp filter (" + whyNoSeccomp + ")");
        }
        return out;
    }

    static Path find(String tool) {
        for (Path dir : BIN_DIRS) {
            Path p = dir.resolve(tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
