package nexcage.security.internal.audit;

import static nexcage.security.admin.AuditSeverity.HIGH;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import nexcage.api.Capability;

/**
 * The audit's table (DESIGN §5): the JDK and OSGi APIs whose use needs a capability, and what no
 * plugin may do whatever it declares. Owners are internal names. Choices: permission changes
 * ({@code setPosixFilePermissions}, {@code setWritable}, ...) count as {@code filesystem_write}
 * except {@code File.setExecutable}, which is {@code filesystem_execute}; {@code RandomAccessFile},
 * {@code Files.newByteChannel} and {@code FileChannel.open} can write, so they count as writes;
 * metadata reads ({@code Files.exists}, {@code size}) are not reads of content and are not listed.
 */
final class AuditRules {

    static final List<AuditRule> TABLE = build();

    /** Changes whenever the table does: cached reports of another table are not reused. */
    static final String FINGERPRINT = fingerprint(TABLE);

    private AuditRules() {
    }

    // one method on purpose, longer than most: the table reads top to bottom, one API per line
    private static List<AuditRule> build() {
        List<AuditRule> t = new ArrayList<>();
        Capability c = Capability.NETWORK_CLIENT;
        uses(t, c, "network_client", "java/net/Socket", "<init>", "connect");
        uses(t, c, "network_client", "java/net/URL", "openConnection", "openStream", "getContent");
        uses(t, c, "network_client", "java/net/http/HttpClient", "*");
        uses(t, c, "network_client", "java/nio/channels/SocketChannel", "open");
        uses(t, c, "network_client", "java/nio/channels/AsynchronousSocketChannel", "open");
        uses(t, c, "network_client", "javax/net/SocketFactory", "createSocket");
        uses(t, c, "network_client", "javax/net/ssl/SSLSocketFactory", "createSocket");

        c = Capability.NETWORK_SERVER;
        uses(t, c, "network_server", "java/net/ServerSocket", "<init>", "bind");
        uses(t, c, "network_server", "java/nio/channels/ServerSocketChannel", "open");
        uses(t, c, "network_server", "java/nio/channels/AsynchronousServerSocketChannel", "open");
        uses(t, c, "network_server", "javax/net/ServerSocketFactory", "createServerSocket");
        uses(t, c, "network_server", "javax/net/ssl/SSLServerSocketFactory", "createServerSocket");
        uses(t, c, "network_server", "com/sun/net/httpserver/HttpServer", "*");
        uses(t, c, "network_server", "com/sun/net/httpserver/HttpsServer", "*");

        c = Capability.NETWORK_RAW;
        uses(t, c, "network_raw", "java/net/DatagramSocket", "<init>");
        uses(t, c, "network_raw", "java/net/MulticastSocket", "<init>");
        uses(t, c, "network_raw", "java/nio/channels/DatagramChannel", "open");

        c = Capability.PROCESS_SPAWN;
        uses(t, c, "process_spawn", "java/lang/ProcessBuilder", "start", "startPipeline");
        uses(t, c, "process_spawn", "java/lang/Runtime", "exec");

        c = Capability.PROCESS_SIGNAL;
        uses(t, c, "process_signal", "java/lang/ProcessHandle", "destroy", "destroyForcibly");
        uses(t, c, "process_signal", "java/lang/Process", "destroy", "destroyForcibly");

        c = Capability.FILESYSTEM_WRITE;
        uses(t, c, "filesystem_write", "java/io/FileOutputStream", "<init>");
        uses(t, c, "filesystem_write", "java/io/FileWriter", "<init>");
        uses(t, c, "filesystem_write", "java/io/RandomAccessFile", "<init>");
        uses(t, c, "filesystem_write", "java/io/PrintWriter", "<init>(Ljava/lang/String;", "<init>(Ljava/io/File;");
        uses(t, c, "filesystem_write", "java/io/PrintStream", "<init>(Ljava/lang/String;", "<init>(Ljava/io/File;");
        uses(t, c, "filesystem_write", "java/nio/file/Files", "write", "writeString", "newOutputStream",
                "newBufferedWriter", "newByteChannel", "createFile", "createDirectory", "createDirectories",
                "createTempFile", "createTempDirectory", "createLink", "createSymbolicLink", "delete",
                "deleteIfExists", "move", "copy", "setLastModifiedTime");
        uses(t, c, "filesystem_write", "java/nio/channels/FileChannel", "open");
        uses(t, c, "filesystem_write", "java/nio/channels/AsynchronousFileChannel", "open");
        uses(t, c, "filesystem_write", "java/io/File", "delete", "deleteOnExit", "mkdir", "mkdirs", "renameTo",
                "createNewFile", "createTempFile", "setLastModified");
        uses(t, c, "filesystem_permissions", "java/nio/file/Files", "setPosixFilePermissions", "setAttribute",
                "setOwner");
        uses(t, c, "filesystem_permissions", "java/io/File", "setWritable", "setReadable", "setReadOnly");
        uses(t, Capability.FILESYSTEM_EXECUTE, "filesystem_execute", "java/io/File", "setExecutable");

        c = Capability.FILESYSTEM_READ;
        uses(t, c, "filesystem_read", "java/io/FileInputStream", "<init>");
        uses(t, c, "filesystem_read", "java/io/FileReader", "<init>");
        uses(t, c, "filesystem_read", "java/util/Scanner", "<init>(Ljava/io/File;", "<init>(Ljava/nio/file/Path;");
        uses(t, c, "filesystem_read", "java/nio/file/Files", "readAllBytes", "readAllLines", "readString", "lines",
                "newInputStream", "newBufferedReader", "list", "walk", "walkFileTree", "find", "newDirectoryStream");
        uses(t, c, "filesystem_read", "java/io/File", "list", "listFiles");

        forbidden(t, "system_exit", null, "java/lang/System", "exit");
        forbidden(t, "system_exit", null, "java/lang/Runtime", "exit", "halt");
        forbidden(t, "native_library", null, "java/lang/System", "load", "loadLibrary");
        forbidden(t, "native_library", null, "java/lang/Runtime", "load", "loadLibrary");
        for (String owner : List.of("java/lang/reflect/AccessibleObject", "java/lang/reflect/Executable",
                "java/lang/reflect/Method", "java/lang/reflect/Field", "java/lang/reflect/Constructor")) {
            forbidden(t, "set_accessible", null, owner, "setAccessible", "trySetAccessible");
        }
        forbidden(t, "private_lookup", null, "java/lang/invoke/MethodHandles", "privateLookupIn");
        // a class loader subclass calls its own (inherited) defineClass, so any owner counts
        forbidden(t, "define_class", null, AuditRule.ANY, "defineClass", "defineHiddenClass",
                "defineHiddenClassWithClassData");
        forbidden(t, "bundle_context", "every call is flagged: on another bundle it hands out that bundle's context",
                "org/osgi/framework/Bundle", "getBundleContext");
        t.add(new AuditRule("unsafe", null, HIGH, "sun/misc/Unsafe", AuditRule.ANY, null, true, null));
        t.add(new AuditRule("unsafe", null, HIGH, "jdk/internal/misc/Unsafe", AuditRule.ANY, null, true, null));
        return List.copyOf(t);
    }

    private static void uses(List<AuditRule> t, Capability capability, String rule, String owner, String... methods) {
        add(t, rule, capability, null, owner, methods);
    }

    private static void forbidden(List<AuditRule> t, String rule, String note, String owner, String... methods) {
        add(t, rule, null, note, owner, methods);
    }

    private static void add(List<AuditRule> t, String rule, Capability capability, String note, String owner,
            String... methods) {
        for (String m : methods) {
            int paren = m.indexOf('(');
            String name = paren < 0 ? m : m.substring(0, paren);
            String descriptor = paren < 0 ? null : m.substring(paren);
            t.add(new AuditRule(rule, capability, HIGH, owner, name, descriptor, false, note));
        }
    }

    private static String fingerprint(List<AuditRule> table) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            table.forEach(r -> sha.update((r + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
