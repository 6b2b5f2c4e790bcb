package nexcage.backend.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerStatus;

/**
 * The backend's lxcpath (the folder every {@code lxc-*} call gets with {@code -P}): which containers
 * are there, their state as lxc reports it, and their {@link ContainerInfo}. Containers are lxc's
 * own, so they outlive the daemon: a new daemon finds them here.
 */
final class Lxcpath {

    static final Duration QUICK = Duration.ofSeconds(30);

    /** What lxc says of a container now: its state word (RUNNING, STOPPED, ...) and its init's pid on the host (0 when none). */
    record State(String word, long pid) {
        boolean running() {
            return switch (word) {
                case "RUNNING", "STARTING", "STOPPING", "ABORTING", "FREEZING", "FROZEN", "THAWED" -> true;
                default -> false;
            };
        }
    }

    private final Path root;
    private final LxcTools tools;
    private final String backend;

    Lxcpath(Path root, LxcTools tools, String backend) {
        this.root = root;
        this.tools = tools;
        this.backend = backend;
    }

    Path root() {
        return root;
    }

    ContainerPaths paths(String id) {
        return new ContainerPaths(root.resolve(id));
    }

    boolean exists(String id) {
        return Files.isRegularFile(paths(id).config());
    }

    /** The container's paths, or NO_SUCH_CONTAINER. */
    ContainerPaths existing(String id) throws BackendException {
        if (id == null || id.isEmpty() || id.contains("/") || id.startsWith(".") || !exists(id)) {
            throw new BackendException(Reason.NO_SUCH_CONTAINER, "no container " + id + " on the lxc backend (lxcpath " + root
                    + "); list them with 'nexcage list --all'");
        }
        return paths(id);
    }

    /** The names of the containers here (folders holding an lxc config), as lxc-ls finds them. */
    List<String> names() throws BackendException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("config"))).map(d -> d.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot list the lxc backend's containers in " + root + ": " + e.getMessage());
        }
    }

    State state(String id) throws BackendException {
        LxcTools.Result r = tools.run(QUICK, "lxc-info", "-P", root.toString(), "-n", id, "-s", "-p");
        String word = "STOPPED";
        long pid = 0;
        for (String line : r.out().split("\n")) {
            String[] kv = line.split(":", 2);
            if (kv.length == 2 && kv[0].strip().equals("State")) {
                word = kv[1].strip().toUpperCase(Locale.ROOT);
            } else if (kv.length == 2 && kv[0].strip().equals("PID")) {
                pid = parsePid(kv[1].strip());
            }
        }
        if (!r.ok() && !exists(id)) {
            existing(id);
        }
        return new State(word, pid);
    }

    /** Every container's state in one lxc-ls call. */
    Map<String, State> states() throws BackendException {
        Map<String, State> out = new HashMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        LxcTools.Result r = tools.run(QUICK, "lxc-ls", "-P", root.toString(), "--fancy", "-F", "NAME,STATE,PID");
        if (!r.ok()) {
            throw new BackendException(Reason.ENGINE_UNAVAILABLE, "lxc-ls -P " + root + " failed (" + r.complaint()
                    + "); check the host's lxc with lxc-checkconfig");
        }
        List<String> lines = r.out().lines().toList();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 2) {
                out.put(f[0], new State(f[1].toUpperCase(Locale.ROOT), f.length > 2 ? parsePid(f[2]) : 0));
            }
        }
        return out;
    }

    private static long parsePid(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException none) {
            return 0;
        }
    }

    /** The container as NexCage shows it, from its record, lxc's state and the log of its last start. */
    ContainerInfo info(String id, State state) {
        ContainerPaths p = paths(id);
        ContainerRecord r = ContainerRecord.read(p.dir());
        RunLog log = runLog(p);
        ContainerStatus status;
        if (state.running()) {
            status = state.word().startsWith("FR") ? ContainerStatus.PAUSED : ContainerStatus.RUNNING;
        } else if (state.word().equals("STOPPED")) {
            status = log.started() ? ContainerStatus.STOPPED : ContainerStatus.CREATED;
        } else {
            status = ContainerStatus.UNKNOWN;
        }
        Integer exit = status == ContainerStatus.STOPPED ? log.exitCode() : null;
        long pid = status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED ? state.pid() : 0;
        if (r == null) {
            // made by hand in this lxcpath (lxc-create -P ...): shown, with what lxc knows
            return new ContainerInfo(id, id, "-", status, backend, modified(p.config()), pid, exit, Map.of());
        }
        return new ContainerInfo(id, id, r.image(), status, backend, r.created(), pid, exit, r.labels());
    }

    static RunLog runLog(ContainerPaths p) {
        try {
            return RunLog.parse(Files.readString(p.runLog()));
        } catch (IOException | RuntimeException none) {
            return new RunLog(false, null, List.of());
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    /** The pid of the container's command: the child of lxc's init when the container runs one, else the init itself. */
    static long commandPid(long initPid, boolean underLxcInit) {
        if (!underLxcInit) {
            return initPid;
        }
        try {
            String children = Files.readString(Path.of("/proc", Long.toString(initPid), "task", Long.toString(initPid), "children")).strip();
            return children.isEmpty() ? initPid : Long.parseLong(children.split("\\s+")[0]);
        } catch (IOException | RuntimeException gone) {
            return initPid;
        }
    }
}
