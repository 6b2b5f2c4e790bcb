package nexcage.sandbox.internal.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing the small text files of a cgroup hierarchy, the same on v1 and v2. */
final class CgroupFiles {
    private CgroupFiles() {
    }

    /** Writes the value; on failure adds the phrase to {@code notApplied} and returns false. */
    static boolean write(Path file, String value, String phrase, List<String> notApplied) {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | RuntimeException e) {
            notApplied.add(phrase + " (cannot write " + file + ": " + reason(e) + ")");
            return false;
        }
    }

    /** The first whole number of the file, or of its line starting with {@code key} (a space follows it); -1 when unknown. */
    static long number(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String l = line.trim();
                if (key == null) {
                    return Long.parseLong(l);
                }
                if (l.startsWith(key + " ")) {
                    return Long.parseLong(l.substring(key.length() + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return -1;
    }

    static List<Long> pids(Path procs) {
        List<Long> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(procs, StandardCharsets.US_ASCII)) {
                if (!line.isBlank()) {
                    out.add(Long.parseLong(line.trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the group is gone
        }
        return out;
    }

    static void killAll(List<Long> pids) {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** Removes the directories (rmdir), retrying for about a second while the kernel still counts exiting tasks. */
    static boolean removeDirs(List<Path> dirs) {
        boolean all = true;
        for (Path d : dirs) {
            boolean gone = false;
            for (int i = 0; i < 50 && !gone; i++) {
                try {
                    Files.deleteIfExists(d);
                    gone = true;
                } catch (IOException e) {
                    killAll(pids(d.resolve("cgroup.procs")));
                    pause(20);
                }
            }
            all &= gone;
        }
        return all;
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms); // a bounded retry interval, not a wait for an event: the kernel offers none here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String reason(Exception e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
