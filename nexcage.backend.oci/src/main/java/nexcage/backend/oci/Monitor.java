package nexcage.backend.oci;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a container's monitor: a POSIX shell in a session of its own ({@code setsid}), so that
 * it outlives the daemon, which runs the OCI runtime in the foreground ({@code crun run}: the
 * runtime creates the container, reaps it and exits with its status), with the container's output
 * going to its two log files, then writes the exit code to {@code exit} and, for an auto-removed
 * container, unmounts and removes the container's directory. The shell holds nothing but those
 * two files; the daemon, while it runs, waits for the monitor as its parent. It writes its pid to
 * {@code monitor} first, before anything can remove the directory.
 */
final class Monitor {
    /** $1 the container's directory, $2 1 to remove it at the end, $3 1 when rootfs is an overlay mount; the rest the runtime's command. */
    static final String SCRIPT = String.join("\n",
            "d=$1; rm=$2; ov=$3; shift 3",
            "echo $$ >\"$d/monitor\"",
            "\"$@\"",
            "c=$?",
            "echo $c >\"$d/exit\"",
            "if [ \"$rm\" = 1 ]; then",
            "  if [ \"$ov\" = 1 ]; then umount \"$d/rootfs\" || umount -l \"$d/rootfs\"; fi",
            "  rm -rf \"$d\"",
            "fi",
            "exit $c",
            "") ;

    private Monitor() {
    }

    /** The monitor's command line for container directory {@code dir}. */
    static List<String> command(Path dir, boolean autoRemove, boolean overlay, List<String> runtimeCommand) {
        List<String> c = new ArrayList<>(List.of("setsid", "sh", "-c", SCRIPT, "nexcage-oci-monitor", dir.toString(),
                autoRemove ? "1" : "0", overlay ? "1" : "0"));
        c.addAll(runtimeCommand);
        return c;
    }

    /** Starts the monitor of container {@code d}; its output goes to the container's log files. */
    static Process start(ContainerDir d, boolean autoRemove, boolean overlay, List<String> runtimeCommand) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(d.dir(), autoRemove, overlay, runtimeCommand))
                .directory(d.dir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(d.stdout().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(d.stderr().toFile()));
        return pb.start();
    }
}
