package nexcage.backend.oci;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Finds a container's command in its root file system before the runtime is asked to run it, as
 * the runtime itself would ({@code PATH} for a bare name, the working directory for a relative
 * path), following symbolic links inside the root file system: so that a command that is not there
 * fails with 127 and one that cannot be run with 126, as {@code docker run} tells them apart.
 */
final class CommandLookup {
    enum Found { RUNNABLE, NOT_FOUND, NOT_INVOKABLE }

    private static final int MAX_LINKS = 40;

    private CommandLookup() {
    }

    static Found find(Path rootfs, String command, String path, String cwd) {
        if (command == null || command.isEmpty()) {
            return Found.NOT_FOUND;
        }
        if (command.contains("/")) {
            String abs = command.startsWith("/") ? command : (cwd.endsWith("/") ? cwd : cwd + "/") + command;
            return check(resolve(rootfs, abs));
        }
        boolean seenNotInvokable = false;
        for (String dir : path.split(":")) {
            String d = dir.isEmpty() ? cwd : dir;
            Found f = check(resolve(rootfs, (d.startsWith("/") ? d : "/" + d) + "/" + command));
            if (f == Found.RUNNABLE) {
                return f;
            }
            seenNotInvokable |= f == Found.NOT_INVOKABLE;
        }
        return seenNotInvokable ? Found.NOT_INVOKABLE : Found.NOT_FOUND;
    }

    private static Found check(Path p) {
        if (p == null || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return Found.NOT_FOUND;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(p)) {
            return Found.NOT_INVOKABLE;
        }
        return Found.RUNNABLE;
    }

    /**
     * The host path of {@code inside} (absolute, as the container sees it), with every symbolic link
     * resolved as inside the container (an absolute target starts again at the root file system, and
     * {@code ..} never leaves it); null when a link loops or a component is missing.
     */
    static Path resolve(Path rootfs, String inside) {
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        push(todo, inside);
        java.util.ArrayList<String> done = new java.util.ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
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
                } catch (java.io.IOException e) {
                    return null;
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                push(todo, target);
                continue;
            }
            done.add(part);
        }
        return join(rootfs, done);
    }

    private static void push(java.util.ArrayDeque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.push(parts[i]);
        }
    }

    private static Path join(Path rootfs, java.util.List<String> parts) {
        Path p = rootfs;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }
}
