package nexcage.backend.lxc;

import java.nio.file.Path;
import java.util.List;

import nexcage.api.backend.ContainerSpec;

/**
 * Writes a container's lxc config. It includes lxc's common configuration (capabilities dropped,
 * the device allow-list, seccomp, /proc and /sys mounts) and sets what NexCage decides: the root
 * file system, the network, the environment and working directory, the console log, the command.
 */
final class LxcConfig {

    /** The PATH a container gets when its image names none (Docker's default). */
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private LxcConfig() {
    }

    static String render(ContainerRecord r, ContainerPaths paths, Path commonConfig) {
        StringBuilder b = new StringBuilder();
        b.append("# Written by NexCage's lxc backend for container ").append(r.id())
                .append("; NexCage's record of it (labels, image, command) is ").append(ContainerRecord.FILE).append(" beside this file.\n");
        b.append("lxc.include = ").append(commonConfig).append('\n');
        // common.conf pulls in lxcfs's hooks: its post-stop hook sleeps 0.5 s after every stop, and a
        // container here reads the host's /proc as a Docker one does, so both are cleared
        b.append("lxc.hook.mount =\nlxc.hook.post-stop =\n");
        b.append("lxc.uts.name = ").append(hostname(r.id())).append('\n');
        b.append("lxc.rootfs.path = dir:").append(paths.rootfs()).append('\n');
        if (ContainerSpec.NETWORK_HOST.equals(r.network())) {
            b.append("# network host: lxc's type none shares the host's network namespace\nlxc.net.0.type = none\n");
        } else {
            b.append("# network none (the default): a namespace of its own with only the loopback interface\nlxc.net.0.type = empty\n");
        }
        boolean hasPath = r.env().stream().anyMatch(e -> e.startsWith("PATH="));
        if (!hasPath) {
            b.append("lxc.environment = ").append(DEFAULT_PATH).append('\n');
        }
        for (String e : r.env()) {
            if (e.indexOf('\n') < 0 && e.indexOf('=') > 0) {
                b.append("lxc.environment = ").append(e).append('\n');
            }
        }
        if (r.workdir() != null && !r.workdir().isBlank() && r.workdir().indexOf('\n') < 0) {
            b.append("lxc.init.cwd = ").append(r.workdir()).append('\n');
        }
        b.append("lxc.console.logfile = ").append(paths.console()).append('\n');
        if (r.autoRemove()) {
            b.append("# removed by lxc once it stops (autoRemove)\nlxc.ephemeral = 1\n");
        }
        String key = r.system() ? "lxc.init.cmd" : "lxc.execute.cmd";
        if (representable(r.command())) {
            b.append(key).append(" = ").append(String.join(" ", r.command())).append('\n');
        } else {
            b.append("# ").append(key).append(" is not set: lxc splits it at spaces, and a word of this command holds one;")
                    .append(" the backend passes the command from ").append(ContainerRecord.FILE).append('\n');
        }
        return b.toString();
    }

    /** True when lxc, which splits the command at white space with no quoting, would read it back word for word. */
    static boolean representable(List<String> command) {
        return !command.isEmpty() && command.stream().allMatch(w -> !w.isEmpty() && w.chars().noneMatch(Character::isWhitespace));
    }

    /** A host name from the id: at most 63 characters, as the kernel and DNS allow. */
    static String hostname(String id) {
        String h = id.length() > 63 ? id.substring(0, 63) : id;
        return h.replaceAll("[^A-Za-z0-9.-]", "-");
    }
}
