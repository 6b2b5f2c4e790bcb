package nexcage.e2e.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import nexcage.e2e.Nexcage;
import nexcage.testkit.PluginJar;

/**
 * Builds plugin files for the tests: bundles with hand-written manifests ({@link PluginJar}),
 * classes compiled on the spot against the OSGi framework API, repackaged copies of the example
 * plugins, and files signed (or mis-signed) with the JDK's own {@code keytool} and {@code jarsigner}.
 */
final class PluginJars {
    private PluginJars() {
    }

    /** A minimal valid plugin of the end-to-end corpus, symbolic name {@code corpus.SLUG}; see {@link PluginJar#corpusPlugin}. */
    static PluginJar plugin(String name, String slug) {
        return PluginJar.corpusPlugin(name, "corpus", slug, "end-to-end");
    }

    // ---- compiling --------------------------------------------------------------------------

    /** The OSGi framework API to compile against: osgi.core from the local Maven repository, else Felix from the runtime jar. */
    static Path osgiApiJar(Path scratch) throws IOException {
        String repo = System.getProperty("maven.repo.local");
        Path m2 = repo != null ? Paths.get(repo) : Paths.get(System.getProperty("user.home"), ".m2", "repository");
        Path core = m2.resolve("org/osgi/osgi.core/8.0.0/osgi.core-8.0.0.jar");
        if (Files.exists(core)) {
            return core;
        }
        try (ZipFile runtime = new ZipFile(Nexcage.RUNTIME_JAR.toFile())) {
            Enumeration<? extends ZipEntry> en = runtime.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (e.getName().startsWith("jar/org.apache.felix.framework-") && e.getName().endsWith(".jar")) {
                    Path out = scratch.resolve("felix-framework.jar");
                    try (InputStream in = runtime.getInputStream(e)) {
                        Files.copy(in, out);
                    }
                    return out;
                }
            }
        }
        throw new IllegalStateException("no OSGi framework API found in " + core + " nor in " + Nexcage.RUNTIME_JAR);
    }

    /** Compiles Java sources (class name to source) against the OSGi API into a fresh directory. */
    static Path compile(Path scratch, Map<String, String> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the tests run on a JRE without javac; run them on a JDK");
        }
        Path src = Files.createDirectories(scratch.resolve("src"));
        Path out = Files.createDirectories(scratch.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-classpath", osgiApiJar(scratch).toString(),
                "-d", out.toString(), "-nowarn"));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, args.toArray(new String[0]));
        if (rc != 0) {
            throw new IllegalStateException("javac failed:\n" + err.toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    // ---- rewriting existing JARs ------------------------------------------------------------

    /**
     * Copies a JAR entry by entry, in its order, through {@code edit}: return the bytes to write
     * (possibly changed), or null to drop the entry. {@code extra} entries are appended at the end.
     */
    static Path rewrite(Path in, Path out, Function<ZipEntry, Function<byte[], byte[]>> edit, Map<String, byte[]> extra) {
        try (ZipFile zip = new ZipFile(in.toFile());
                OutputStream os = Files.newOutputStream(out);
                ZipOutputStream z = new ZipOutputStream(os)) {
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                byte[] data;
                try (InputStream is = zip.getInputStream(e)) {
                    data = is.readAllBytes();
                }
                Function<byte[], byte[]> f = edit.apply(e);
                byte[] written = f == null ? data : f.apply(data);
                if (written == null) {
                    continue;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                z.putNextEntry(copy);
                z.write(written);
                z.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : extra.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A copy of a plugin JAR whose manifest has these main headers changed (null removes one). */
    static Path withHeaders(Path in, Path out, Map<String, String> changes) {
        return rewrite(in, out, e -> e.getName().equals("META-INF/MANIFEST.MF") ? bytes -> {
            try {
                Manifest m = new Manifest(new java.io.ByteArrayInputStream(bytes));
                changes.forEach((k, v) -> {
                    if (v == null) {
                        m.getMainAttributes().remove(new Attributes.Name(k));
                    } else {
                        m.getMainAttributes().putValue(k, v);
                    }
                });
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                m.write(b);
                return b.toByteArray();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        } : null, Map.of());
    }

    // ---- signing ----------------------------------------------------------------------------

    /** A PKCS#12 keystore with self-signed EC keys, made and used with the JDK's keytool and jarsigner. */
    static final class Keys {
        static final String PASSWORD = "corpus-pass";
        final Path keystore;

        Keys(Path dir) throws IOException {
            Files.createDirectories(dir);
            this.keystore = dir.resolve("keys.p12");
        }

        /** Makes a key pair {@code alias} with a self-signed certificate for {@code CN=cn}. */
        Keys generate(String alias, String cn) throws IOException {
            tool("keytool", "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-dname", "CN=" + cn, "-validity", "30",
                    "-keystore", keystore.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD);
            return this;
        }

        /** Writes the certificate of {@code alias} as PEM into {@code file}. */
        Path exportPem(String alias, Path file) throws IOException {
            Files.createDirectories(file.getParent());
            tool("keytool", "-exportcert", "-rfc", "-alias", alias, "-keystore", keystore.toString(),
                    "-storetype", "PKCS12", "-storepass", PASSWORD, "-file", file.toString());
            return file;
        }

        /** Signs {@code in} with the key {@code alias} into {@code out}. */
        Path sign(Path in, Path out, String alias) throws IOException {
            tool("jarsigner", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                    "-keypass", PASSWORD, "-signedjar", out.toString(), in.toString(), alias);
            return out;
        }

        private static void tool(String name, String... args) throws IOException {
            Path exe = Paths.get(System.getProperty("java.home"), "bin", name);
            List<String> cmd = new ArrayList<>();
            cmd.add(Files.isExecutable(exe) ? exe.toString() : name);
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
