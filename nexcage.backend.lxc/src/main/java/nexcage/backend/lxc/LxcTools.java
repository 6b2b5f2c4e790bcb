package nexcage.backend.lxc;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;

/**
 * The host programs the backend runs: the {@code lxc-*} tools of Debian's package lxc, and tar,
 * umoci, kill and setsid. They are looked for on the daemon's {@code PATH} and in the usual bin and
 * sbin folders (a daemon started by a service manager may have a short {@code PATH}). Every run is
 * bounded: a tool that overruns is killed and the call fails saying so.
 */
final class LxcTools {

    /** The tools every container operation needs. */
    static final List<String> REQUIRED = List.of("lxc-start", "lxc-execute", "lxc-attach", "lxc-stop", "lxc-destroy",
            "lxc-info", "lxc-ls", "lxc-wait");
    /** Where Debian's lxc keeps the configuration every container includes. */
    static final List<Path> COMMON_CONFIGS = List.of(Path.of("/usr/share/lxc/config/common.conf"),
            Path.of("/usr/local/share/lxc/config/common.conf"));
    static final String INSTALL_HINT = "install Debian's package lxc (apt-get install lxc)";

    /** What a tool printed and how it ended. */
    record Result(int code, String out, String err) {
        boolean ok() {
            return code == 0;
        }

        /** The tool's last complaint on stderr, one line, without lxc's "tool: name: file: line" prefix. */
        String complaint() {
            String last = "";
            for (String l : err.split("\n")) {
                if (!l.isBlank()) {
                    last = l.strip();
                }
            }
            int cut = last.lastIndexOf(": ");
            // lxc prints "lxc-x: NAME: ../src/lxc/file.c: function: 123 Message"
            if (last.matches("^lxc-[a-z-]+: .*\\.c: [a-z_0-9]+: \\d+ .*")) {
                last = last.replaceFirst("^.*\\.c: [a-z_0-9]+: \\d+ ", "");
            } else if (cut > 0 && last.startsWith("lxc-")) {
                last = last.substring(cut + 2);
            }
            return last.isEmpty() ? "exit status " + code : last;
        }
    }

    private final List<Path> searchPath;
    private final ExecutorService pumps;

    LxcTools(List<Path> searchPath, ExecutorService pumps) {
        this.searchPath = List.copyOf(searchPath);
        this.pumps = pumps;
    }

    /** The daemon's {@code PATH}, then the usual folders. */
    static List<Path> defaultSearchPath() {
        Set<Path> dirs = new LinkedHashSet<>();
        String env = System.getenv("PATH");
        if (env != null) {
            for (String d : env.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        for (String d : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            dirs.add(Path.of(d));
        }
        return new ArrayList<>(dirs);
    }

    Optional<Path> find(String tool) {
        for (Path d : searchPath) {
            Path p = d.resolve(tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The required tools that are not there. */
    List<String> missing() {
        return REQUIRED.stream().filter(t -> find(t).isEmpty()).toList();
    }

    Optional<Path> commonConfig() {
        return COMMON_CONFIGS.stream().filter(Files::isRegularFile).findFirst();
    }

    /** The tool's path, or a failure naming the package to install. */
    Path require(String tool) throws BackendException {
        return find(tool).orElseThrow(() -> new BackendException(Reason.ENGINE_UNAVAILABLE, "the lxc backend needs " + tool
                + ", which is not installed on this host; " + hintFor(tool)));
    }

    private static String hintFor(String tool) {
        return switch (tool) {
            case "umoci" -> "install Debian's package umoci (apt-get install umoci)";
            case "tar" -> "install Debian's package tar";
            case "kill", "setsid" -> "install Debian's package util-linux or procps";
            default -> INSTALL_HINT;
        };
    }

    /** Runs {@code tool args...} with no input, and returns what it printed; fails when it overruns. */
    Result run(Duration timeout, String tool, String... args) throws BackendException {
        List<String> cmd = new ArrayList<>();
        cmd.add(require(tool).toString());
        cmd.addAll(List.of(args));
        return run(timeout, cmd);
    }

    Result run(Duration timeout, List<String> cmd) throws BackendException {
        Process p = start(new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()), pumps);
        String out = readAll(p.getInputStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new BackendException(Reason.OTHER, String.join(" ", cmd.subList(0, Math.min(cmd.size(), 6)))
                        + " did not finish within " + timeout.toSeconds() + " s and was killed; check the host's lxc (lxc-checkconfig)");
            }
            return new Result(p.exitValue(), out, err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BackendException(Reason.OTHER, "interrupted while waiting for " + Path.of(cmd.get(0)).getFileName(), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new Result(p.exitValue(), out, "");
        }
    }

    /** Starts a process, turning the JDK's failure into one sentence. */
    static Process start(ProcessBuilder pb) throws BackendException {
        try {
            return pb.start();
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot run " + pb.command().get(0) + ": " + e.getMessage());
        }
    }

    ExecutorService pumps() {
        return pumps;
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
