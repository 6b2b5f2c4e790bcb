package nexcage.sandbox.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import nexcage.sandbox.internal.isolation.CgroupHost;

/**
 * Removes the cgroups a daemon killed with -9 left behind: each group is named
 * {@code DAEMONPID-PLUGIN-N}, so those of a daemon that no longer runs are found by name.
 */
final class LeftoverGroups {
    private LeftoverGroups() {
    }

    static void remove(Path root, String version, Consumer<String> said) {
        List<Path> parents = "v2".equals(version) ? List.of(root.resolve(CgroupHost.PARENT))
                : Stream.of("memory", "cpu", "cpuacct", "pids").map(c -> root.resolve(c).resolve(CgroupHost.PARENT)).toList();
        for (Path parent : parents) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (Stream<Path> groups = Files.list(parent)) {
                for (Path g : groups.filter(Files::isDirectory).toList()) {
                    String n = g.getFileName().toString();
                    int dash = n.indexOf('-');
                    long pid = dash > 0 && n.substring(0, dash).chars().allMatch(Character::isDigit) ? Long.parseLong(n.substring(0, dash)) : -1;
                    if (pid > 0 && ProcessHandle.of(pid).isEmpty()) {
                        try {
                            Files.delete(g);
                            said.accept("removed the cgroup " + g + " left by a daemon that no longer runs");
                        } catch (IOException e) {
                            said.accept("cannot remove the cgroup " + g + " left by a daemon that no longer runs: " + e.getMessage());
                        }
                    }
                }
            } catch (IOException e) {
                // nothing to clean
            }
        }
    }
}
