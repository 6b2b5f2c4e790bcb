package nexcage.testkit.engines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code podman system service --time=0 unix://DIR/podman.sock}, as root, with its storage
 * ({@code vfs}), run root, temp dir and {@code containers.conf} in {@code DIR}: no network
 * namespace of its own ({@code netns = "none"}: there is no bridge here), cgroupfs (no systemd),
 * events in a file (no journald), runc (crun refuses this host's hybrid cgroups), and an nproc
 * limit the host allows. Containers run with {@code --init}, for which Podman's compatible API
 * looks for catatonit at {@code /usr/libexec/podman/catatonit} whatever containers.conf's
 * {@code init_path} says (Podman 4.3.1, found by these tests); without the catatonit package the
 * service's mount namespace has Docker's tini ({@code docker-init}) there instead. The service
 * runs in network and mount namespaces of its own, so the host is left as it is: Podman's
 * compatible API puts a container without a network mode on its bridge whatever containers.conf's
 * {@code netns} says (found by these tests too), and netavark's bridge and iptables rules stay in
 * the service's namespace.
 */
public final class PodmanService extends StartedEngine {
    static final Path CATATONIT = Path.of("/usr/libexec/podman/catatonit");
    static final Path DOCKER_INIT = Path.of("/usr/bin/docker-init");

    private final Path socket;
    private final Path runRoot;

    private PodmanService(Path dir, Path socket, Path runRoot, Process process) {
        super(dir, process, dir.resolve("service.log"));
        this.socket = socket;
        this.runRoot = runRoot;
    }

    /** Starts the service and returns once it answers; fails saying what to install when it cannot. */
    public static PodmanService start(Path dir) throws IOException, InterruptedException {
        if (Commands.run(Map.of(), Duration.ofSeconds(30), List.of("podman", "--version")).exit() != 0) {
            throw new AssertionError("podman is not installed; run ./test.sh as root (it installs podman) or apt-get install podman");
        }
        Files.createDirectories(dir);
        Path conf = Files.writeString(dir.resolve("containers.conf"), """
                [containers]
                netns = "none"
                default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

                [engine]
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                runtime = "runc"
                """);
        Path socket = dir.resolve("podman.sock");
        // Podman refuses a run root of over 50 characters
        Path runRoot = Files.createTempDirectory(Path.of("/tmp"), "nxpm");
        String service = String.join(" ", "exec podman", "--root", dir.resolve("storage").toString(), "--runroot",
                runRoot.toString(), "--tmpdir", dir.resolve("tmp").toString(), "--storage-driver vfs",
                "system service --time=0", "unix://" + socket);
        // a network namespace of its own: a container on Podman's default network gets a bridge and
        // netavark's iptables rules there, not on the host
        List<String> cmd = new ArrayList<>(List.of("unshare", "--net", "--mount", "--propagation", "private", "sh", "-c"));
        if (Files.isExecutable(CATATONIT)) {
            cmd.add(service);
        } else if (Files.isExecutable(DOCKER_INIT)) {
            cmd.add("mount -t tmpfs nexcage-podman-init /usr/libexec && mkdir /usr/libexec/podman && cp " + DOCKER_INIT + " "
                    + CATATONIT + " && " + service);
        } else {
            throw new AssertionError("Podman needs an init for --init: install catatonit (./test.sh does)");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
        pb.environment().put("CONTAINERS_CONF", conf.toString());
        PodmanService s = new PodmanService(dir, socket, runRoot, pb.start());
        s.awaitAnswer(Duration.ofSeconds(30), "podman system service");
        return s;
    }

    @Override
    public String host() {
        return "unix://" + socket;
    }

    public Path socket() {
        return socket;
    }

    @Override
    protected Map<String, String> cliEnvironment() {
        return Map.of("DOCKER_HOST", host()); // Podman's API is Docker's
    }

    /** Stops the service (its containers removed first), and removes its run root. */
    @Override
    public void close() throws IOException, InterruptedException {
        super.close();
        Commands.run(Map.of(), Duration.ofSeconds(30), List.of("rm", "-rf", runRoot.toString()));
    }
}
