package nexcage.sandbox.internal.isolation;

import java.nio.file.Path;
import java.util.List;

/** One child's control group, made for it before it starts and removed when it has ended. */
public interface Cgroup {

    /** Where it is, for messages (the memory controller's directory on v1). */
    Path path();

    /** The files a process writes its pid into to join every controller of the group. */
    List<Path> procsFiles();

    /** The limits this group holds in name only (a controller missing or a file not writable), one phrase each. */
    List<String> notApplied();

    /**
     * Puts the CPU quota in force. A group starts without one: a JVM's start takes a second or two
     * of CPU, which a quota of a few percent would stretch to half a minute; the quota holds the
     * plugin once it runs.
     */
    void limitCpu();

    /** How often the kernel's OOM killer has killed a task of the group (0 when it cannot tell). */
    long oomKills();

    /** The group's memory now, in bytes, or -1 when unknown. */
    long memoryBytes();

    /** The CPU time the group has used, in nanoseconds, or -1 when unknown. */
    long cpuNanos();

    /** The tasks (threads of every process) in the group now, or -1 when unknown. */
    int tasks();

    /** The processes in the group now. */
    List<Long> pids();

    /** Kills every process left in the group. */
    void killAll();

    /** Removes the group once it is empty (waiting briefly for the kernel to let the last tasks go); false if it is still there. */
    boolean remove();
}
