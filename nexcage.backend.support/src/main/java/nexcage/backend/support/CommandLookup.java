package nexcage.backend.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds a container's command in its root file system before the runtime is asked to run it, as
 * the runtime itself would after entering it ({@code PATH} for a bare name, an empty entry meaning
 * the working directory as for execvp; the working directory for a relative path), following
 * symbolic links inside the root file system (an absolute target starts again from the root, never
 * from the host's). Why before: so that a command that is not there fails with 127 and one that
 * cannot be run with 126, as {@code docker run} tells them apart, whatever the runtime reports.
 */
public final class CommandLookup {
    /** How a command fares: runnable, not there, or there but not an executable file. */
    public enum Found { RUNNABLE, NOT_FOUND, NOT_INVOKABLE }

    private static final int MAX_LINKS = 40;

    private CommandLookup() {
    }

    /**
     * How {@code command} fares in {@code rootfs} with the container's {@code path} (colon
     * separated) and working directory {@code cwd} (null or blank: the root).
     */
    public static Found find(Path rootfs, String command, String path, String cwd) {
        if (command == null || command.isEmpty()) {
            return Found.NOT_FOUND;
        }
        String workdir = cwd == null || cwd.isBlank() ? "/" : cwd;
        if (command.contains("/")) {
            return check(resolve(rootfs, command.startsWith("/") ? command : workdir + "/" + command));
        }
        Found best = Found.NOT_FOUND;
        for (String dir : path.split(":")) {
            Found f = check(resolve(rootfs, (dir.isEmpty() ? workdir : dir) + "/" + command));
            if (f == Found.RUNNABLE) {
                return f;
            }
            if (f == Found.NOT_INVOKABLE) {
                best = f;
            }
        }
        return best;
    }

    private static Found check(Path p) {
        if (p == null || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return Found.NOT_FOUND;
        }
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.isExecutable(p) ? Found.RUNNABLE : Found.NOT_INVOKABLE;
    }

    /**
     * The host path of {@code inside} (a path as the container sees it, taken from its root), every
     * symbolic link resolved within {@code rootfs} ({@code ..} never leaves it); null when a link
     * loops or cannot be read.
     */
    public static Path resolve(Path rootfs, String inside) {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, inside);
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
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
                if (target.startsWith("/")) {
                    done.clear();
                }
                push(todo, target);
                continue;
            }
            done.addLast(part);
        }
        return join(rootfs, done);
    }

    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.push(parts[i]);
        }
    }

    private static Path join(Path rootfs, Iterable<String> parts) {
        Path p = rootfs;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }
}
