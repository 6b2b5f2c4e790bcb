package nexcage.core.internal.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;

import nexcage.core.admin.SandboxRunner;

/**
 * The stub bundle of a sandboxed plugin (the sandbox contract): a jar with no code, whose manifest
 * has the real one's identity and every {@code NexCage-*} header, nothing it would import, export
 * or activate, and {@code NexCage-Sandboxed: process}. The daemon treats it as the plugin (states,
 * guards and accounting keyed on its bundle); the plugin itself runs in the child. It also carries
 * the real jar's Metatype files ({@code OSGI-INF/metatype/} and their {@code OSGI-INF/l10n/}
 * texts, no code), so the daemon types and checks the plugin's configuration as for a plugin in
 * its own JVM.
 */
final class StubJar {
    private static final List<String> KEPT = List.of(Constants.BUNDLE_SYMBOLICNAME, Constants.BUNDLE_VERSION, Constants.BUNDLE_NAME,
            Constants.BUNDLE_DESCRIPTION, Constants.BUNDLE_VENDOR);

    private static final List<String> METATYPE = List.of("OSGI-INF/metatype/", "OSGI-INF/l10n/");

    private StubJar() {
    }

    /** The stub's bytes, made from the real jar's manifest. */
    static byte[] of(Path realJar) throws IOException {
        Manifest real;
        Map<String, byte[]> metatype = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(realJar); JarInputStream j = new JarInputStream(in, false)) {
            real = j.getManifest();
            for (JarEntry e = j.getNextJarEntry(); e != null; e = j.getNextJarEntry()) {
                if (!e.isDirectory() && METATYPE.stream().anyMatch(e.getName()::startsWith)) {
                    metatype.put(e.getName(), j.readAllBytes());
                }
            }
        }
        if (real == null) {
            throw new IOException(realJar.getFileName() + " has no manifest");
        }
        Manifest stub = new Manifest();
        Attributes to = stub.getMainAttributes();
        to.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        to.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        Attributes from = real.getMainAttributes();
        for (Object key : from.keySet()) {
            String name = key.toString();
            if (KEPT.contains(name) || name.startsWith("NexCage-")) {
                to.putValue(name, from.getValue(name));
            }
        }
        to.putValue(SandboxRunner.STUB_HEADER, SandboxChoice.PROCESS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(out, stub)) {
            for (Map.Entry<String, byte[]> e : metatype.entrySet()) {
                j.putNextEntry(new JarEntry(e.getKey()));
                j.write(e.getValue());
            }
        }
        return out.toByteArray();
    }
}
