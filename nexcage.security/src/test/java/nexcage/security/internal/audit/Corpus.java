package nexcage.security.internal.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import nexcage.security.corpus.clean.Greeter;
import nexcage.testkit.PluginJar;

/**
 * Plugin files of the audit corpus: one package of src/test/java/nexcage/security/corpus each.
 * Public, with the test jar, for the core's test of {@code runtime.security.audit: enforce}.
 */
public final class Corpus {
    /** The corpus plugins that must each have one high finding (PluginFileAuditorTest says which). */
    public static final List<String> BAD = List.of("client", "url", "server", "raw", "spawn", "signal", "write", "read",
            "perms", "execute", "exit", "halt", "nativelib", "reflect", "lookup", "unsafe", "unsafename", "methodref",
            "define", "context");

    private Corpus() {
    }

    /** A plugin named {@code slug} holding the classes of corpus package {@code slug}, declaring {@code capabilities}. */
    public static PluginJar plugin(String slug, String capabilities) {
        PluginJar jar = PluginJar.corpusPlugin(slug, "nexcage.security.corpus", slug, "audit");
        if (capabilities != null) {
            jar.header("NexCage-Capabilities", capabilities);
        }
        Path classes = testClasses();
        // the test classes are a directory here, and a jar (the test jar) when the core's tests use the corpus
        try (java.nio.file.FileSystem jarFs = Files.isRegularFile(classes) ? java.nio.file.FileSystems.newFileSystem(classes) : null;
                Stream<Path> s = Files.list((jarFs == null ? classes : jarFs.getPath("/")).resolve("nexcage/security/corpus/" + slug))) {
            for (Path p : s.sorted().toList()) {
                jar.entry("nexcage/security/corpus/" + slug + "/" + p.getFileName(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private static Path testClasses() {
        try {
            return Path.of(Greeter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
