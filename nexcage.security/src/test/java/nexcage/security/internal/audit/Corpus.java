package nexcage.security.internal.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import nexcage.security.corpus.clean.Greeter;
import nexcage.testkit.PluginJar;

/** Plugin files of the audit corpus: one package of src/test/java/nexcage/security/corpus each. */
final class Corpus {

    private Corpus() {
    }

    /** A plugin named {@code slug} holding the classes of corpus package {@code slug}, declaring {@code capabilities}. */
    static PluginJar plugin(String slug, String capabilities) {
        PluginJar jar = PluginJar.corpusPlugin(slug, "nexcage.security.corpus", slug, "audit");
        if (capabilities != null) {
            jar.header("NexCage-Capabilities", capabilities);
        }
        Path pkg = testClasses().resolve("nexcage/security/corpus/" + slug);
        try (Stream<Path> s = Files.list(pkg)) {
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
