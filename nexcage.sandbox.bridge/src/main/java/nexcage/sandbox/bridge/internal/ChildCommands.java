package nexcage.sandbox.bridge.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import nexcage.sandbox.bridge.ChildCommand;

/**
 * The command line of a plugin's child JVM: a small JVM (C1 only, serial GC, a heap of the plugin's
 * {@code max_memory_mb} with a floor Felix needs), a framework cache kept per plugin and jar, and an
 * AppCDS archive the first start writes and every later start maps. The JVM's own log is errors
 * only: writing the archive warns of every class it skips.
 */
final class ChildCommands {
    /** The least heap Felix, Declarative Services and ConfigAdmin start in. */
    static final int MIN_HEAP_MB = 32;
    private static final Pattern MEMORY = Pattern.compile("(?:^|;)\\s*max_memory_mb\\s*=\\s*(\\d+)");

    private ChildCommands() {
    }

    static ChildCommand of(ChildRuntime runtime, String plugin, Path jar, Path socket, Path dataDir, Path tmpDir, Path cacheRoot)
            throws IOException {
        Path cache = cacheRoot.resolve(plugin + "-" + digest(jar, runtime));
        Files.createDirectories(cache);
        List<String> argv = new ArrayList<>();
        argv.add(runtime.javaCommand().toString());
        argv.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:CICompilerCount=1", "-Xss512k",
                "-XX:-UsePerfData", "-Xshare:auto", "-Xlog:disable", "-Xlog:all=error:stderr", "-Xmx" + Math.max(MIN_HEAP_MB, maxMemoryMb(jar)) + "m"));
        argv.addAll(cds(cache.resolve("child.jsa")));
        argv.add("-Djava.io.tmpdir=" + tmpDir);
        argv.add("-cp");
        argv.add(runtime.classPath().stream().map(Path::toString).collect(Collectors.joining(":")));
        argv.add("nexcage.sandbox.child.ChildMain");
        argv.addAll(List.of("--plugin", plugin, "--jar", jar.toString(), "--socket", socket.toString(), "--cache",
                cache.resolve("felix").toString(), "--data", dataDir.toString(), "--bundles",
                runtime.bundles().stream().map(Path::toString).collect(Collectors.joining(","))));
        List<Path> readOnly = new ArrayList<>();
        readOnly.add(Path.of(System.getProperty("java.home")));
        readOnly.addAll(runtime.files());
        readOnly.add(jar);
        return new ChildCommand(argv, Map.of(), readOnly, List.of(cache, dataDir, tmpDir));
    }

    /** Maps the archive when the first start has written it; otherwise asks this start to write it as it exits. */
    static List<String> cds(Path archive) {
        if (Runtime.version().feature() >= 19) {
            return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive);
        }
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive)
                : List.of("-XX:ArchiveClassesAtExit=" + archive);
    }

    /** max_memory_mb of the plugin's NexCage-Resources header, or 0. */
    static int maxMemoryMb(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            String resources = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue("NexCage-Resources");
            if (resources == null) {
                return 0;
            }
            Matcher m = MEMORY.matcher(resources);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }
    }

    /** Which plugin jar, on which child runtime: a cache (and CDS archive) is only reused for the same. */
    static String digest(Path jar, ChildRuntime runtime) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(jar)) {
                byte[] buf = new byte[65536];
                for (int n; (n = in.read(buf)) > 0;) {
                    md.update(buf, 0, n);
                }
            }
            for (Path p : runtime.files()) {
                md.update((p + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            md.update(System.getProperty("java.home").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
