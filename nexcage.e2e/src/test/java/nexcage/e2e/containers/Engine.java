package nexcage.e2e.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real Docker engine these tests run on, through the {@code docker} CLI: present or the test
 * fails with a sentence saying how to get one (never a silent skip), and the test image is made
 * with {@code docker import} from a folder holding busybox (no registry is reachable here).
 */
public final class Engine {
    public static final String IMAGE = "nexcage-test/busybox:latest";
    /**
     * The test image plus two scripts for signal tests: {@code /wait.sh} says ready and becomes
     * {@code sleep} (a signal ends it; a shell waiting for its child would outlive it), {@code /stubborn.sh} says ready and names each INT, TERM or HUP it
     * gets without ending. Scripts, because a command's arguments may not hold a {@code ;}.
     * Its tag changes with the scripts.
     */
    static final String SIGNALS_IMAGE = "nexcage-test/busybox-signals:2";
    private static final Map<String, String> SIGNAL_SCRIPTS = Map.of(
            "wait.sh", "echo ready\nexec sleep 60\n",
            "stubborn.sh", "trap 'echo got INT' INT\ntrap 'echo got TERM' TERM\ntrap 'echo got HUP' HUP\necho ready\n"
                    + "while true; do sleep 1; done\n");

    private Engine() {
    }

    public record Out(int exit, String out, String err) {
    }

    /**
     * Whether {@code backend list --json}'s output shows the {@code docker} backend healthy: the
     * oci and lxc system plugins are healthy too, so "some backend is healthy" is not enough.
     */
    public static boolean dockerHealthy(String backendListJson) {
        try {
            for (JsonNode b : new ObjectMapper().readTree(backendListJson)) {
                if ("docker".equals(b.path("name").asText())) {
                    return "healthy".equals(b.path("health").asText());
                }
            }
            return false;
        } catch (IOException notJson) {
            return false;
        }
    }

    /** Removes every container whose name holds {@code prefix}: what a test class leaves behind. */
    public static void removeAll(String prefix) throws IOException, InterruptedException {
        for (String name : docker("ps", "-aq", "--filter", "name=" + prefix).out().split("\\s+")) {
            if (!name.isBlank()) {
                docker("rm", "-f", name);
            }
        }
    }

    /** What a test class does at its end: stops its daemon (if it started) and removes its containers. */
    static void stopAndRemoveAll(nexcage.e2e.Nexcage nx, String prefix) throws IOException, InterruptedException {
        if (nx != null) {
            nx.stop();
        }
        removeAll(prefix);
    }

    public static Out docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("docker", ".out");
        Path err = Files.createTempFile("docker", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " did not finish within 120 s");
        }
        Out o = new Out(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return o;
    }

    /** Fails the test, saying why, when no engine answers; imports the test image when missing. */
    public static void require() throws Exception {
        Out info;
        try {
            info = docker("info", "--format", "{{.ServerVersion}}");
        } catch (IOException e) {
            throw new AssertionError("the docker client is not installed; run ./test.sh as root (it installs docker.io "
                    + "and starts dockerd) or install Docker yourself");
        }
        if (info.exit() != 0) {
            throw new AssertionError("no Docker engine answers at the default socket (" + info.err().trim()
                    + "); run ./test.sh as root, which starts dockerd, or start one with 'dockerd --iptables=false --bridge=none'");
        }
        if (docker("image", "inspect", IMAGE).exit() != 0) {
            importBusybox(IMAGE, Map.of());
        }
    }

    /** {@link #require()}, and the image with the signal scripts. */
    static void requireSignalsImage() throws Exception {
        require();
        if (docker("image", "inspect", SIGNALS_IMAGE).exit() != 0) {
            importBusybox(SIGNALS_IMAGE, SIGNAL_SCRIPTS);
        }
    }

    private static void importBusybox(String tag, Map<String, String> files) throws Exception {
        Path tar = busyboxTarball(files);
        Out o = docker("import", tar.toString(), tag);
        if (o.exit() != 0) {
            throw new AssertionError("docker import of the busybox image failed: " + o.err());
        }
        Files.delete(tar);
    }

    /**
     * A root file system tarball (as {@code docker import} and {@code nexcage image import} take)
     * holding /bin/busybox, its links and these extra files; the caller deletes it.
     */
    public static Path busyboxTarball(Map<String, String> files) throws Exception {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            throw new AssertionError("/bin/busybox is missing; install busybox-static to build the test image");
        }
        Path root = Files.createTempDirectory("nexcage-busybox");
        Files.createDirectories(root.resolve("bin"));
        Files.copy(busybox, root.resolve("bin/busybox"));
        for (String tool : List.of("sh", "echo", "sleep", "cat", "ls", "true", "false", "env", "printf")) {
            Files.createSymbolicLink(root.resolve("bin/" + tool), Path.of("busybox"));
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(root.resolve(f.getKey()), f.getValue());
        }
        Path tar = Files.createTempFile("nexcage-busybox", ".tar");
        Process p = new ProcessBuilder("tar", "-C", root.toString(), "-cf", tar.toString(), ".").inheritIO().start();
        if (p.waitFor() != 0) {
            throw new AssertionError("could not tar the busybox folder " + root);
        }
        nexcage.e2e.Nexcage.deleteTree(root);
        return tar;
    }

    static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}
