package nexcage.plugintest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Plugin files made from a compiled project: the classes folder with the manifest bnd wrote into
 * it, packed as {@code NAME-VERSION.nexcage-plugin} (what {@code mvn package} would copy, before
 * it does). OSGi-free.
 */
public final class PluginFiles {
    private PluginFiles() {
    }

    /** The plugin's name in a plugin file's manifest ({@code NexCage-Plugin-Name}). */
    public static String pluginName(Path pluginFile) throws IOException {
        try (JarFile jar = new JarFile(pluginFile.toFile())) {
            Manifest m = jar.getManifest();
            String name = m == null ? null : m.getMainAttributes().getValue("NexCage-Plugin-Name");
            if (name == null) {
                throw new IllegalStateException(pluginFile + " names no plugin (no NexCage-Plugin-Name header); is it a NexCage plugin file?");
            }
            return name;
        }
    }

    /**
     * Packs {@code classes} (e.g. {@code target/classes}) into {@code dir/NAME-VERSION.nexcage-plugin},
     * the name and version read from its {@code META-INF/MANIFEST.MF}.
     *
     * @throws IllegalStateException when the folder has no bnd manifest naming a plugin
     */
    public static Path fromClasses(Path classes, Path dir) throws IOException {
        Path manifestFile = classes.resolve("META-INF/MANIFEST.MF");
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalStateException(manifestFile.toAbsolutePath() + " is missing; bnd-maven-plugin's bnd-process goal"
                    + " writes it (process-classes phase): run the tests through Maven, e.g. mvn package");
        }
        Manifest manifest;
        try (InputStream in = Files.newInputStream(manifestFile)) {
            manifest = new Manifest(in);
        }
        String name = manifest.getMainAttributes().getValue("NexCage-Plugin-Name");
        if (name == null) {
            throw new IllegalStateException(manifestFile.toAbsolutePath() + " has no NexCage-Plugin-Name header; annotate the"
                    + " plugin's package-info.java with @NexCagePlugin(name = \"...\")");
        }
        String version = manifest.getMainAttributes().getValue("Bundle-Version");
        Path file = Files.createDirectories(dir).resolve(name + "-" + (version == null ? "0.0.0" : version) + ".nexcage-plugin");
        try (OutputStream os = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(os, manifest);
                Stream<Path> all = Files.walk(classes)) {
            List<Path> entries = all.filter(Files::isRegularFile).sorted().toList();
            for (Path p : entries) {
                String entry = classes.relativize(p).toString().replace('\\', '/');
                if (entry.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(entry));
                Files.copy(p, jar);
                jar.closeEntry();
            }
        }
        return file;
    }
}
