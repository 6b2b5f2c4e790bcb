package nexcage.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.Function;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.testkit.PluginJar;

/**
 * A broken-plugin corpus (after nexcage.e2e's BrokenPluginCorpusTest), built here and dropped
 * into {@code $nexcage.home/plugins}, where the core's real deployer finds it: each file must be
 * listed by {@code plugin:list --json} as {@code rejected} or {@code failed} with a reason naming
 * the header, value or rule it broke, and the hello plugin (deployed from the same directory when
 * the framework started) must go on running. The corpus is dropped once, by whichever test first
 * needs it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BrokenPluginsIT {

    /** What one corpus file must produce. */
    static final class Case {
        final String file;
        final String listedName;
        final String state;
        final List<String> reason;

        Case(String file, String listedName, String state, List<String> reason) {
            this.file = file;
            this.listedName = listedName;
            this.state = state;
            this.reason = reason;
        }

        @Override
        public String toString() {
            return file + " (" + state + ")";
        }
    }

    private static final String NAME = "NexCage-Plugin-Name";
    private static final String DEPS = "NexCage-Dependencies";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Await.DEFAULT;
    /** Files that are not plugin files: never listed, left alone. */
    private static final List<String> IGNORED = List.of(".hidden.nexcage-plugin", "README.txt");

    /** Set by the first test that drops the corpus (the framework, and so this class, serves every test). */
    private static List<Case> corpus;
    private static JsonNode settled;
    private static long helloBundleId = -1;

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor gogo;

    @Configuration
    public Option[] config() throws IOException {
        Path work = Frameworks.freshWork("itest-broken");
        // the good plugin is in the plugin directory when the framework starts, as in production
        Path hello = Paths.get(RuntimeIT.property("itest.hello.plugin"));
        if (!Files.isRegularFile(hello)) {
            throw new IllegalStateException(hello + " does not exist; build examples/hello first");
        }
        Files.copy(hello, work.resolve("home").resolve("plugins").resolve("hello-1.0.0.nexcage-plugin"));
        return Frameworks.runtime(work).toArray(new Option[0]);
    }

    // ---------------------------------------------------------------------------------------
    // the tests

    @Test
    public void everyBrokenFileIsListedWithAReasonNamingItsRule() throws Exception {
        JsonNode list = settled();
        assertTrue("the corpus has " + corpus.size() + " cases", corpus.stream().filter(c -> !c.state.equals("active")).count() >= 12);
        List<String> problems = new ArrayList<>();
        for (Case c : corpus) {
            Optional<JsonNode> found = entryOf(list, c);
            if (found.isEmpty()) {
                problems.add(c + ": not listed");
                continue;
            }
            JsonNode e = found.get();
            check(problems, c, "name", c.listedName, e.path("name").asText());
            check(problems, c, "file", c.file, e.path("file").asText());
            check(problems, c, "state", c.state, e.path("state").asText());
            String reason = e.path("reason").isNull() ? "" : e.path("reason").asText();
            if (c.state.equals("active")) {
                check(problems, c, "reason", "", reason);
            }
            for (String words : c.reason) {
                if (!reason.contains(words)) {
                    problems.add(c + ": the reason does not say '" + words + "': " + reason);
                }
            }
            if (reason.contains("\n")) {
                problems.add(c + ": the reason is not one line: " + reason);
            }
        }
        for (String name : IGNORED) {
            for (JsonNode e : list) {
                if (name.equals(e.path("file").asText()) || name.equals(e.path("name").asText())) {
                    problems.add(name + " is not a plugin file but is listed: " + e);
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " of the corpus's files are not listed as they should be:\n  " + String.join("\n  ", problems)
                    + "\nplugin:list --json: " + list);
        }
    }

    @Test
    public void rejectedAndFailedFilesAreLeftInThePluginDirectory() throws Exception {
        settled();
        Path dir = pluginDir();
        for (Case c : corpus) {
            assertTrue(c + " is no longer in " + dir, Files.exists(dir.resolve(c.file)));
        }
        for (String name : IGNORED) {
            assertTrue(name + " is no longer in " + dir, Files.exists(dir.resolve(name)));
        }
    }

    @Test
    public void afterTheCorpusTheGoodPluginStillRuns() throws Exception {
        JsonNode list = settled();
        JsonNode hello = plugin(list, "hello").orElseThrow(() -> new AssertionError("hello is not listed: " + list));
        assertEquals(hello.toString(), "active", hello.path("state").asText());
        assertTrue(hello.toString(), hello.path("reason").isNull());
        assertEquals(hello.toString(), "hello-1.0.0.nexcage-plugin", hello.path("file").asText());
        JsonNode info = gogoJson("plugin:info hello --json");
        assertEquals("hello's bundle was replaced while the corpus came: " + info, helloBundleId,
                info.path("bundle_id").asLong(-2));
        assertEquals(info.toString(), "healthy", info.path("health").asText());
        Bundle b = context.getBundle(helloBundleId);
        assertEquals(Bundle.ACTIVE, b.getState());

        waitForCommand("x", "hello");
        Gogo.Result r = Gogo.run(gogo, "x:hello World");
        assertNull("x:hello World failed after the corpus: " + r, r.value);
        assertEquals("Hello, World!", r.output.strip());

        // and the plugins the corpus has that are good are active too
        for (String good : List.of("twin", "evolve")) {
            JsonNode p = plugin(list, good).orElseThrow(() -> new AssertionError(good + " is not listed: " + list));
            assertEquals(p.toString(), "active", p.path("state").asText());
        }
    }

    // ---------------------------------------------------------------------------------------
    // the corpus

    private static PluginJar p(String name) {
        return PluginJars.plugin(name, name.replaceAll("[^A-Za-z0-9]", ""));
    }

    private static Case rejected(List<Case> into, Path stage, String file, String listedName, PluginJar b,
            String... reason) {
        return add(into, stage, file, listedName == null ? file : listedName, "rejected", b, reason);
    }

    private static Case failed(List<Case> into, Path stage, String file, String listedName, PluginJar b,
            String... reason) {
        return add(into, stage, file, listedName, "failed", b, reason);
    }

    private static Case add(List<Case> into, Path stage, String file, String listedName, String state, PluginJar b,
            String... reason) {
        if (b != null) {
            b.writeTo(stage.resolve(file));
        }
        Case c = new Case(file, listedName, state, List.of(reason));
        into.add(c);
        return c;
    }

    /** Writes the corpus into {@code stage}, and returns what each file must produce. */
    private static List<Case> buildCorpus(Path stage) throws IOException {
        List<Case> c = new ArrayList<>();
        // -- the manifest's NexCage headers
        rejected(c, stage, "bad-name-chars.nexcage-plugin", null, PluginJars.plugin("bad name!", "badnamechars"),
                NAME, "'bad name!'", "only letters, digits");
        rejected(c, stage, "noname-1.0.0.jar", null, p("noname").without(NAME), "NexCage-Plugin-Name is missing");
        rejected(c, stage, "desc-missing.nexcage-plugin", "desc-missing", p("desc-missing").without("Bundle-Description"),
                "Bundle-Description", "is empty");
        rejected(c, stage, "cap-unknown.nexcage-plugin", "cap-unknown",
                p("cap-unknown").header("NexCage-Capabilities", "logging,teleport"),
                "NexCage-Capabilities: 'teleport' is not a known capability");
        rejected(c, stage, "api-two.nexcage-plugin", "api-two", p("api-two").header("NexCage-Api-Version", "2"),
                "NexCage-Api-Version: 2 is not served", "serves API 1");
        rejected(c, stage, "runtime-range.nexcage-plugin", "runtime-range", p("runtime-range").header("NexCage-Version", "[0.9,1)"),
                "NexCage-Version: '[0.9,1)' does not include this runtime's version 0.8.0");
        rejected(c, stage, "res-memory-2049.nexcage-plugin", "res-memory-2049",
                p("res-memory-2049").header("NexCage-Resources", "max_memory_mb=2049"),
                "NexCage-Resources: max_memory_mb=2049 is out of bounds", "from 1 to 2048");
        // -- the file itself
        Files.writeString(stage.resolve("notazip.nexcage-plugin"), "this is not a zip file, just text\n");
        rejected(c, stage, "notazip.nexcage-plugin", null, null, "is not a zip file");
        try (OutputStream out = Files.newOutputStream(stage.resolve("nomanifest.nexcage-plugin"));
                ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("corpus/data.txt"));
            z.write("a zip, but no manifest\n".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        rejected(c, stage, "nomanifest.nexcage-plugin", null, null, "has no META-INF/MANIFEST.MF");
        rejected(c, stage, "notbundle.nexcage-plugin", "notbundle", p("notbundle").without("Bundle-SymbolicName"),
                "Bundle-SymbolicName is missing", "not an OSGi bundle");
        // -- the directory: two files of one name and version, and an older version beside a newer one
        Path twinA = p("twin").header("Bundle-Description", "the first twin").writeTo(stage.resolve("twin-a.nexcage-plugin"));
        Files.setLastModifiedTime(twinA, FileTime.from(Instant.now().minusSeconds(120)));
        add(c, stage, "twin-a.nexcage-plugin", "twin", "active", null);
        p("twin").header("Bundle-Description", "the second twin").writeTo(stage.resolve("twin-b.nexcage-plugin"));
        rejected(c, stage, "twin-b.nexcage-plugin", "twin", null,
                "plugin twin 1.0.0 is already provided by twin-a.nexcage-plugin", "remove one of the two files");
        rejected(c, stage, "evolve-1.0.0.nexcage-plugin", "evolve", p("evolve"),
                "superseded by evolve-1.1.0.nexcage-plugin (version 1.1.0)", "remove the older file");
        add(c, stage, "evolve-1.1.0.nexcage-plugin", "evolve", "active", p("evolve").header("Bundle-Version", "1.1.0"));
        // -- dependencies
        failed(c, stage, "dep-missing.nexcage-plugin", "dep-missing", p("dep-missing").header(DEPS, "ghost;version=\"[1.0,2)\""),
                "missing dependency ghost [1.0,2)", "install a plugin named ghost");
        failed(c, stage, "dep-mismatch.nexcage-plugin", "dep-mismatch", p("dep-mismatch").header(DEPS, "hello;version=\"[2.0,3)\""),
                "dependency hello [2.0,3) is not met", "version 1.0.0 is installed");
        // -- wiring
        failed(c, stage, "import-missing.nexcage-plugin", "import-missing",
                p("import-missing").header("Import-Package", "com.example.nowhere;version=\"[3,4)\""),
                "cannot resolve", "com.example.nowhere");
        // -- reaching into the core
        rejected(c, stage, "export-nexcage.nexcage-plugin", "export-nexcage",
                p("export-nexcage").header("Export-Package", "nexcage.evil;version=\"1.0.0\""),
                "Export-Package: 'nexcage.evil' is a package of the runtime", "nexcage.*");
        rejected(c, stage, "require-core.nexcage-plugin", "require-core", p("require-core").header("Require-Bundle", "nexcage.core"),
                "Require-Bundle: 'nexcage.core' is a core bundle");
        rejected(c, stage, "fragment.nexcage-plugin", "fragment", p("fragment").header("Fragment-Host", "nexcage.core"),
                "Fragment-Host: 'nexcage.core' is not allowed");
        // -- the framework refuses it: the symbolic name and version of the hello example
        rejected(c, stage, "bsn-clash.nexcage-plugin", "bsn-clash", p("bsn-clash").header("Bundle-SymbolicName", "nexcage.example.hello"),
                "the framework refused to install it");
        // -- code that misbehaves: an activator that throws (the class is nexcage.itest.plugins.BoomActivator)
        failed(c, stage, "boom.nexcage-plugin", "boom", PluginJars.withClasses(p("boom"), "BoomActivator")
                .header("Bundle-Activator", PluginJars.PLUGIN_CLASSES + "BoomActivator")
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\""),
                "start failed", "IllegalStateException", "corpus activator refuses to start");
        // -- not plugin files at all
        Files.writeString(stage.resolve(".hidden.nexcage-plugin"), "hidden: an editor's temporary file\n");
        Files.writeString(stage.resolve("README.txt"), "not a plugin\n");
        return c;
    }

    /**
     * The first time: waits for hello to be active and healthy, builds the corpus, moves it into the plugin directory (each
     * file by an atomic rename, oldest first) and waits until every file is listed in its state.
     */
    private JsonNode settled() throws Exception {
        if (settled != null) {
            return settled;
        }
        JsonNode hello = Await.until("plugin hello to be active and healthy", WAIT, () -> gogoJson("plugin:info hello --json"),
                j -> "active".equals(j.path("state").asText()) && "healthy".equals(j.path("health").asText()));
        helloBundleId = hello.path("bundle_id").asLong(-1);
        assertTrue("plugin:info hello --json has no bundle_id", helloBundleId >= 0);

        Path dir = pluginDir();
        Path stage = Files.createDirectories(dir.getParent().resolveSibling("corpus-stage"));
        List<Case> cases = buildCorpus(stage);
        corpus = cases;
        List<Path> files;
        try (var s = Files.list(stage)) {
            files = new ArrayList<>(s.toList());
        }
        files.sort(Comparator.comparing(f -> {
            try {
                return Files.getLastModifiedTime(f);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        for (Path f : files) {
            Files.move(f, dir.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            settled = Await.until("every corpus file listed in its state", Duration.ofSeconds(20),
                    () -> gogoJson("plugin:list --json"), l -> cases.stream().allMatch(c -> entryOf(l, c)
                            .map(e -> e.path("state").asText().equals(c.state)).orElse(false)));
        } catch (AssertionError timedOut) {
            // some file is not in its state: the tests say which, from the list as it is now
            settled = gogoJson("plugin:list --json");
        }
        return settled;
    }

    // ---------------------------------------------------------------------------------------
    // helpers

    private Path pluginDir() {
        return Paths.get(context.getProperty("nexcage.home"), "plugins");
    }

    /** A rejected case's rejected entry; for the others the entry of the file that is not rejected. */
    private static Optional<JsonNode> entryOf(JsonNode list, Case c) {
        List<JsonNode> ofFile = new ArrayList<>();
        for (JsonNode e : list) {
            if (c.file.equals(e.path("file").asText())) {
                ofFile.add(e);
            }
        }
        if (c.state.equals("rejected")) {
            return ofFile.stream().filter(e -> e.path("state").asText().equals("rejected")).findFirst();
        }
        return ofFile.stream().filter(e -> !e.path("state").asText().equals("rejected")).findFirst()
                .or(() -> ofFile.stream().findFirst());
    }

    /** The entry of the plugin with this name that is not a rejected file. */
    private static Optional<JsonNode> plugin(JsonNode list, String name) {
        for (JsonNode e : list) {
            if (name.equals(e.path("name").asText()) && !e.path("state").asText().equals("rejected")) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static void check(List<String> problems, Case c, String field, String expected, String actual) {
        if (!expected.equals(actual)) {
            problems.add(c + ": " + field + " is '" + actual + "', expected '" + expected + "'");
        }
    }

    private JsonNode gogoJson(String line) throws Exception {
        Gogo.Result r = Gogo.run(gogo, line);
        if (r.value != null) {
            throw new AssertionError(line + " failed: " + r);
        }
        return JSON.readTree(r.output);
    }

    private void waitForCommand(String scope, String function) throws Exception {
        String f = "(&(objectClass=" + Function.class.getName() + ")(osgi.command.scope=" + scope + ")(osgi.command.function="
                + function + "))";
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(f), null);
        tracker.open();
        try {
            if (tracker.waitForService(WAIT.toMillis()) == null) {
                fail("no Gogo command " + scope + ":" + function + " within " + WAIT.toMillis() + " ms");
            }
        } finally {
            tracker.close();
        }
    }
}
