package nexcage.itest;

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
import java.util.zip.ZipEntry;

/**
 * Plugin files made by the tests (adapted from nexcage.e2e's PluginJars): bundles with
 * hand-written manifests, written with JarOutputStream. Code comes from classes of this module's
 * test sources (package {@code nexcage.itest.plugins}), copied byte for byte from the test
 * bundle's own class path, so no compiler is needed inside the framework.
 */
final class PluginJars {
    /** Where the classes plugins are made of live in this module's test sources. */
    static final String PLUGIN_CLASSES = "nexcage.itest.plugins.";

    private PluginJars() {
    }

    /** A bundle with NexCage headers; every header can be changed or removed. */
    static final class Builder {
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, byte[]> entries = new LinkedHashMap<>();

        Builder header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        Builder without(String name) {
            return header(name, null);
        }

        Builder entry(String path, byte[] content) {
            entries.put(path, content);
            return this;
        }

        Builder entry(String path, String content) {
            return entry(path, content.getBytes(StandardCharsets.UTF_8));
        }

        /** Adds the class file of {@code nexcage.itest.plugins.SIMPLE_NAME}, read from the test bundle. */
        Builder pluginClass(String simpleName) {
            String path = (PLUGIN_CLASSES + simpleName).replace('.', '/') + ".class";
            try (InputStream in = PluginJars.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException(path + " is not on the test bundle's class path");
                }
                return entry(path, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Manifest manifest() {
            Manifest m = new Manifest();
            Attributes a = m.getMainAttributes();
            // without Manifest-Version java.util.jar writes no main attributes at all
            a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            headers.forEach(a::putValue);
            return m;
        }

        byte[] bytes() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            write(bytes);
            return bytes.toByteArray();
        }

        Path writeTo(Path file) {
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

    /**
     * A minimal valid plugin: {@code NexCage-Plugin-Name: name}, symbolic name
     * {@code itest.corpus.SLUG}, version 1.0.0, a description, API 1 and two data entries. Without
     * code it resolves and starts at once.
     */
    static Builder plugin(String name, String slug) {
        return new Builder()
                .header("Bundle-ManifestVersion", "2")
                .header("Bundle-SymbolicName", "itest.corpus." + slug)
                .header("Bundle-Version", "1.0.0")
                .header("Bundle-Description", "a plugin of the integration tests' corpus (" + slug + ")")
                .header("NexCage-Plugin-Name", name)
                .header("NexCage-Api-Version", "1")
                .entry("corpus/data.txt", "data of " + slug + "\n")
                .entry("corpus/more.txt", "more data of " + slug + "\n");
    }
}
