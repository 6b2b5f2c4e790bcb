package nexcage.backend.oci;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A container's OCI runtime configuration ({@code config.json}), written with Jackson: the
 * command under the init binary (so that signals reach it, as the Docker backend's containers run
 * with an init), the image's environment and user, the labels as annotations, Docker's default
 * capabilities and masked paths, and namespaces for pid, ipc, uts, mount and, unless the network
 * is the host's, network (a new network namespace holds only {@code lo}).
 */
final class BundleSpec {
    /** Where the init binary is bind-mounted: under /dev (a tmpfs), so the image's files stay untouched. */
    static final String INIT_PATH = "/dev/init";

    /** Docker's default capabilities. */
    static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware");
    static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private static final ObjectMapper JSON = new ObjectMapper();

    private BundleSpec() {
    }

    /**
     * The configuration of container {@code id}: {@code command} (the image's when empty), under
     * {@code init} (a static init such as tini, bind-mounted read-only) when not null.
     */
    static ObjectNode config(String id, List<String> command, ImageConfig image, Map<String, String> labels,
            boolean hostNetwork, String init) {
        ObjectNode c = JSON.createObjectNode();
        c.put("ociVersion", "1.0.2");
        ObjectNode process = c.putObject("process");
        process.put("terminal", false);
        ObjectNode user = process.putObject("user");
        user.put("uid", image.uid());
        user.put("gid", image.gid());
        ArrayNode args = process.putArray("args");
        if (init != null) {
            args.add(INIT_PATH).add("--");
        }
        (command.isEmpty() ? image.args() : command).forEach(args::add);
        ArrayNode env = process.putArray("env");
        image.envWithPath().forEach(env::add);
        env.add("HOSTNAME=" + hostname(id));
        process.put("cwd", image.cwd());
        ObjectNode caps = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            ArrayNode a = caps.putArray(set);
            CAPABILITIES.forEach(a::add);
        }
        // no rlimits: the container keeps the daemon's (a higher NOFILE than the host allows fails the start)

        ObjectNode root = c.putObject("root");
        root.put("path", "rootfs");
        root.put("readonly", false);
        c.put("hostname", hostname(id));
        mounts(c.putArray("mounts"), hostNetwork, init);
        ObjectNode annotations = c.putObject("annotations");
        new TreeMap<>(labels).forEach(annotations::put);

        ObjectNode linux = c.putObject("linux");
        ObjectNode devices = linux.putObject("resources").putArray("devices").addObject();
        devices.put("allow", false).put("access", "rwm");
        linux.put("cgroupsPath", "/nexcage-oci/" + id);
        ArrayNode ns = linux.putArray("namespaces");
        for (String type : List.of("pid", "ipc", "uts", "mount")) {
            ns.addObject().put("type", type);
        }
        if (!hostNetwork) {
            ns.addObject().put("type", "network");
        }
        ArrayNode masked = linux.putArray("maskedPaths");
        MASKED.forEach(masked::add);
        ArrayNode ro = linux.putArray("readonlyPaths");
        READ_ONLY.forEach(ro::add);
        return c;
    }

    static byte[] bytes(ObjectNode config) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a container configuration could not be written as JSON", e);
        }
    }

    /** The UTS host name: the id, cut to the kernel's 64 bytes. */
    static String hostname(String id) {
        return id.length() > 63 ? id.substring(0, 63) : id;
    }

    private static void mounts(ArrayNode m, boolean hostNetwork, String init) {
        mount(m, "/proc", "proc", "proc");
        mount(m, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
        mount(m, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5");
        mount(m, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
        mount(m, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
        mount(m, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
        if (hostNetwork) {
            // the host's name resolution with its network, as docker run --network host gives
            mount(m, "/etc/resolv.conf", "bind", "/etc/resolv.conf", "rbind", "ro");
            mount(m, "/etc/hosts", "bind", "/etc/hosts", "rbind", "ro");
        }
        if (init != null) {
            mount(m, INIT_PATH, "bind", init, "bind", "ro");
        }
    }

    private static void mount(ArrayNode m, String destination, String type, String source, String... options) {
        ObjectNode o = m.addObject();
        o.put("destination", destination).put("type", type).put("source", source);
        if (options.length > 0) {
            ArrayNode a = o.putArray("options");
            for (String s : options) {
                a.add(s);
            }
        }
    }
}
