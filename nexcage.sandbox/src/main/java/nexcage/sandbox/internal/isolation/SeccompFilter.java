package nexcage.sandbox.internal.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The seccomp filter bubblewrap loads for every child ({@code --seccomp FD}): system calls no
 * plugin needs and that would undo the sandbox or reach the kernel's more dangerous corners fail
 * with EPERM; everything else is allowed. It is compiled to BPF by libseccomp, through its Python
 * binding (Debian's {@code python3-seccomp}), never by hand.
 */
public final class SeccompFilter {

    /** Denied with EPERM: namespaces and mounts (the sandbox's own walls), tracing, kernel modules and keys, raw kernel interfaces. */
    public static final List<String> DENIED = List.of("ptrace", "process_vm_readv", "process_vm_writev", "mount", "umount2",
            "pivot_root", "chroot", "unshare", "setns", "kexec_load", "kexec_file_load", "init_module", "finit_module",
            "delete_module", "reboot", "swapon", "swapoff", "bpf", "perf_event_open", "keyctl", "add_key", "request_key",
            "open_by_handle_at", "userfaultfd", "acct", "settimeofday", "clock_settime", "syslog", "quotactl");

    private static final String COMPILER = String.join("\n",
            "import errno, sys, seccomp",
            "f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)",
            "for name in sys.argv[2:]:",
            "    try:",
            "        f.add_rule(seccomp.ERRNO(errno.EPERM), name)",
            "    except Exception:",
            "        pass",
            "with open(sys.argv[1], 'wb') as out:",
            "    f.export_bpf(out)");

    /** The compiled filter, or why there is none. */
    public record Compiled(Path file, String whyNot) {
    }

    private SeccompFilter() {
    }

    /** Compiles the filter into {@code out}; a host without python3-seccomp gets the reason and the fix. */
    public static Compiled compile(Path out) {
        Path python = Files.isExecutable(Path.of("/usr/bin/python3")) ? Path.of("/usr/bin/python3") : HostTools.find("python3");
        if (python == null) {
            return new Compiled(null, "python3 and python3-seccomp, which compile it with libseccomp, are not installed: apt-get install python3-seccomp");
        }
        try {
            Files.createDirectories(out.getParent());
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            List<String> cmd = new java.util.ArrayList<>(List.of(python.toString(), "-c", COMPILER, tmp.toString()));
            cmd.addAll(DENIED);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Compiled(null, "compiling it with python3-seccomp did not finish in 20 s");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                String first = said.lines().filter(l -> l.contains("Error")).findFirst().orElse(said.strip());
                return new Compiled(null, first.contains("No module named") ? "python3-seccomp is not installed: apt-get install python3-seccomp"
                        : "compiling it with python3-seccomp failed: " + first);
            }
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Compiled(out, null);
        } catch (IOException e) {
            return new Compiled(null, "compiling it failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Compiled(null, "interrupted while compiling it");
        }
    }
}
