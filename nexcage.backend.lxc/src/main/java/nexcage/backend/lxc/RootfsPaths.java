package nexcage.backend.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Finds a container's command in its root file system before the start, as a container's runtime
 * finds it after entering it: symbolic links are followed inside the root (an absolute target
 * starts again from the root, never from the host's), and a bare name is looked up in the
 * container's PATH. Why before: lxc's init reports a command it cannot run only as exit 255, where
 * Docker's callers expect 127 (not found) or 126 (found, not runnable).
 */
final class RootfsPaths {

    enum Found { RUNNABLE, MISSING, NOT_RUNNABLE }

    private static final int MAX_LINKS = 40;

    private RootfsPaths() {
    }

    /** How {@code command} fares in {@code rootfs} with the container's {@code PATH} (colon separated) and working directory. */
    static Found find(Path rootfs, String command, String path, String workdir) {
        if (command.contains("/")) {
            String abs = command.startsWith("/") ? command : (workdir == null || workdir.isBlank() ? "/" : workdir) + "/" + command;
            return check(resolve(rootfs, abs));
        }
        Found best = Found.MISSING;
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Found f = check(resolve(rootfs, dir + "/" + command));
            if (f == Found.RUNNABLE) {
                return f;
            }
            if (f == Found.NOT_RUNNABLE) {
                best = f;
            }
        }
        return best;
    }

    private static Found check(Path p) {
        if (p == null || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return Found.MISSING;
        }
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.isExecutable(p) ? Found.RUNNABLE : Found.NOT_RUNNABLE;
    }

    /**
     * The host path of {@code absolute} inside {@code rootfs}, every link followed within it; null
     * when a link loops or a component is missing.
     */
    static Path resolve(Path rootfs, String absolute) {
        Deque<String> todo = new ArrayDeque<>(parts(absolute));
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                done.pollLast();
                continue;
            }
            Path here = join(rootfs, done).resolve(part);
            if (Files.isSymbolicLink(here)) {
                if (++links > MAX_LINKS) {
                    return null;
                }
                String target;
                try {
                    target = Files.readSymbolicLink(here).toString();
                } catch (IOException e) {
                    return null;
                }
                List<String> t = parts(target);
                for (int i = t.size() - 1; i >= 0; i--) {
                    todo.addFirst(t.get(i));
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                continue;
            }
            done.addLast(part);
        }
        return join(rootfs, done);
    }

    private static List<String> parts(String path) {
        return List.of(path.split("/"));
    }

    private static Path join(Path rootfs, Deque<String> parts) {
        Path p = rootfs;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }
}
