package nexcage.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * A plugin file made by a test: a bundle with a hand-written manifest in which every header can be
 * set, changed or left out (the broken-plugin corpora need exactly that), written with
 * {@link JarOutputStream}. Used by the end-to-end tests on disk and by the Pax Exam tests inside
 * the framework.
 */
public final class PluginJar {
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    /**
     * A minimal valid plugin of a test corpus: {@code NexCage-Plugin-Name: name}, symbolic name
     * {@code SYMBOLIC_PREFIX.SLUG}, version 1.0.0, a description naming the corpus, API 1 and two
     * data entries. It has no code, so it resolves and starts at once.
     */
    public static PluginJar corpusPlugin(String name, String symbolicPrefix, String slug, String corpus) {
        return new PluginJar()
                .header("Bundle-ManifestVersion", "2")
                .header("Bundle-SymbolicName", symbolicPrefix + "." + slug)
                .header("Bundle-Version", "1.0.0")
                .header("Bundle-Description", "a plugin of the " + corpus + " corpus (" + slug + ")")
                .header("NexCage-Plugin-Name", name)
                .header("NexCage-Api-Version", "1")
                .entry("corpus/data.txt", "data of " + slug + "\n")
                .entry("corpus/more.txt", "more data of " + slug + "\n");
    }

    /** Sets a header; {@code null} removes it. */
    public PluginJar header(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return this;
    }

    public PluginJar without(String name) {
        return header(name, null);
    }

    public PluginJar entry(String path, byte[] content) {
        entries.put(path, content);
        return this;
    }

    public PluginJar entry(String path, String content) {
        return entry(path, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds every file under {@code classes} (a javac output directory), at its relative path. */
    public PluginJar classes(Path classes) {
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                entry(classes.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Adds the class file of {@code className} as {@code loader} finds it, byte for byte: inside a
     * framework, a test bundle's own classes become plugin code without a compiler.
     */
    public PluginJar classFrom(ClassLoader loader, String className) {
        String path = className.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the class path of " + loader);
            }
            return entry(path, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Manifest manifest() {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        // without Manifest-Version java.util.jar writes no main attributes at all
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach(a::putValue);
        return m;
    }

    public byte[] bytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes);
        return bytes.toByteArray();
    }

    /** Writes the file (and its parent directories) and returns it. */
    public Path writeTo(Path file) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                write(out);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(OutputStream out) {
        try (JarOutputStream jar = new JarOutputStream(out, manifest())) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new ZipEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
