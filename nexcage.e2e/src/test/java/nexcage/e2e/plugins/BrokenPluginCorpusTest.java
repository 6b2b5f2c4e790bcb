package nexcage.e2e.plugins;

import static nexcage.e2e.Nexcage.byFile;
import static nexcage.e2e.Nexcage.entries;
import static nexcage.e2e.Nexcage.plugin;
import static nexcage.e2e.Nexcage.reason;
import static nexcage.e2e.Nexcage.rejected;
import static nexcage.e2e.Nexcage.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;
import nexcage.testkit.PluginJar;

/**
 * A corpus of broken plugin files, built here, dropped into the plugin directory of one running
 * daemon beside the good examples (hello, custom-logger, shout): each must be listed {@code rejected}
 * or {@code failed} with a reason naming the header, value or rule it broke, and {@code plugin
 * validate FILE} must say the same, one line per problem. A second daemon requires signatures
 * (trusted certificates from a directory) and caps plugin files at 1 MB. Afterwards the good
 * plugins still run (DESIGN §2, §3, §8).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokenPluginCorpusTest {

    /** What one corpus file must produce. */
    static final class Case {
        final String file;
        final String listedName;
        final String state;
        final List<String> reason;
        Integer validateExit;
        /** One entry per expected stderr line of {@code plugin validate}: the words that line must hold. */
        List<List<String>> validateLines = List.of();
        List<String> validateOut = List.of();

        Case(String file, String listedName, String state, List<String> reason) {
            this.file = file;
            this.listedName = listedName;
            this.state = state;
            this.reason = reason;
        }

        /** {@code plugin validate} exits 1 with exactly these lines, each holding its words. */
        @SafeVarargs
        final Case invalid(List<String>... lines) {
            validateExit = 1;
            validateLines = Arrays.asList(lines);
            return this;
        }

        /** {@code plugin validate} exits 0 and prints these words. */
        Case valid(String... out) {
            validateExit = 0;
            validateOut = List.of(out);
            return this;
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private static final String NAME = "NexCage-Plugin-Name";
    private static final String RES = "NexCage-Resources";
    private static final String DEPS = "NexCage-Dependencies";

    private static Path scratch;
    private static Nexcage main;
    private static Nexcage strict;
    private static final List<Case> corpus = new ArrayList<>();
    private static final List<Case> strictCorpus = new ArrayList<>();
    private static final List<String> ignored = List.of(".hidden.nexcage-plugin", "README.txt", "plugin.nexcage-plugin.bak");
    private static JsonNode settledMain;
    private static JsonNode settledStrict;

    // ---- building the corpus -----------------------------------------------------------------

    /** A file rejected by validation: listed under {@code listedName} (null: its file name). */
    private static Case rejectedCase(List<Case> into, Path stage, String file, String listedName, PluginJar b,
            String... reason) {
        if (b != null) {
            b.writeTo(stage.resolve(file));
        }
        Case c = new Case(file, listedName == null ? file : listedName, "rejected", List.of(reason));
        c.invalid(List.of(reason));
        into.add(c);
        return c;
    }

    private static Case failedCase(List<Case> into, Path stage, String file, String listedName, PluginJar b,
            String... reason) {
        if (b != null) {
            b.writeTo(stage.resolve(file));
        }
        Case c = new Case(file, listedName, "failed", List.of(reason));
        into.add(c);
        return c;
    }

    private static Case activeCase(List<Case> into, Path stage, String file, String listedName, PluginJar b) {
        if (b != null) {
            b.writeTo(stage.resolve(file));
        }
        Case c = new Case(file, listedName, "active", List.of());
        into.add(c);
        return c;
    }

    private static PluginJar p(String name) {
        return PluginJars.plugin(name, name.replaceAll("[^A-Za-z0-9]", ""));
    }

    private static String activator(String pkg, String startBody) {
        return "package " + pkg + ";\n"
                + "public class Activator implements org.osgi.framework.BundleActivator {\n"
                + "  public void start(org.osgi.framework.BundleContext context) throws Exception {\n" + startBody + "\n  }\n"
                + "  public void stop(org.osgi.framework.BundleContext context) {\n  }\n"
                + "}\n";
    }

    private static void buildMainCorpus(Path stage, Path classes, PluginJars.Keys keys) throws IOException {
        List<Case> c = corpus;
        // -- names, descriptions, API version
        rejectedCase(c, stage, "noname-1.0.0.jar", null, p("noname").without(NAME),
                "NexCage-Plugin-Name is missing");
        rejectedCase(c, stage, "bad-name-dash.nexcage-plugin", null, PluginJars.plugin("-bad-", "badnamedash"),
                "NexCage-Plugin-Name", "'-bad-'", "must start and end with a letter or digit");
        rejectedCase(c, stage, "bad-name-chars.nexcage-plugin", null, PluginJars.plugin("bad name!", "badnamechars"),
                "NexCage-Plugin-Name", "'bad name!'", "only letters, digits");
        rejectedCase(c, stage, "bad-name-long.nexcage-plugin", null, PluginJars.plugin("n".repeat(65), "badnamelong"),
                "NexCage-Plugin-Name", "has 65 characters, more than the 64 allowed");
        rejectedCase(c, stage, "bad-name-empty.nexcage-plugin", null, PluginJars.plugin("", "badnameempty"),
                "NexCage-Plugin-Name", "is empty");
        rejectedCase(c, stage, "desc-empty.nexcage-plugin", "desc-empty", p("desc-empty").header("Bundle-Description", ""),
                "Bundle-Description", "is empty", "1 to 512 characters");
        rejectedCase(c, stage, "desc-missing.nexcage-plugin", "desc-missing", p("desc-missing").without("Bundle-Description"),
                "Bundle-Description", "is empty");
        rejectedCase(c, stage, "desc-long.nexcage-plugin", "desc-long", p("desc-long").header("Bundle-Description", "d".repeat(513)),
                "Bundle-Description", "has 513 characters", "at most 512");
        rejectedCase(c, stage, "api-missing.nexcage-plugin", "api-missing", p("api-missing").without("NexCage-Api-Version"),
                "NexCage-Api-Version is missing");
        rejectedCase(c, stage, "api-word.nexcage-plugin", "api-word", p("api-word").header("NexCage-Api-Version", "one"),
                "NexCage-Api-Version: 'one' is not a whole number");
        rejectedCase(c, stage, "api-two.nexcage-plugin", "api-two", p("api-two").header("NexCage-Api-Version", "2"),
                "NexCage-Api-Version: 2 is not served", "serves API 1");
        rejectedCase(c, stage, "cap-unknown.nexcage-plugin", "cap-unknown",
                p("cap-unknown").header("NexCage-Capabilities", "logging,teleport"),
                "NexCage-Capabilities: 'teleport' is not a known capability");
        // -- runtime version
        rejectedCase(c, stage, "runtime-range.nexcage-plugin", "runtime-range", p("runtime-range").header("NexCage-Version", "[0.9,1)"),
                "NexCage-Version: '[0.9,1)' does not include this runtime's version 0.8.0");
        rejectedCase(c, stage, "runtime-bare.nexcage-plugin", "runtime-bare", p("runtime-bare").header("NexCage-Version", "0.9.0"),
                "NexCage-Version: '0.9.0' does not include this runtime's version 0.8.0");
        rejectedCase(c, stage, "runtime-old.nexcage-plugin", "runtime-old", p("runtime-old").header("NexCage-Version", "[0.1,0.8)"),
                "NexCage-Version: '[0.1,0.8)' does not include this runtime's version 0.8.0");
        rejectedCase(c, stage, "runtime-word.nexcage-plugin", "runtime-word", p("runtime-word").header("NexCage-Version", "soon"),
                "NexCage-Version: 'soon' is not an OSGi version or range");
        // -- resources: each bound
        String[][] bounds = {
            {"max_memory_mb", "0", "1", "2048"}, {"max_memory_mb", "2049", "1", "2048"},
            {"max_cpu_percent", "0", "1", "100"}, {"max_cpu_percent", "101", "1", "100"},
            {"max_file_descriptors", "0", "1", "4096"}, {"max_file_descriptors", "4097", "1", "4096"},
            {"max_threads", "0", "1", "100"}, {"max_threads", "101", "1", "100"},
            {"timeout_seconds", "0", "1", "300"}, {"timeout_seconds", "301", "1", "300"},
            {"max_network_connections", "-1", "0", "any"}, {"max_disk_usage_mb", "-1", "0", "any"},
        };
        for (String[] b : bounds) {
            String name = "res-" + b[0].replace("max_", "").replace('_', '-') + (b[1].startsWith("-") ? "-neg" : "-" + b[1]);
            rejectedCase(c, stage, name + ".nexcage-plugin", name, p(name).header(RES, b[0] + "=" + b[1]),
                    "NexCage-Resources: " + b[0] + "=" + b[1] + " is out of bounds", "from " + b[2] + " to " + b[3]);
        }
        rejectedCase(c, stage, "res-unknown.nexcage-plugin", "res-unknown", p("res-unknown").header(RES, "max_memory_mb=32;max_gpu_count=1"),
                "NexCage-Resources: unknown resource 'max_gpu_count'");
        rejectedCase(c, stage, "res-word.nexcage-plugin", "res-word", p("res-word").header(RES, "max_threads=lots"),
                "NexCage-Resources: max_threads=lots is not a whole number");
        // -- the file itself
        Files.writeString(stage.resolve("notazip.nexcage-plugin"), "this is not a zip file, just text\n");
        rejectedCase(c, stage, "notazip.nexcage-plugin", null, null, "is not a zip file");
        try (OutputStream out = Files.newOutputStream(stage.resolve("nomanifest.nexcage-plugin"));
                ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("corpus/data.txt"));
            z.write("a zip, but no manifest\n".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        rejectedCase(c, stage, "nomanifest.nexcage-plugin", null, null, "has no META-INF/MANIFEST.MF");
        rejectedCase(c, stage, "notbundle.nexcage-plugin", "notbundle", p("notbundle").without("Bundle-SymbolicName"),
                "Bundle-SymbolicName is missing", "not an OSGi bundle");
        rejectedCase(c, stage, "manifest-one.nexcage-plugin", "manifest-one", p("manifest-one").header("Bundle-ManifestVersion", "1"),
                "Bundle-ManifestVersion: '1' is not 2");
        rejectedCase(c, stage, "badversion.nexcage-plugin", "badversion", p("badversion").header("Bundle-Version", "1.x"),
                "Bundle-Version: '1.x' is not an OSGi version");
        // -- the directory: duplicates and older versions
        Path twinA = p("twin").header("Bundle-Description", "the first twin").writeTo(stage.resolve("twin-a.nexcage-plugin"));
        Files.setLastModifiedTime(twinA, FileTime.from(Instant.now().minusSeconds(120)));
        activeCase(c, stage, "twin-a.nexcage-plugin", "twin", null).valid("valid plugin twin 1.0.0");
        p("twin").header("Bundle-Description", "the second twin").writeTo(stage.resolve("twin-b.nexcage-plugin"));
        Case twinB = rejectedCase(c, stage, "twin-b.nexcage-plugin", "twin", null,
                "plugin twin 1.0.0 is already provided by twin-a.nexcage-plugin", "remove one of the two files");
        twinB.validateExit = null; // a property of the directory, not of the file
        Case old = rejectedCase(c, stage, "evolve-1.0.0.nexcage-plugin", "evolve", p("evolve"),
                "superseded by evolve-1.1.0.nexcage-plugin (version 1.1.0)", "remove the older file");
        old.validateExit = null;
        activeCase(c, stage, "evolve-1.1.0.nexcage-plugin", "evolve", p("evolve").header("Bundle-Version", "1.1.0"))
                .valid("valid plugin evolve 1.1.0");
        // -- dependencies
        failedCase(c, stage, "dep-missing.nexcage-plugin", "dep-missing", p("dep-missing").header(DEPS, "ghost;version=\"[1.0,2)\""),
                "missing dependency ghost [1.0,2)", "install a plugin named ghost")
                .invalid(List.of("NexCage-Dependencies: ghost [1.0,2) is not installed"));
        failedCase(c, stage, "dep-mismatch.nexcage-plugin", "dep-mismatch", p("dep-mismatch").header(DEPS, "hello;version=\"[2.0,3)\""),
                "dependency hello [2.0,3) is not met", "version 1.0.0 is installed")
                .invalid(List.of("NexCage-Dependencies: hello [2.0,3) is not met by the installed 1.0.0"));
        rejectedCase(c, stage, "dep-badrange.nexcage-plugin", "dep-badrange", p("dep-badrange").header(DEPS, "hello;version=\"[1,x)\""),
                "NexCage-Dependencies: version '[1,x)' of 'hello' is not an OSGi version range");
        failedCase(c, stage, "cyc-a.nexcage-plugin", "cyc-a", p("cyc-a").header(DEPS, "cyc-b;version=\"[1.0,2)\""),
                "dependency cycle", "cyc-a", "cyc-b");
        failedCase(c, stage, "cyc-b.nexcage-plugin", "cyc-b", p("cyc-b").header(DEPS, "cyc-a;version=\"[1.0,2)\""),
                "dependency cycle", "cyc-a", "cyc-b");
        // -- wiring
        failedCase(c, stage, "import-missing.nexcage-plugin", "import-missing",
                p("import-missing").header("Import-Package", "com.example.nowhere;version=\"[3,4)\""),
                "cannot resolve", "com.example.nowhere")
                .invalid(List.of("Import-Package: com.example.nowhere [3,4) is exported by no bundle of this runtime"));
        failedCase(c, stage, "require-missing.nexcage-plugin", "require-missing",
                p("require-missing").header("Require-Capability", "corpus.nothing;filter:=\"(corpus.nothing=1)\""),
                "cannot resolve", "corpus.nothing")
                .invalid(List.of("Require-Capability: corpus.nothing", "is provided by no bundle of this runtime"));
        // -- reaching into the core
        rejectedCase(c, stage, "export-nexcage.nexcage-plugin", "export-nexcage",
                p("export-nexcage").header("Export-Package", "nexcage.evil;version=\"1.0.0\""),
                "Export-Package: 'nexcage.evil' is a package of the runtime", "nexcage.*");
        rejectedCase(c, stage, "export-osgi.nexcage-plugin", "export-osgi",
                p("export-osgi").header("Export-Package", "org.osgi.framework.evil"),
                "Export-Package: 'org.osgi.framework.evil' is a package of the runtime", "org.osgi.*");
        rejectedCase(c, stage, "export-felix.nexcage-plugin", "export-felix",
                p("export-felix").header("Export-Package", "org.apache.felix.evil"),
                "Export-Package: 'org.apache.felix.evil' is a package of the runtime", "org.apache.felix.*");
        rejectedCase(c, stage, "provide-api.nexcage-plugin", "provide-api",
                p("provide-api").header("Provide-Capability", "nexcage.api;nexcage.api:Long=1"),
                "Provide-Capability", "'nexcage.api' capability");
        rejectedCase(c, stage, "require-core.nexcage-plugin", "require-core", p("require-core").header("Require-Bundle", "nexcage.core"),
                "Require-Bundle: 'nexcage.core' is a core bundle");
        rejectedCase(c, stage, "fragment.nexcage-plugin", "fragment", p("fragment").header("Fragment-Host", "nexcage.core"),
                "Fragment-Host: 'nexcage.core' is not allowed");
        // -- code that misbehaves
        failedCase(c, stage, "boom.nexcage-plugin", "boom", p("boom").classes(classes.resolve("boom"))
                .header("Bundle-Activator", "corpus.boom.Activator")
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\""),
                "start failed", "IllegalStateException", "corpus activator refuses to start")
                .valid("valid plugin boom 1.0.0", "warning: Bundle-Activator corpus.boom.Activator");
        failedCase(c, stage, "hang.nexcage-plugin", "hang", p("hang").classes(classes.resolve("hang"))
                .header("Bundle-Activator", "corpus.hang.Activator")
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\"")
                .header(RES, "timeout_seconds=1"),
                "start of plugin hang did not return in 1 s", "stuck in corpus.hang.Activator.start", "restart the daemon")
                .valid("valid plugin hang 1.0.0", "warning: Bundle-Activator corpus.hang.Activator");
        // -- signatures are checked even when they are not required
        Path unsigned = Files.createDirectories(stage.getParent().resolve("unsigned-a"));
        Path signed = Files.createDirectories(stage.getParent().resolve("signed-a"));
        for (String s : List.of("sig-tampered", "sig-partial", "sig-deleted")) {
            keys.sign(p(s).writeTo(unsigned.resolve(s + ".jar")), signed.resolve(s + ".jar"), "trusted");
        }
        PluginJars.rewrite(signed.resolve("sig-tampered.jar"), stage.resolve("sig-tampered.nexcage-plugin"),
                e -> e.getName().equals("corpus/data.txt") ? data -> "tampered after signing\n".getBytes(StandardCharsets.UTF_8) : null,
                Map.of());
        rejectedCase(c, stage, "sig-tampered.nexcage-plugin", "sig-tampered", null,
                "the signature does not match entry corpus/data.txt", "changed after signing");
        PluginJars.rewrite(signed.resolve("sig-partial.jar"), stage.resolve("sig-partial.nexcage-plugin"), e -> null,
                Map.of("corpus/extra.txt", "added after signing\n".getBytes(StandardCharsets.UTF_8)));
        rejectedCase(c, stage, "sig-partial.nexcage-plugin", "sig-partial", null,
                "entry corpus/extra.txt is not signed while others are");
        PluginJars.rewrite(signed.resolve("sig-deleted.jar"), stage.resolve("sig-deleted.nexcage-plugin"),
                e -> e.getName().equals("corpus/more.txt") ? data -> null : null, Map.of());
        rejectedCase(c, stage, "sig-deleted.nexcage-plugin", "sig-deleted", null,
                "signed entry corpus/more.txt was removed from the JAR after signing");
        keys.sign(p("sig-stranger").writeTo(unsigned.resolve("sig-stranger.jar")), stage.resolve("sig-stranger.nexcage-plugin"),
                "stranger");
        activeCase(c, stage, "sig-stranger.nexcage-plugin", "sig-stranger", null)
                .valid("valid plugin sig-stranger 1.0.0", "signed by CN=Corpus Stranger (not trusted)",
                        "warning: signed by CN=Corpus Stranger, who is not in the trusted certificates");
        // -- the framework refuses it: same symbolic name and version as the hello example
        Case clash = rejectedCase(c, stage, "bsn-clash.nexcage-plugin", "bsn-clash",
                p("bsn-clash").header("Bundle-SymbolicName", "nexcage.example.hello"),
                "the framework refused to install it");
        clash.validateExit = null;
        // -- several problems at once: one reason, several validate lines
        p("multi").header("NexCage-Api-Version", "2").header("NexCage-Version", "[0.9,1)")
                .header("Fragment-Host", "nexcage.core").header("Export-Package", "nexcage.multi")
                .writeTo(stage.resolve("multi.nexcage-plugin"));
        Case multi = new Case("multi.nexcage-plugin", "multi", "rejected",
                List.of("NexCage-Api-Version: 2 is not served", "NexCage-Version: '[0.9,1)'", "Fragment-Host: 'nexcage.core'",
                        "Export-Package: 'nexcage.multi'"));
        corpus.add(multi);
        multi.invalid(List.of("NexCage-Api-Version: 2 is not served"), List.of("NexCage-Version: '[0.9,1)' does not include"),
                        List.of("Fragment-Host: 'nexcage.core' is not allowed"),
                        List.of("Export-Package: 'nexcage.multi' is a package of the runtime"));
        // -- not plugin files at all: never listed
        Files.writeString(stage.resolve(".hidden.nexcage-plugin"), "hidden: an editor's temporary file\n");
        Files.writeString(stage.resolve("README.txt"), "not a plugin\n");
        Files.writeString(stage.resolve("plugin.nexcage-plugin.bak"), "a backup\n");
        Files.createDirectories(stage.resolve("folder.jar"));
    }

    private static void buildStrictCorpus(Path stage, PluginJars.Keys keys) throws IOException {
        List<Case> c = strictCorpus;
        Path unsigned = Files.createDirectories(stage.getParent().resolve("unsigned-b"));
        Path signed = Files.createDirectories(stage.getParent().resolve("signed-b"));
        keys.sign(Nexcage.HELLO, stage.resolve("hello-1.0.0.nexcage-plugin"), "trusted");
        activeCase(c, stage, "hello-1.0.0.nexcage-plugin", "hello", null)
                .valid("valid plugin hello 1.0.0", "signature: signed by CN=Corpus Trusted (trusted)");
        keys.sign(p("signed-good").writeTo(unsigned.resolve("signed-good.jar")), stage.resolve("signed-good.nexcage-plugin"), "trusted");
        activeCase(c, stage, "signed-good.nexcage-plugin", "signed-good", null)
                .valid("valid plugin signed-good 1.0.0", "signed by CN=Corpus Trusted (trusted)");
        rejectedCase(c, stage, "unsigned.nexcage-plugin", "unsigned", p("unsigned"),
                "is not signed, and runtime.require_signatures is true");
        keys.sign(p("tampered").writeTo(unsigned.resolve("tampered.jar")), signed.resolve("tampered.jar"), "trusted");
        PluginJars.rewrite(signed.resolve("tampered.jar"), stage.resolve("tampered.nexcage-plugin"),
                e -> e.getName().equals("corpus/data.txt") ? data -> "tampered after signing\n".getBytes(StandardCharsets.UTF_8) : null,
                Map.of());
        rejectedCase(c, stage, "tampered.nexcage-plugin", "tampered", null, "the signature does not match entry corpus/data.txt");
        keys.sign(p("stranger").writeTo(unsigned.resolve("stranger.jar")), stage.resolve("stranger.nexcage-plugin"), "stranger");
        rejectedCase(c, stage, "stranger.nexcage-plugin", "stranger", null,
                "signer CN=Corpus Stranger is not trusted", "add its certificate to the trusted certificates directory");
        byte[] blob = new byte[3 * 512 * 1024]; // 1.5 MB that does not compress
        new Random(42).nextBytes(blob);
        rejectedCase(c, stage, "oversize.nexcage-plugin", null, p("oversize").entry("corpus/blob.bin", blob),
                "over the limit of 1 MB", "runtime.max_plugin_size_mb");
    }

    /** Moves every staged file into the plugin directory, each by an atomic rename, oldest first. */
    private static void dropAll(Path stage, Path plugins) throws IOException {
        List<Path> files;
        try (var s = Files.list(stage)) {
            files = new ArrayList<>(s.toList());
        }
        files.sort((a, b) -> {
            try {
                return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
            } catch (IOException e) {
                return 0;
            }
        });
        for (Path f : files) {
            Files.move(f, plugins.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @BeforeAll
    static void buildCorpusAndStartDaemons() throws Exception {
        scratch = Files.createTempDirectory(Paths.get("/tmp"), "nxcorpus");
        Path classes = scratch.resolve("classes");
        Path boom = PluginJars.compile(Files.createDirectories(scratch.resolve("javac-boom")), Map.of("corpus.boom.Activator",
                activator("corpus.boom", "    throw new IllegalStateException(\"corpus activator refuses to start\");")));
        Path hang = PluginJars.compile(Files.createDirectories(scratch.resolve("javac-hang")), Map.of("corpus.hang.Activator",
                activator("corpus.hang", "    long end = System.nanoTime() + 600_000_000_000L;\n"
                        + "    while (System.nanoTime() < end) {\n"
                        + "      try { Thread.sleep(1000); } catch (InterruptedException e) { /* keep hanging */ }\n"
                        + "    }")));
        Files.createDirectories(classes);
        Files.move(boom, classes.resolve("boom"));
        Files.move(hang, classes.resolve("hang"));

        PluginJars.Keys keys = new PluginJars.Keys(scratch.resolve("keys"))
                .generate("trusted", "Corpus Trusted").generate("stranger", "Corpus Stranger");
        Path trustedDir = scratch.resolve("trusted");
        keys.exportPem("trusted", trustedDir.resolve("corpus-trusted.pem"));

        Path stageA = Files.createDirectories(scratch.resolve("stage-a"));
        Path stageB = Files.createDirectories(scratch.resolve("stage-b"));
        buildMainCorpus(stageA, classes, keys);
        buildStrictCorpus(stageB, keys);

        main = Nexcage.create("nxca");
        for (Path good : List.of(Nexcage.HELLO, Nexcage.LOGGER, Nexcage.SHOUT)) {
            Files.copy(good, main.plugins().resolve(good.getFileName()));
        }
        strict = Nexcage.create("nxcb")
                .javaOpts("-Dnexcage.require_signatures=true -Dnexcage.trusted_certs_dir=" + trustedDir
                        + " -Dnexcage.max_plugin_size_mb=1");
        main.start();
        strict.start();
        for (String good : List.of("hello", "custom-logger", "shout")) {
            main.awaitState(good, "active");
        }
        dropAll(stageA, main.plugins());
        dropAll(stageB, strict.plugins());
    }

    @AfterAll
    static void stopDaemons() {
        // the hung activator holds its bundle's lock for good: SIGTERM would wait for the 30 s
        // shutdown deadline, so these daemons are killed
        if (main != null) {
            main.close();
        }
        if (strict != null) {
            strict.close();
        }
        Nexcage.deleteTree(scratch);
    }

    // ---- checking ----------------------------------------------------------------------------

    private static Optional<JsonNode> entryOf(JsonNode list, Case c) {
        if (c.state.equals("rejected")) {
            return rejected(list, c.file);
        }
        List<JsonNode> of = byFile(list, c.file);
        return of.stream().filter(p -> !state(p).equals("rejected")).findFirst().or(() -> of.stream().findFirst());
    }

    /** Every case listed in its expected state (reasons are checked by the tests). */
    private static boolean settled(JsonNode list, List<Case> cases) {
        return cases.stream().allMatch(c -> entryOf(list, c).map(e -> state(e).equals(c.state)
                || c.file.startsWith("cyc-") && state(e).equals("rejected")).orElse(false));
    }

    private static JsonNode settledMain() {
        if (settledMain == null) {
            settledMain = main.awaitList("every corpus file is listed in its state", Duration.ofSeconds(20),
                    l -> settled(l, corpus));
        }
        return settledMain;
    }

    private static JsonNode settledStrict() {
        if (settledStrict == null) {
            settledStrict = strict.awaitList("every file of the signature corpus is listed in its state", Duration.ofSeconds(20),
                    l -> settled(l, strictCorpus));
        }
        return settledStrict;
    }

    private static void checkListed(JsonNode list, List<Case> cases, Nexcage d) {
        SoftAssertions soft = new SoftAssertions();
        for (Case c : cases) {
            Optional<JsonNode> e = entryOf(list, c);
            soft.assertThat(e).as("%s is listed", c).isPresent();
            if (e.isEmpty()) {
                continue;
            }
            JsonNode entry = e.get();
            soft.assertThat(entry.get("name").asText()).as("%s is listed under", c).isEqualTo(c.listedName);
            soft.assertThat(entry.get("file").asText()).as("file of %s", c).isEqualTo(c.file);
            if (c.file.startsWith("cyc-")) {
                soft.assertThat(state(entry)).as("state of %s", c).isIn("failed", "rejected");
            } else {
                soft.assertThat(state(entry)).as("state of %s", c).isEqualTo(c.state);
            }
            if (c.state.equals("active")) {
                soft.assertThat(entry.get("reason").isNull()).as("%s has no reason", c).isTrue();
            } else {
                for (String words : c.reason) {
                    soft.assertThat(reason(entry)).as("reason of %s", c).contains(words);
                }
                soft.assertThat(reason(entry)).as("reason of %s is one line", c).doesNotContain("\n");
            }
        }
        soft.assertThat(d.alive()).as("the daemon is alive").isTrue();
        soft.assertAll();
    }

    private static void checkValidate(List<Case> cases, Nexcage d) {
        SoftAssertions soft = new SoftAssertions();
        for (Case c : cases) {
            if (c.validateExit == null) {
                continue;
            }
            Path file = d.plugins().resolve(c.file);
            Nexcage.Result r = d.run("plugin", "validate", file.toString());
            soft.assertThat(r.exit()).as("plugin validate %s: %s", c, r).isEqualTo(c.validateExit);
            if (c.validateExit == 1) {
                List<String> lines = r.errLines();
                soft.assertThat(lines).as("plugin validate %s prints one line per problem: %s", c, r).hasSize(c.validateLines.size());
                for (String line : lines) {
                    soft.assertThat(line).as("plugin validate %s", c).startsWith("nexcage: " + c.file + ": ");
                }
                for (List<String> expected : c.validateLines) {
                    soft.assertThat(lines).as("plugin validate %s has a line with %s: %s", c, expected, r)
                            .anySatisfy(l -> assertThat(l).contains(expected));
                }
                soft.assertThat(r.out()).as("plugin validate %s prints nothing on stdout", c).isEmpty();
            } else {
                for (String words : c.validateOut) {
                    soft.assertThat(r.out()).as("plugin validate %s", c).contains(words);
                }
                soft.assertThat(r.out()).as("plugin validate %s", c).contains("resolves in this runtime: yes");
            }
        }
        soft.assertAll();
    }

    // ---- the tests ---------------------------------------------------------------------------

    @Test
    @Order(1)
    void theCorpusIsLargeEnough() {
        assertThat(corpus.stream().filter(c -> !c.state.equals("active")).count()).isGreaterThanOrEqualTo(20);
    }

    @Test
    @Order(2)
    void everyBrokenFileIsListedWithAReasonNamingItsRule() {
        checkListed(settledMain(), corpus, main);
    }

    @Test
    @Order(3)
    void validateReportsTheSameProblemsOneLinePerProblem() {
        settledMain();
        checkValidate(corpus, main);
    }

    @Test
    @Order(4)
    void filesThatAreNotPluginFilesAreNotListed() {
        JsonNode list = settledMain();
        for (String name : ignored) {
            assertThat(entries(list)).as("%s is not a plugin file", name)
                    .noneMatch(e -> e.get("file").asText().equals(name) || e.get("name").asText().equals(name));
        }
        assertThat(main.plugins().resolve(".hidden.nexcage-plugin")).as("left where it is").exists();
        // issue 21: a directory named like a plugin file is not passed over in silence
        assertThat(rejected(list, "folder.jar")).as("folder.jar is listed with a reason").hasValueSatisfying(
                e -> assertThat(reason(e)).isEqualTo("is a directory, not a plugin file; put the plugin JAR itself in the plugin directory"));
    }

    @Test
    @Order(5)
    void aRejectedFileIsLeftWhereItIs() {
        settledMain();
        for (Case c : corpus) {
            assertThat(main.plugins().resolve(c.file)).as("%s stays in the plugin directory", c).exists();
        }
    }

    @Test
    @Order(6)
    void aPluginStuckInItsActivatorRefusesReloadRemoveAndDisable() {
        settledMain();
        for (String op : List.of("reload", "disable", "remove")) {
            Nexcage.Result r = main.run("plugin", op, "hang");
            assertThat(r.exit()).as("plugin %s hang: %s", op, r).isEqualTo(1);
            assertThat(r.err()).as("plugin %s hang", op).contains("cannot " + op + " plugin hang").contains("restart the daemon");
        }
        assertThat(main.plugins().resolve("hang.nexcage-plugin")).as("remove deleted nothing").exists();
        JsonNode hang = plugin(main.list(), "hang").orElseThrow();
        assertThat(state(hang)).isEqualTo("failed");
        assertThat(reason(hang)).contains("did not return in 1 s");
    }

    @Test
    @Order(7)
    void withSignaturesRequiredOnlyTrustedSignedPluginsLoad() {
        checkListed(settledStrict(), strictCorpus, strict);
        Nexcage.Result hello = strict.run("hello", "Signed");
        assertThat(hello.exit()).as(hello.toString()).isZero();
        assertThat(hello.out()).isEqualTo("Hello, Signed!\n");
    }

    @Test
    @Order(8)
    void withSignaturesRequiredValidateSaysWhy() {
        settledStrict();
        checkValidate(strictCorpus, strict);
    }

    /**
     * The size in the oversize reason is the file's size rounded down, so a 1.5 MB file over a
     * 1 MB limit reads "is 1 MB, over the limit of 1 MB". The reason should state a size that
     * visibly exceeds the limit.
     */
    @Test
    @Order(9)
    void theOversizeReasonStatesASizeAboveTheLimit() {
        JsonNode oversize = rejected(settledStrict(), "oversize.nexcage-plugin").orElseThrow();
        assertThat(reason(oversize)).contains("over the limit of 1 MB").doesNotContain("is 1 MB, over the limit of 1 MB");
    }

    @Test
    @Order(20)
    void afterTheWholeCorpusTheGoodPluginsStillRun() {
        JsonNode list = settledMain();
        for (String good : List.of("hello", "custom-logger", "shout")) {
            JsonNode p = plugin(list, good).orElseThrow(() -> new AssertionError(good + " is not listed"));
            assertThat(state(p)).as(good).isEqualTo("active");
            assertThat(p.get("reason").isNull()).as(good).isTrue();
        }
        Nexcage.Result hello = main.run("hello", "World");
        assertThat(hello.exit()).as(hello.toString()).isZero();
        assertThat(hello.out()).isEqualTo("Hello, World!\n");
        Nexcage.Result shout = main.run("shout", "corpus");
        assertThat(shout.exit()).as(shout.toString()).isZero();
        assertThat(shout.out()).isEqualTo("HELLO, CORPUS!\n");
        Nexcage.Result health = main.run("plugin", "health", "hello");
        assertThat(health.exit()).as(health.toString()).isZero();
        assertThat(health.out()).contains("healthy");
        assertThat(main.alive()).isTrue();
    }

    /** Every file is judged once: a rejected file is not logged again at every rescan of the directory. */
    @Test
    @Order(21)
    void eachRejectionIsLoggedOnce() {
        JsonNode list = settledMain();
        // the directory is rescanned every 2 s: let a few rescans pass, polling the daemon meanwhile
        Nexcage.waiting("plugin list to keep answering through a few rescans", Duration.ofSeconds(30))
                .during(Duration.ofMillis(4500)).pollInterval(Duration.ofMillis(250)).until(() -> main.run("plugin", "list").exit() == 0);
        String log = main.daemonLog();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Case c : corpus) {
            if (!c.state.equals("rejected")) {
                continue;
            }
            int n = log.split(java.util.regex.Pattern.quote("rejected " + c.file + ":"), -1).length - 1;
            counts.put(c.file, n);
        }
        assertThat(counts).as("times each rejection was logged; plugin list was " + list.size() + " entries")
                .allSatisfy((file, n) -> assertThat(n).as(file).isEqualTo(1));
    }
}
