package nexcage.sandbox.internal.life;

import java.util.List;

/**
 * How a child ended: its exit status (bubblewrap passes the command's on; 128 + N for a signal),
 * whether the kernel's OOM killer killed a process of its cgroup, its last stderr lines, and
 * whether the sandbox had asked it to stop. A plugin's memory is held twice: its heap by the child
 * JVM (which exits on an OutOfMemoryError) and the whole child by its cgroup (the kernel kills it);
 * either is "its memory limit was exceeded".
 */
public record Death(int exitStatus, boolean oomKilled, List<String> lastStderr, boolean requested) {

    /** A JVM's exit status under {@code -XX:+ExitOnOutOfMemoryError} (its heap, {@code max_memory_mb}, was full). */
    static final int OOM_EXIT = 3;

    /** One sentence for {@code plugin list}'s reason. */
    public String reason(int memoryLimitMb) {
        return reason(memoryLimitMb, -1);
    }

    /** One sentence for {@code plugin list}'s reason, knowing the plugin's {@code max_threads} (-1: not known). */
    public String reason(int memoryLimitMb, int maxThreads) {
        boolean jvmOom = exitStatus == OOM_EXIT && lastStderr.stream().anyMatch(l -> l.contains("OutOfMemoryError"));
        if (jvmOom && lastStderr.stream().anyMatch(l -> l.contains("unable to create native thread"))) {
            return "killed: it reached its thread limit" + (maxThreads > 0 ? " (max_threads " + maxThreads + " and the JVM's own)" : "");
        }
        if (oomKilled || jvmOom) {
            return "killed: its memory limit of " + memoryLimitMb + " MB was exceeded";
        }
        if (exitStatus == nexcage.sandbox.internal.isolation.Isolation.JOIN_FAILED) {
            return "its child could not join its cgroup" + lastLine();
        }
        if (exitStatus > 128 && exitStatus < 128 + 65) {
            return "its child process was killed by signal " + (exitStatus - 128) + signalName(exitStatus - 128) + lastLine();
        }
        if (exitStatus == 0) {
            return "its child process exited (status 0)";
        }
        return "its child process crashed with exit status " + exitStatus + lastLine();
    }

    private String lastLine() {
        for (int i = lastStderr.size() - 1; i >= 0; i--) {
            String l = lastStderr.get(i).strip();
            if (!l.isEmpty() && !l.startsWith("at ")) {
                return l.length() > 200 ? ": " + l.substring(0, 200) + "..." : ": " + l;
            }
        }
        return "";
    }

    private static String signalName(int sig) {
        return switch (sig) {
            case 6 -> " (SIGABRT)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }
}
