package nexcage.sandbox.internal.isolation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wraps a child's command in the host's real tools (DESIGN §5, "Sandboxed plugins"): a tiny
 * {@code sh} that writes its own pid into the child's cgroup (so the JVM starts inside it and
 * every thread it makes counts), then {@code exec}s {@code prlimit} for RLIMIT_NOFILE, which
 * {@code exec}s bubblewrap with the namespaces, the read-only root, the writable directories and
 * the seccomp filter, which starts the command. One pid all the way down to bubblewrap. What could
 * not be applied is in the result, never left out quietly.
 */
public final class Isolation {

    /** The command to start, its environment, the group it joins (null: none) and what it holds in name only. */
    public record Wrapped(List<String> argv, Map<String, String> environment, Cgroup cgroup, List<String> notApplied) {
    }

    /** The sh that joins the cgroup: {@code sh -c SCRIPT nexcage-sandbox N PROCS... SECCOMP CMD...}. */
    static final String JOIN_SCRIPT = "n=$1; shift; while [ \"$n\" -gt 0 ]; do "
            + "echo $$ > \"$1\" || { echo \"nexcage-sandbox: cannot join the cgroup at $1\" >&2; exit 97; }; shift; n=$((n-1)); done; "
            + "f=$1; shift; if [ -n \"$f\" ]; then exec \"$@\" 3< \"$f\"; else exec \"$@\"; fi";

    /** The exit status of the join script when the child could not join its cgroup. */
    public static final int JOIN_FAILED = 97;

    private Isolation() {
    }

    /**
     * The wrapped command. {@code groupName} names the cgroup (unique per start); a cgroup that
     * cannot be made at all leaves the limits in {@code notApplied}.
     */
    public static Wrapped wrap(IsolationRequest r, HostTools tools, String groupName) {
        List<String> notApplied = new ArrayList<>();
        Cgroup cgroup = null;
        if (tools.cgroups() == null) {
            notApplied.add("memory, CPU and pids limits (" + tools.whyNoCgroups() + ")");
        } else {
            try {
                cgroup = tools.cgroups().create(groupName, r.limits());
                notApplied.addAll(cgroup.notApplied());
            } catch (IOException e) {
                notApplied.add("memory, CPU and pids limits (" + e.getMessage() + ")");
            }
        }
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", JOIN_SCRIPT, "nexcage-sandbox"));
        List<Path> procs = cgroup == null ? List.of() : cgroup.procsFiles();
        argv.add(Integer.toString(procs.size()));
        procs.forEach(p -> argv.add(p.toString()));
        boolean seccomp = tools.bwrap() != null && tools.seccompFilter() != null;
        argv.add(seccomp ? tools.seccompFilter().toString() : "");
        if (tools.prlimit() != null) {
            argv.add(tools.prlimit().toString());
            argv.add("--nofile=" + r.limits().nofile() + ":" + r.limits().nofile());
            argv.add("--");
        } else {
            notApplied.add("open-file limit (prlimit is not installed: apt-get install util-linux)");
        }
        if (tools.bwrap() != null) {
            argv.add(tools.bwrap().toString());
            argv.addAll(bubblewrap(r, seccomp));
            argv.add("--");
            if (!seccomp) {
                notApplied.add("seccomp filter (" + tools.whyNoSeccomp() + ")");
            }
        } else {
            notApplied.add("namespaces, read-only root and network isolation (bubblewrap is not installed: apt-get install bubblewrap)");
            notApplied.add("seccomp filter (bubblewrap, which loads it, is not installed)");
        }
        argv.addAll(r.argv());
        Map<String, String> env = new LinkedHashMap<>(r.environment());
        env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("TMPDIR", tools.bwrap() != null ? "/tmp" : r.tmpDir().toString());
        // an OutOfMemoryError in a child that holds one plugin means the plugin went past its memory: the child ends (and
        // its death says so) rather than limp on with a thread dead somewhere
        env.put("JDK_JAVA_OPTIONS", "-XX:+ExitOnOutOfMemoryError");
        return new Wrapped(List.copyOf(argv), Map.copyOf(env), cgroup, List.copyOf(notApplied));
    }

    /**
     * bubblewrap's options: the host's root read-only, fresh /dev and /proc, the private temporary
     * directory as /tmp, then the read-only and writable paths bound again on top (they may lie
     * under /tmp), new pid, ipc and uts namespaces (and network unless the plugin may use it), no
     * capabilities, and the child dies with its parent.
     */
    static List<String> bubblewrap(IsolationRequest r, boolean seccomp) {
        List<String> a = new ArrayList<>(List.of("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                "--bind", r.tmpDir().toString(), "/tmp"));
        for (Path p : r.readOnlyPaths()) {
            a.addAll(List.of("--ro-bind", p.toString(), p.toString()));
        }
        List<Path> writable = new ArrayList<>(List.of(r.dataDir(), r.socketDir()));
        r.writablePaths().stream().filter(p -> !writable.contains(p)).forEach(writable::add);
        for (Path p : writable) {
            a.addAll(List.of("--bind", p.toString(), p.toString()));
        }
        a.addAll(List.of("--unshare-pid", "--unshare-ipc", "--unshare-uts"));
        if (!r.network()) {
            a.add("--unshare-net");
        }
        a.addAll(List.of("--cap-drop", "ALL", "--die-with-parent", "--new-session", "--chdir", "/tmp"));
        if (seccomp) {
            a.addAll(List.of("--seccomp", "3"));
        }
        return a;
    }
}
