package nexcage.sandbox.bridge.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The jars a child JVM runs: on its class path Felix, NexCage's API and the child's own jar; as
 * bundles Declarative Services and ConfigAdmin with what they import. Where they come from: the
 * runtime jar the launcher started (its {@code jar/} entries, unpacked into {@code lib} and kept),
 * else the files the daemon's own bundles were installed from (a test, an embedding), and the child
 * jar from inside the bridge bundle.
 */
record ChildRuntime(Path javaCommand, List<Path> classPath, List<Path> bundles) {

    /** Bundle symbolic names on the child's class path, in order, then those it installs. */
    static final List<String> CLASS_PATH = List.of("org.apache.felix.framework", "nexcage.api");
    static final List<String> BUNDLES = List.of("org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component",
            "org.apache.felix.scr", "org.apache.felix.configadmin");
    static final String CHILD_JAR = "child/nexcage.sandbox.child.jar";

    ChildRuntime {
        classPath = List.copyOf(classPath);
        bundles = List.copyOf(bundles);
    }

    /** Every file the child reads, for the isolation's read-only binds. */
    List<Path> files() {
        List<Path> all = new ArrayList<>(classPath);
        all.addAll(bundles);
        return all;
    }

    /**
     * Finds the jars.
     *
     * @param installed the file each runtime bundle was installed from, by symbolic name, where known
     * @param runtimeJar the launcher's runtime jar, or null
     * @param lib where to unpack what has no file of its own
     * @param childJar the child's own jar ({@link #childJar})
     */
    static ChildRuntime locate(Map<String, Path> installed, Path runtimeJar, Path lib, Path felixJar, Path childJar)
            throws IOException {
        Files.createDirectories(lib);
        // the runtime jar's copies first: unpacked once and kept, their time stamps hold still for the CDS archive
        boolean fromRuntimeJar = runtimeJar != null && Files.isRegularFile(runtimeJar);
        List<Path> cp = new ArrayList<>();
        for (String bsn : CLASS_PATH) {
            Path p = bsn.equals("org.apache.felix.framework") && felixJar != null ? felixJar : installed.get(bsn);
            cp.add(fromRuntimeJar || p == null ? unpack(runtimeJar, bsn, lib) : p);
        }
        cp.add(childJar);
        List<Path> bundles = new ArrayList<>();
        for (String bsn : BUNDLES) {
            Path p = installed.get(bsn);
            bundles.add(fromRuntimeJar || p == null ? unpack(runtimeJar, bsn, lib) : p);
        }
        return new ChildRuntime(Path.of(System.getProperty("java.home"), "bin", "java"), cp, bundles);
    }

    /** The runtime jar's entry {@code jar/NAME-VERSION.jar} for the bundle, unpacked into lib once. */
    private static Path unpack(Path runtimeJar, String bsn, Path lib) throws IOException {
        if (runtimeJar == null || !Files.isRegularFile(runtimeJar)) {
            throw new IOException("the sandbox needs " + bsn + " for the child JVM, and neither an installed file nor the runtime jar"
                    + " (nexcage.runtime.jar) has it; start the daemon with the launcher nexcage");
        }
        try (JarFile jar = new JarFile(runtimeJar.toFile())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                String name = e.getName();
                if (name.startsWith("jar/") && name.endsWith(".jar") && bsnOf(jar, e).equals(bsn)) {
                    Path target = lib.resolve(name.substring(4));
                    if (!Files.isRegularFile(target) || Files.size(target) != e.getSize()) {
                        copy(jar.getInputStream(e), target);
                    }
                    return target;
                }
            }
        }
        throw new IOException("the runtime jar " + runtimeJar + " has no bundle " + bsn + "; rebuild it with the sandbox bridge");
    }

    private static String bsnOf(JarFile outer, JarEntry e) throws IOException {
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(outer.getInputStream(e))) {
            java.util.jar.Manifest m = in.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? "" : bsn.split(";")[0].trim();
        }
    }

    /** The child's jar, written into lib from inside the bridge bundle (unchanged bytes keep the file as it is). */
    static Path childJar(Path lib) throws IOException {
        Files.createDirectories(lib);
        Path target = lib.resolve("nexcage.sandbox.child.jar");
        try (InputStream in = ChildRuntime.class.getClassLoader().getResourceAsStream(CHILD_JAR)) {
            if (in == null) {
                throw new IOException("the bridge bundle has no " + CHILD_JAR + "; rebuild nexcage.sandbox.bridge");
            }
            byte[] bytes = in.readAllBytes();
            // the same bytes keep the file (and its time stamp, which the child's CDS archive checks)
            if (!Files.isRegularFile(target) || !java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
                copy(new java.io.ByteArrayInputStream(bytes), target);
            }
        }
        return target;
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".unpack", ".jar");
        try (in) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
