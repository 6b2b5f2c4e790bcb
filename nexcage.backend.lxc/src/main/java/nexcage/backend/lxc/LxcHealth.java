package nexcage.backend.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.backend.support.KeptAnswer;

/**
 * The backend's health: {@code undetected} when the lxc tools are not installed (naming Debian's
 * package lxc), {@code unhealthy} when they are but cannot run containers here (no root, a kernel
 * feature lxc-checkconfig reports missing, lxc's common config gone, a tool that does not answer),
 * else {@code healthy} with lxc's version. lxc-checkconfig takes about a second and the kernel does
 * not change under a running daemon, so its verdict is kept once it was good; lxc-start's version is
 * kept while its binary is the same file.
 */
final class LxcHealth {

    /** What lxc-checkconfig must report enabled: the namespaces and cgroups every container uses. */
    static final List<String> REQUIRED_FEATURES = List.of("Namespaces", "Utsname namespace", "Ipc namespace", "Pid namespace",
            "Network namespace", "Cgroups", "Cgroup namespace");

    private final LxcTools tools;
    private volatile boolean kernelChecked;
    /** lxc-start's version, asked again only when the binary changes: a health check runs every few seconds. */
    private final KeptAnswer<LxcTools.Result> version = new KeptAnswer<>(v -> v.ok() && !v.out().isBlank());

    LxcHealth(LxcTools tools) {
        this.tools = tools;
    }

    BackendHealth check(Path lxcpath) {
        List<String> missing = tools.missing();
        if (!missing.isEmpty()) {
            return BackendHealth.undetected("the lxc tools are not installed (" + String.join(", ", missing) + " not found on PATH);"
                    + " " + LxcTools.INSTALL_HINT);
        }
        try {
            if (!isRoot()) {
                return BackendHealth.unhealthy("the lxc backend runs privileged containers, which needs root; run the NexCage daemon as root");
            }
            if (tools.commonConfig().isEmpty()) {
                return BackendHealth.unhealthy("lxc's common configuration " + LxcTools.COMMON_CONFIGS.get(0) + " is missing; reinstall"
                        + " Debian's package lxc (apt-get install --reinstall lxc)");
            }
            Path lxcStart = tools.require("lxc-start");
            LxcTools.Result v = version.get(lxcStart, () -> tools.run(Duration.ofSeconds(5), List.of(lxcStart.toString(), "--version")));
            if (!v.ok() || v.out().isBlank()) {
                return BackendHealth.unhealthy("lxc-start --version did not answer (" + v.complaint() + "); reinstall Debian's package lxc");
            }
            if (!kernelChecked) {
                String why = kernelProblem(tools.run(Duration.ofSeconds(30), "lxc-checkconfig").out());
                if (why != null) {
                    return BackendHealth.unhealthy(why);
                }
                kernelChecked = true;
            }
            Files.createDirectories(lxcpath);
            if (!Files.isWritable(lxcpath)) {
                return BackendHealth.unhealthy("the lxc backend cannot write its lxcpath " + lxcpath + "; give the daemon's user that folder");
            }
            return BackendHealth.healthy(v.out().strip());
        } catch (BackendException | IOException e) {
            return BackendHealth.unhealthy(e.getMessage());
        }
    }

    /** The first required kernel feature lxc-checkconfig reports missing, as a sentence; null when all are there. */
    static String kernelProblem(String checkconfigOutput) {
        for (String raw : checkconfigOutput.split("\n")) {
            String line = raw.replaceAll("\u001B\\[[0-9;]*m", "").strip();
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String feature = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip().toLowerCase(java.util.Locale.ROOT);
            if (REQUIRED_FEATURES.contains(feature) && (value.startsWith("missing") || value.startsWith("disabled")
                    || value.startsWith("required"))) {
                return "lxc-checkconfig reports the kernel feature '" + feature + "' " + value + ", which every lxc container needs;"
                        + " run lxc-checkconfig and boot a kernel that has it";
            }
        }
        return null;
    }

    private static boolean isRoot() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }
}
