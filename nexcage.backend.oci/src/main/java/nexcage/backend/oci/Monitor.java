package nexcage.backend.oci;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a container's monitor: a POSIX shell in a session of its own ({@code setsid}, so that it
 * outlives the daemon) and a mount namespace of its own ({@code unshare -m}), which runs the OCI
 * runtime in the foreground ({@code crun run}: the runtime creates the container, reaps it and
 * exits with its status) with the container's output going to its two log files, then writes the
 * exit code to {@code exit} and, for an auto-removed container that ran, removes its directory.
 *
 * <p>In its namespace the monitor first mounts the container's overlay root file system (so the
 * mount goes away by itself with the last process of the container, even after a reboot or a
 * killed monitor) and, where crun needs it, hides the cgroup v2 mount ({@link OciRuntime}). It
 * writes its pid to {@code monitor} before anything can remove the directory. The shell holds
 * nothing but the two log files; the daemon, while it runs, waits for it as its parent.
 */
final class Monitor {
    /**
     * $1 the container's directory, $2 1 to remove it at the end, $3 the image's root file system to
     * mount an overlay on (empty: rootfs is a copy), $4 1 to hide the cgroup v2 mount, $5 the pid of
     * the daemon that waits for this run and removes the container itself (empty: none; the monitor
     * removes it when that daemon is gone); the rest the runtime's command.
     */
    static final String SCRIPT = String.join("\n",
            "d=$1; rm=$2; lower=$3; hide=$4; waiter=$5; shift 5",
            "echo $$ >\"$d/monitor\"",
            "if [ \"$hide\" = 1 ]; then umount " + OciRuntime.UNIFIED + " 2>>\"$d/runtime.log\" || exit 125; fi",
            "if [ -n \"$lower\" ]; then",
            "  mount -t overlay overlay -o \"lowerdir=$lower,upperdir=$d/upper,workdir=$d/work\" \"$d/rootfs\" 2>>\"$d/runtime.log\" || exit 125",
            "fi",
            "\"$@\"",
            "c=$?",
            "echo $c >\"$d/exit\"",
            "if [ -n \"$waiter\" ] && kill -0 \"$waiter\" 2>/dev/null; then rm=0; fi",
            "if [ \"$rm\" = 1 ] && [ -s \"$d/pid\" ]; then",
            "  if [ -n \"$lower\" ]; then umount \"$d/rootfs\" || umount -l \"$d/rootfs\"; fi",
            "  rm -rf \"$d\"",
            "fi",
            "exit $c",
            "");

    private Monitor() {
    }

    /**
     * The monitor's command line for container directory {@code dir}; {@code overlayLower} null for a
     * copied rootfs; {@code waiter} the pid of the process that removes an auto-removed container
     * itself once the monitor has ended (0: none).
     */
    static List<String> command(Path dir, boolean autoRemove, Path overlayLower, boolean hideCgroupV2, long waiter,
            List<String> runtimeCommand) {
        List<String> c = new ArrayList<>(List.of("setsid", "unshare", "-m", "sh", "-c", SCRIPT, "nexcage-oci-monitor", dir.toString(),
                autoRemove ? "1" : "0", overlayLower == null ? "" : overlayLower.toString(), hideCgroupV2 ? "1" : "0",
                waiter > 0 ? Long.toString(waiter) : ""));
        c.addAll(runtimeCommand);
        return c;
    }

    /**
     * Starts the monitor of container {@code d}; its output goes to the container's log files. With
     * {@code daemonRemoves}, an auto-removed container is removed by this process (in its own mount
     * namespace no overlay is mounted, so that is a plain delete, cheaper than the monitor's umount and
     * rm) unless it is gone by then.
     */
    static Process start(ContainerDir d, boolean autoRemove, Path overlayLower, OciRuntime runtime, boolean daemonRemoves)
            throws IOException {
        List<String> run = runtime.runCommand(d.id(), d.dir(), d.pidFile(), d.runtimeLog());
        ProcessBuilder pb = new ProcessBuilder(command(d.dir(), autoRemove, overlayLower, runtime.hidesCgroupV2(),
                daemonRemoves ? ProcessHandle.current().pid() : 0, run))
                .directory(d.dir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(d.stdout().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(d.stderr().toFile()));
        return pb.start();
    }
}
