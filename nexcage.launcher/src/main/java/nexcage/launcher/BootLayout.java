package nexcage.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.felix.atomos.Atomos;
import org.osgi.framework.launch.Framework;

/**
 * Lays out the daemon's class path at build time (runtime.pom.xml, after bnd's export): the jars of
 * runtime.jar's run bundles, Felix, Atomos and this launcher into DIR, and DIR/{@value #BOOT_JAR},
 * whose manifest names them all (Class-Path, in runtime.bndrun's order) and which carries
 * runtime.jar's launch properties. On one class path two jars holding the same class collapse to
 * the first one's, harmless only while the copies are identical: the layout fails when they are not.
 * Usage: BootLayout RUNTIME_JAR DIR
 */
public final class BootLayout {
    static final String BOOT_JAR = "nexcage-boot.jar";

    private BootLayout() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BootLayout RUNTIME_JAR DIR");
        }
        write(Path.of(args[0]), Path.of(args[1]));
    }

    static void write(Path runtimeJar, Path dir) throws IOException {
        deleteJars(dir);
        Files.createDirectories(dir);
        List<String> classPath = new ArrayList<>();
        for (Class<?> c : List.of(AtomosLauncher.class, Framework.class, Atomos.class)) {
            Path jar = jarOf(c);
            Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            classPath.add(jar.getFileName().toString());
        }
        byte[] properties;
        try (JarFile runtime = new JarFile(runtimeJar.toFile())) {
            properties = runtime.getInputStream(entry(runtime, LaunchProperties.RESOURCE)).readAllBytes();
            LaunchProperties launch = LaunchProperties.read(new java.io.ByteArrayInputStream(properties));
            for (LaunchProperties.RunBundle b : launch.bundles()) {
                try (InputStream in = runtime.getInputStream(entry(runtime, "jar/" + b.fileName()))) {
                    Files.copy(in, dir.resolve(b.fileName()), StandardCopyOption.REPLACE_EXISTING);
                }
                classPath.add(b.fileName());
            }
        }
        checkSplitClasses(dir, classPath);
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, AtomosLauncher.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (OutputStream out = Files.newOutputStream(dir.resolve(BOOT_JAR)); JarOutputStream jar = new JarOutputStream(out, m)) {
            JarEntry e = new JarEntry(LaunchProperties.RESOURCE);
            e.setTime(0);
            jar.putNextEntry(e);
            jar.write(properties);
            jar.closeEntry();
        }
    }

    /** Fails when two jars of the class path hold different bytes under one class name. */
    static void checkSplitClasses(Path dir, List<String> classPath) throws IOException {
        Map<String, String> first = new HashMap<>();
        Map<String, byte[]> digests = new HashMap<>();
        List<String> conflicts = new ArrayList<>();
        for (String name : classPath) {
            try (JarFile jar = new JarFile(dir.resolve(name).toFile())) {
                for (JarEntry e : java.util.Collections.list(jar.entries())) {
                    String n = e.getName();
                    if (!n.endsWith(".class") || n.startsWith("META-INF/") || n.endsWith("module-info.class")) {
                        continue;
                    }
                    byte[] d = digest(jar, e);
                    String owner = first.putIfAbsent(n, name);
                    if (owner == null) {
                        digests.put(n, d);
                    } else if (!Arrays.equals(digests.get(n), d)) {
                        conflicts.add(n + " (" + owner + ", " + name + ")");
                    }
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalStateException("the runtime's jars hold different classes under the same name, which one class path"
                    + " cannot load side by side: " + conflicts + "; give the bundles one copy (or the same version) of these packages");
        }
    }

    private static byte[] digest(JarFile jar, JarEntry e) throws IOException {
        try (InputStream in = jar.getInputStream(e)) {
            return MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
        } catch (NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
    }

    private static JarEntry entry(JarFile jar, String name) throws IOException {
        JarEntry e = jar.getJarEntry(name);
        if (e == null) {
            throw new IOException(jar.getName() + " has no " + name + "; it is not a runtime jar bnd exported from runtime.bndrun");
        }
        return e;
    }

    static Path jarOf(Class<?> c) {
        try {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(c.getName() + " was loaded from " + p + ", not a jar; run the layout from the built jars");
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteJars(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (p.toString().endsWith(".jar")) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}
