package nexcage.sandbox.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildRuntimeTest {
    @TempDir
    Path dir;

    private static byte[] bundle(String bsn) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", bsn + ";singleton:=true");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JarOutputStream(bytes, m).close();
        return bytes.toByteArray();
    }

    /** A runtime jar as the bnd export writes it: every bundle under jar/. */
    private Path runtimeJar() throws IOException {
        Path p = dir.resolve("runtime.jar");
        try (OutputStream out = Files.newOutputStream(p); JarOutputStream j = new JarOutputStream(out)) {
            for (String bsn : new String[] { "org.apache.felix.framework", "nexcage.api", "nexcage.core", "org.osgi.util.function",
                    "org.osgi.util.promise", "org.osgi.service.component", "org.apache.felix.scr", "org.apache.felix.configadmin" }) {
                j.putNextEntry(new JarEntry("jar/" + bsn + "-1.0.jar"));
                j.write(bundle(bsn));
                j.closeEntry();
            }
        }
        return p;
    }

    @Test
    void theRuntimeJarsBundlesAreUnpackedOnceAndKept() throws IOException {
        Path lib = dir.resolve("lib");
        ChildRuntime rt = ChildRuntime.locate(Map.of(), runtimeJar(), lib, null, dir.resolve("child.jar"));
        assertThat(rt.classPath()).containsExactly(lib.resolve("org.apache.felix.framework-1.0.jar"), lib.resolve("nexcage.api-1.0.jar"),
                dir.resolve("child.jar"));
        assertThat(rt.bundles()).extracting(p -> p.getFileName().toString()).containsExactly("org.osgi.util.function-1.0.jar",
                "org.osgi.util.promise-1.0.jar", "org.osgi.service.component-1.0.jar", "org.apache.felix.scr-1.0.jar",
                "org.apache.felix.configadmin-1.0.jar");
        long stamp = Files.getLastModifiedTime(lib.resolve("nexcage.api-1.0.jar")).toMillis();
        ChildRuntime.locate(Map.of(), runtimeJar(), lib, null, dir.resolve("child.jar"));
        assertThat(Files.getLastModifiedTime(lib.resolve("nexcage.api-1.0.jar")).toMillis()).isEqualTo(stamp);
    }

    @Test
    void withoutARuntimeJarTheInstalledFilesServe() throws IOException {
        Path f = Files.createFile(dir.resolve("scr.jar"));
        assertThatThrownBy(() -> ChildRuntime.locate(Map.of("org.apache.felix.scr", f), null, dir.resolve("lib"), null, f))
                .isInstanceOf(IOException.class).hasMessageContaining("start the daemon with the launcher nexcage");
    }
}
