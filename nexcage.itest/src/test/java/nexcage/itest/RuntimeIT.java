package nexcage.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
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
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.api.cli.CliCommand;

/**
 * The runtime's real bundles in Felix: are they all up, are plugins read, wired and rejected as
 * they should be. One framework serves every test of this class; each test brings what it needs
 * (the hello plugin is installed by whichever test first wants it) and removes what it breaks.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeIT {

    static final String HELLO_LOCATION = "nexcage:plugin/hello";
    /** A plugin whose file is in the plugin directory when the framework starts. */
    static final String PRELOADED = "itest-preloaded";
    /** A file in the plugin directory at start that is not a zip. */
    static final String NOT_A_ZIP = "itest-notazip.nexcage-plugin";
    static final int RUNTIME_START_LEVEL = 10;
    static final int FRAMEWORK_START_LEVEL = 30;
    static final int PLUGIN_START_LEVEL = 25;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Await.DEFAULT;

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor gogo;

    // ---------------------------------------------------------------------------------------
    // the framework (runs outside it, in the test JVM)

    @Configuration
    public Option[] config() throws IOException {
        Path work = Paths.get(property("itest.work")).toAbsolutePath();
        deleteTree(work);
        Path home = Files.createDirectories(work.resolve("home"));
        Path state = work.resolve("state");
        // a Unix socket path must stay short (the kernel allows 107 bytes): not under target/
        Path socketDir = Files.createTempDirectory(shortTempDir(), "nexcage-itest-");
        socketDir.toFile().deleteOnExit();
        Path socket = socketDir.resolve("nexcage.sock");

        // a valid plugin file waits in the plugin directory before the framework starts
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.write(plugins.resolve(PRELOADED + "-1.0.0.nexcage-plugin"), codelessPlugin(PRELOADED));
        // and a file that is not a plugin at all
        Files.writeString(plugins.resolve(NOT_A_ZIP), "this is not a zip file");

        List<Option> options = new ArrayList<>();
        // start levels as runtime.bndrun's: runtime bundles at 10, the framework ends at 30
        // (plugins the core deploys start at 25); the test probe starts at Pax Exam's level 5
        for (String uri : runtimeBundleUris()) {
            options.add(bundle(uri).startLevel(RUNTIME_START_LEVEL));
        }
        options.add(frameworkStartLevel(FRAMEWORK_START_LEVEL));
        options.add(frameworkProperty("felix.startlevel.bundle").value(String.valueOf(RUNTIME_START_LEVEL)));
        options.addAll(httpProperties());
        options.add(testBundles());
        // the core imports jdk.net (peer credentials of the control socket), as runtime.bndrun provides
        options.add(systemPackage("jdk.net"));
        // the accounting's allocation counter, as runtime.bndrun's -runsystempackages
        options.add(systemPackage("com.sun.management"));
        // the metrics bundle's HTTP listener (the JDK's server), likewise
        options.add(systemPackage("com.sun.net.httpserver"));
        options.add(frameworkProperty("nexcage.home").value(home.toString()));
        options.add(frameworkProperty("nexcage.state").value(state.toString()));
        options.add(frameworkProperty("nexcage.socket").value(socket.toString()));
        // as runtime.bndrun's -runproperties
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(frameworkProperty("felix.log.level").value("1"));
        options.add(frameworkProperty("ds.loglevel").value("warn"));
        return options.toArray(new Option[0]);
    }

    /** JUnit for the probe, and Awaitility (with its Hamcrest) for {@link Await}, from the files the POM names. */
    static Option testBundles() {
        List<Option> options = new ArrayList<>(List.of(junitBundles()));
        for (String p : property("itest.await.bundles").split(",")) {
            options.add(bundle(Paths.get(p.trim()).toAbsolutePath().normalize().toUri().toString()));
        }
        return composite(options.toArray(new Option[0]));
    }

    /** As runtime.bndrun's -runproperties: an unconfigured Felix HTTP Jetty opens no port. */
    static List<Option> httpProperties() {
        return List.of(frameworkProperty("org.apache.felix.http.enable").value("false"),
                frameworkProperty("org.apache.felix.https.enable").value("false"),
                frameworkProperty("org.apache.felix.http.require.config").value("true"));
    }

    /** The runtime's bundle files the POM lists, as the URIs they are installed from. */
    static List<String> runtimeBundleUris() {
        List<String> uris = new ArrayList<>();
        for (String p : property("itest.runtime.bundles").split(",")) {
            if (p.isBlank()) {
                continue;
            }
            Path file = Paths.get(p.trim()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(file + " does not exist; build the reactor first (mvn -DskipTests install)");
            }
            uris.add(file.toUri().toString());
        }
        return uris;
    }

    private static Path shortTempDir() {
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        return tmp.toString().length() <= 40 ? tmp : Paths.get("/tmp");
    }

    static String property(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run the tests through Maven "
                    + "(mvn -pl nexcage.itest verify), whose POM sets it");
        }
        return v;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // 1. the runtime is up

    @Test
    public void runtimeBundlesAndCoreComponentsAreActive() throws Exception {
        Path bndrun = Paths.get(property("itest.runtime.bndrun"));
        Bundles.RunBundle fw = Bundles.instruction(bndrun, "-runfw").get(0);
        Bundle system = context.getBundle(0);
        assertTrue("the framework is " + system.getSymbolicName() + " " + system.getVersion() + ", runtime.bndrun runs " + fw,
                fw.matches(system));

        List<Bundles.RunBundle> runBundles = Bundles.instruction(bndrun, "-runbundles");
        assertRuntimeActive(runBundles);
        // and the test runs nothing in their place that runtime.bndrun does not run
        for (String uri : runtimeBundleUris()) {
            Bundle b = context.getBundle(uri);
            assertNotNull("not installed: " + uri, b);
            assertTrue(b.getSymbolicName() + " " + b.getVersion() + " (" + uri + ") is not in runtime.bndrun's -runbundles "
                    + runBundles + "; keep the POM's itest.runtime.bundles in step with it",
                    runBundles.stream().anyMatch(rb -> rb.matches(b)));
        }

        assertComponentsActive();

        // the built-ins are Gogo commands, and plugin:list answers with its table
        for (String[] cmd : new String[][] {{"plugin", "list"}, {"plugin", "info"}, {"plugin", "health"},
                {"nexcage", "version"}}) {
            waitForCommand(cmd[0], cmd[1]);
        }
        Gogo.Result list = Gogo.run(gogo, "plugin:list");
        assertNull("plugin:list failed: " + list, list.value);
        String header = list.output.lines().findFirst().orElse("");
        assertTrue("plugin:list printed no table:\n" + list.output,
                header.matches("NAME +VERSION +STATE +HEALTH +FILE +SIGNER +SANDBOX +REASON"));

        // the control socket is served, and the daemon said so in its log under nexcage.state
        Path socket = Paths.get(context.getProperty("nexcage.socket"));
        Path log = Paths.get(context.getProperty("nexcage.state"), "logs", "nexcage.log");
        Await.until("the log line announcing the control socket in " + log, WAIT,
                () -> Files.exists(log) ? Files.readString(log) : "(no log file)",
                text -> text.contains("ready: serving commands on " + socket));
        assertTrue(socket + " is not there", Files.exists(socket));
    }

    // ---------------------------------------------------------------------------------------
    // 2. a plugin's metadata is read

    @Test
    public void helloPluginMetadataIsRead() throws Exception {
        Bundle hello = startHello();
        // active, and healthy once the core has called its init and health check
        JsonNode info = Await.until("plugin hello to be active and healthy", WAIT, () -> gogoJson("plugin:info hello --json"),
                j -> "active".equals(j.path("state").asText()) && "healthy".equals(j.path("health").asText()));
        assertEquals(info.toString(), "hello", info.path("name").asText());
        assertEquals(info.toString(), "1.0.0", info.path("version").asText());
        assertEquals(info.toString(), List.of("logging"), strings(info.path("capabilities")));
        assertEquals(info.toString(), 32, info.path("resources").path("max_memory_mb").asInt(-1));
        assertEquals(info.toString(), 10, info.path("resources").path("timeout_seconds").asInt(-1));
        assertEquals(info.toString(), 1, info.path("api_version").asInt(-1));
        assertEquals(info.toString(), "[0.8,1)", info.path("nexcage_version").asText());
        assertEquals(info.toString(), hello.getBundleId(), info.path("bundle_id").asLong(-1));
        assertTrue(info.toString(), info.path("reason").isNull());

        JsonNode listed = entry(gogoJson("plugin:list --json"), "hello");
        assertEquals(listed.toString(), "1.0.0", listed.path("version").asText());
        assertEquals(listed.toString(), "active", listed.path("state").asText());
        assertEquals(listed.toString(), List.of("logging"), strings(listed.path("capabilities")));
    }

    // ---------------------------------------------------------------------------------------
    // 3. the plugin's command is wired into Gogo

    @Test
    public void helloCommandAnswersThroughGogo() throws Exception {
        Bundle hello = startHello();
        ServiceReference<CliCommand> ref = Await.until("a CliCommand service named hello", WAIT,
                () -> helloCommand(), r -> r != null);
        assertEquals("the hello command is not hello's service", hello, ref.getBundle());
        waitForCommand("x", "hello");

        Gogo.Result r = Gogo.run(gogo, "x:hello World");
        assertNull("x:hello World failed: " + r, r.value);
        assertEquals("Hello, World!", r.output.strip());

        r = Gogo.run(gogo, "x:hello Ada");
        assertNull("x:hello Ada failed: " + r, r.value);
        assertEquals("Hello, Ada!", r.output.strip());

        // the plugin's own argument check runs (hello takes at most one name), and the core turns
        // its ValidationException into "nexcage hello: MESSAGE" and exit status 2
        r = Gogo.run(gogo, "x:hello Ada Lovelace");
        assertEquals(r.toString(), "exit status 2", r.value);
        assertTrue(r.toString(), r.output.startsWith("nexcage hello: "));
    }

    // ---------------------------------------------------------------------------------------
    // 4. broken headers are reported, and nothing else stops

    @Test
    public void pluginsWithBrokenHeadersAreRejectedWithAReason() throws Exception {
        Bundle hello = startHello();
        List<Bundle> installed = new ArrayList<>();
        try {
            installed.add(installBroken("itest.badname", Map.of("NexCage-Plugin-Name", "bad plugin")));
            installed.add(installBroken("itest.teleporter",
                    Map.of("NexCage-Plugin-Name", "teleporter", "NexCage-Capabilities", "teleport")));

            JsonNode list = Await.until("both broken plugins listed as rejected", WAIT, () -> gogoJson("plugin:list --json"),
                    j -> "rejected".equals(find(j, "bad plugin").path("state").asText())
                            && "rejected".equals(find(j, "teleporter").path("state").asText()));
            // each reason names the header and the value that broke the rule: {listed name, header, value}
            for (String[] c : new String[][] {{"bad plugin", "NexCage-Plugin-Name", "'bad plugin'"},
                    {"teleporter", "NexCage-Capabilities", "'teleport'"}}) {
                String reason = find(list, c[0]).path("reason").asText();
                assertTrue("the reason for " + c[0] + " does not name the header " + c[1] + ": " + reason, reason.contains(c[1]));
                assertTrue("the reason for " + c[0] + " does not name the value " + c[2] + ": " + reason, reason.contains(c[2]));
            }

            // nothing else stopped: hello is active and answers, the runtime is up
            assertEquals(list.toString(), "active", entry(list, "hello").path("state").asText());
            assertEquals(Bundle.ACTIVE, hello.getState());
            Gogo.Result r = Gogo.run(gogo, "x:hello World");
            assertNull("x:hello failed after the broken plugins came: " + r, r.value);
            assertEquals("Hello, World!", r.output.strip());
            assertRuntimeActive(Bundles.instruction(Paths.get(property("itest.runtime.bndrun")), "-runbundles"));
            assertComponentsActive();

            // an uninstalled broken plugin leaves the list
            for (Bundle b : installed) {
                b.uninstall();
            }
            installed.clear();
            Await.until("the broken plugins to leave plugin:list", WAIT, () -> gogoJson("plugin:list --json"),
                    j -> find(j, "bad plugin").isMissingNode() && find(j, "teleporter").isMissingNode());
        } finally {
            for (Bundle b : installed) {
                b.uninstall();
            }
        }
    }

    /** Installs and starts a code-less plugin bundle with these NexCage headers (and the required others). */
    private Bundle installBroken(String symbolicName, Map<String, String> nexcageHeaders) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>(nexcageHeaders);
        headers.put("Bundle-Description", "A plugin with a broken header, made by the integration tests");
        headers.putIfAbsent("NexCage-Api-Version", "1");
        String location = "nexcage:plugin/" + headers.get("NexCage-Plugin-Name").replace(' ', '-');
        Bundle b = context.installBundle(location, new ByteArrayInputStream(Bundles.withHeaders(symbolicName, headers)));
        b.start();
        return b;
    }

    // ---------------------------------------------------------------------------------------
    // the core's deployer: the plugin directory

    @Test
    public void pluginFilesInThePluginDirectoryAtStartAreDeployedOrRejected() throws Exception {
        // failed and rejected do not change by themselves: stop waiting at those too
        JsonNode info = Await.until("plugin " + PRELOADED + " to be active", WAIT,
                () -> gogoJson("plugin:info " + PRELOADED + " --json"),
                j -> List.of("active", "failed", "rejected").contains(j.path("state").asText()));
        assertEquals(info.toString(), "active", info.path("state").asText());
        assertEquals(info.toString(), PRELOADED + "-1.0.0.nexcage-plugin", info.path("file").asText());
        assertTrue(info.toString(), info.path("reason").isNull());
        Bundle b = context.getBundle(info.path("bundle_id").asLong(-1));
        assertNotNull(info.toString(), b);
        assertEquals("nexcage:plugin/" + PRELOADED, b.getLocation());
        assertEquals(PLUGIN_START_LEVEL, b.adapt(BundleStartLevel.class).getStartLevel());

        // the file that is not a zip is listed under its file name, rejected with the reason
        JsonNode notZip = Await.until(NOT_A_ZIP + " listed as rejected", WAIT, () -> gogoJson("plugin:list --json"),
                j -> "rejected".equals(find(j, NOT_A_ZIP).path("state").asText()));
        String reason = find(notZip, NOT_A_ZIP).path("reason").asText();
        assertTrue("the reason does not say it is not a zip: " + reason, reason.contains("not a zip"));
    }

    @Test
    public void pluginFileDroppedInIsDeployedAndItsRemovalUninstallsIt() throws Exception {
        String name = "itest-dropped";
        Path dir = Paths.get(context.getProperty("nexcage.home"), "plugins");
        Path file = dir.resolve(name + "-1.0.0.nexcage-plugin");
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.write(tmp, codelessPlugin(name));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        try {
            JsonNode list = Await.until("plugin " + name + " to be deployed and active", WAIT,
                    () -> gogoJson("plugin:list --json"),
                    j -> List.of("active", "failed", "rejected").contains(find(j, name).path("state").asText()));
            assertEquals(list.toString(), "active", find(list, name).path("state").asText());
            assertEquals(list.toString(), file.getFileName().toString(), find(list, name).path("file").asText());
            Bundle b = context.getBundle("nexcage:plugin/" + name);
            assertNotNull("nothing installed at nexcage:plugin/" + name, b);

            Files.delete(file);
            Await.until("plugin " + name + " to be uninstalled after its file was deleted", WAIT,
                    () -> context.getBundle("nexcage:plugin/" + name) == null
                            && find(gogoJson("plugin:list --json"), name).isMissingNode(),
                    gone -> gone);
            assertEquals(Bundle.UNINSTALLED, b.getState());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A valid plugin without code: the core installs and starts it, and it has nothing to run. */
    static byte[] codelessPlugin(String name) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Bundle-Description", "A plugin without code, made by the integration tests");
        headers.put("NexCage-Plugin-Name", name);
        headers.put("NexCage-Api-Version", "1");
        return Bundles.withHeaders("itest." + name, headers);
    }

    // ---------------------------------------------------------------------------------------
    // the control socket serves the same commands to the nexcage client

    @Test
    public void controlSocketServesCommands() throws Exception {
        startHello();
        waitForCommand("x", "hello");
        Path socket = Paths.get(context.getProperty("nexcage.socket"));
        Reply version = control(socket, "{\"argv\":[\"version\"]}");
        assertEquals(version.toString(), 0, version.status);
        Version core = Stream.of(context.getBundles()).filter(b -> b.getSymbolicName().equals("nexcage.core")).findFirst()
                .orElseThrow().getVersion();
        String expected = "nexcage daemon " + core.getMajor() + "." + core.getMinor() + "." + core.getMicro()
                + " (Apache Felix " + context.getBundle(0).getVersion() + ", Java " + System.getProperty("java.version") + ")";
        assertEquals(version.toString(), expected, version.stdout.strip());

        Reply hello = control(socket, "{\"argv\":[\"hello\",\"Socket\"]}");
        assertEquals(hello.toString(), 0, hello.status);
        assertEquals(hello.toString(), "Hello, Socket!\n", hello.stdout);

        Reply unknown = control(socket, "{\"argv\":[\"no-such-command\"]}");
        assertEquals(unknown.toString(), 2, unknown.status);
        assertTrue(unknown.toString(), unknown.stderr.contains("unknown command 'no-such-command'"));
    }

    /** What the daemon answered on its control socket: the frames of stdout, stderr and the exit status. */
    private static final class Reply {
        final String stdout;
        final String stderr;
        final int status;

        Reply(String stdout, String stderr, int status) {
            this.stdout = stdout;
            this.stderr = stderr;
            this.status = status;
        }

        @Override
        public String toString() {
            return "exit " + status + ", stdout: " + stdout + ", stderr: " + stderr;
        }
    }

    private static Reply control(Path socket, String request) throws Exception {
        ExecutorService exchange = Executors.newSingleThreadExecutor();
        try {
            Future<Reply> reply = exchange.submit(() -> {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    OutputStream out = Channels.newOutputStream(ch);
                    out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    InputStream in = Channels.newInputStream(ch);
                    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
                    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
                    while (true) {
                        byte[] header = in.readNBytes(5);
                        if (header.length < 5) {
                            throw new AssertionError("the daemon closed the connection before the exit status; got " + stdout
                                    + stderr);
                        }
                        int len = ((header[1] & 0xff) << 24) | ((header[2] & 0xff) << 16) | ((header[3] & 0xff) << 8)
                                | (header[4] & 0xff);
                        byte[] payload = in.readNBytes(len);
                        switch (header[0]) {
                            case '1':
                                stdout.write(payload);
                                break;
                            case '2':
                                stderr.write(payload);
                                break;
                            case 'x':
                                return new Reply(stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8),
                                        Integer.parseInt(new String(payload, StandardCharsets.US_ASCII)));
                            default:
                                throw new AssertionError("unknown frame type " + header[0]);
                        }
                    }
                }
            });
            return reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            exchange.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------
    // helpers

    /** Installs the hello plugin file as the core would (location nexcage:plugin/hello), once, and starts it. */
    private Bundle startHello() throws Exception {
        Path file = Paths.get(property("itest.hello.plugin"));
        assertTrue(file + " does not exist; build examples/hello first", Files.isRegularFile(file));
        Bundle hello = Bundles.installOnce(context, HELLO_LOCATION, file);
        hello.start();
        Await.until("hello to be ACTIVE", WAIT, hello::getState, s -> s == Bundle.ACTIVE);
        return hello;
    }

    private void assertRuntimeActive(List<Bundles.RunBundle> runBundles) {
        for (Bundles.RunBundle rb : runBundles) {
            Await.until(rb + " to be installed and ACTIVE", WAIT,
                    () -> Stream.of(context.getBundles()).filter(rb::matches).map(RuntimeIT::describe).findFirst()
                            .orElse("not installed"),
                    s -> s.endsWith("ACTIVE"));
        }
    }

    @Test
    public void jettyOpensNoPortWithoutTheApi() throws Exception {
        // Jetty runs (runtime.bundles above) and waits for its configuration (a ManagedService of its PID)
        Await.until("Jetty to wait for its configuration", WAIT,
                () -> context.getServiceReferences("org.osgi.service.cm.ManagedService", "(service.pid=org.apache.felix.http)"),
                refs -> refs != null && refs.length > 0);
        // which only the API gives: without runtime.api.listen no connector, never Jetty's default 8080
        ServiceReference<?>[] runtimes = context.getServiceReferences("org.osgi.service.servlet.runtime.HttpServiceRuntime", null);
        for (ServiceReference<?> r : runtimes == null ? new ServiceReference<?>[0] : runtimes) {
            Object endpoints = r.getProperty("osgi.http.endpoint");
            assertTrue("an unconfigured Jetty serves " + endpoints, endpoints == null || java.lang.reflect.Array.getLength(endpoints) == 0);
        }
        assertFalse("an unconfigured Jetty opened 8080", listening(8080));
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every component of the NexCage bundles is active (or satisfied, when nothing uses a delayed one). */
    private void assertComponentsActive() throws Exception {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class, null);
        Bundle[] nexcage = Stream.of(context.getBundles()).filter(b -> b.getSymbolicName().startsWith("nexcage.")
                && b.getLocation().startsWith("file:")).toArray(Bundle[]::new);
        assertTrue("no nexcage.core among " + List.of(nexcage),
                Stream.of(nexcage).anyMatch(b -> b.getSymbolicName().equals("nexcage.core")));
        for (Bundle b : nexcage) {
            Await.until("the components of " + b.getSymbolicName() + " to be active", WAIT,
                    () -> componentProblems(scr, b), List::isEmpty);
        }
        Bundle core = Stream.of(nexcage).filter(b -> b.getSymbolicName().equals("nexcage.core")).findFirst().get();
        assertFalse("nexcage.core has no components", scr.getComponentDescriptionDTOs(core).isEmpty());
    }

    private static List<String> componentProblems(ServiceComponentRuntime scr, Bundle b) {
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            if (!scr.isComponentEnabled(d)) {
                problems.add(d.name + " is disabled");
                continue;
            }
            var configs = scr.getComponentConfigurationDTOs(d);
            if (configs.isEmpty()) {
                problems.add(d.name + " has no configuration");
            }
            for (ComponentConfigurationDTO c : configs) {
                if (c.state == ComponentConfigurationDTO.ACTIVE || c.state == ComponentConfigurationDTO.SATISFIED) {
                    continue;
                }
                StringBuilder p = new StringBuilder(d.name).append(" is in state ").append(c.state);
                for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
                    p.append(", reference ").append(u.name).append(" unsatisfied");
                }
                if (c.failure != null) {
                    p.append(", failure: ").append(c.failure.lines().findFirst().orElse(""));
                }
                problems.add(p.toString());
            }
        }
        return problems;
    }

    private static String describe(Bundle b) {
        String[] states = {"UNINSTALLED", "INSTALLED", "RESOLVED", "STARTING", "STOPPING", "ACTIVE"};
        int i = Integer.numberOfTrailingZeros(b.getState());
        return b.getSymbolicName() + " " + b.getVersion() + " " + (i < states.length ? states[i] : "state " + b.getState());
    }

    private <T> T service(Class<T> type, String filter) throws Exception {
        String f = "(objectClass=" + type.getName() + ")";
        if (filter != null) {
            f = "(&" + f + filter + ")";
        }
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(f), null);
        tracker.open();
        try {
            T s = tracker.waitForService(WAIT.toMillis());
            if (s == null) {
                fail("no service " + f + " within " + WAIT.toMillis() + " ms");
            }
            return s;
        } finally {
            tracker.close();
        }
    }

    /** Waits for the Gogo command scope:function. */
    private void waitForCommand(String scope, String function) throws Exception {
        service(org.apache.felix.service.command.Function.class,
                "(osgi.command.scope=" + scope + ")(osgi.command.function=" + function + ")");
    }

    private ServiceReference<CliCommand> helloCommand() throws Exception {
        for (ServiceReference<CliCommand> ref : context.getServiceReferences(CliCommand.class, null)) {
            CliCommand c = context.getService(ref);
            try {
                if (c != null && "hello".equals(c.name())) {
                    return ref;
                }
            } finally {
                context.ungetService(ref);
            }
        }
        return null;
    }

    /** Runs a Gogo command that prints JSON and must succeed. */
    private JsonNode gogoJson(String line) throws Exception {
        Gogo.Result r = Gogo.run(gogo, line);
        if (r.value != null) {
            throw new AssertionError(line + " failed: " + r);
        }
        return JSON.readTree(r.output);
    }

    /** The entry of the named plugin in plugin:list --json; fails when it is not there. */
    private static JsonNode entry(JsonNode list, String name) {
        JsonNode e = find(list, name);
        if (e.isMissingNode()) {
            throw new AssertionError("no plugin " + name + " in " + list);
        }
        return e;
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode e : list) {
            if (name.equals(e.path("name").asText())) {
                return e;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
