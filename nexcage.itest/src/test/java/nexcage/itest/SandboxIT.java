package nexcage.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import nexcage.api.cli.CliCommand;
import nexcage.api.cli.CommandContext;
import nexcage.api.hooks.HookDispatcher;
import nexcage.api.hooks.HookResult;
import nexcage.sandbox.bridge.BridgeLink;
import nexcage.sandbox.bridge.ChildCommand;
import nexcage.sandbox.bridge.SandboxBridge;
import nexcage.testkit.PluginJar;

/**
 * The sandbox bridge with real child JVMs (started with a plain ProcessBuilder, no isolation) and a
 * stub bundle in the daemon's framework, as the sandbox bundle will install it: the hello example
 * answers through the core's command path and takes a configuration change live; a probe plugin's
 * lifecycle, hook veto, streamed command output and guarded calls cross, the guard checking the
 * plugin in the daemon; the child's death closes the link and withdraws its services.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SandboxIT {
    private static final String PROBE = "itest-sandbox-probe";
    private static final Duration START = Duration.ofSeconds(60);

    @Inject
    private BundleContext context;

    @Inject
    private org.apache.felix.service.command.CommandProcessor gogo;

    @Inject
    private HookDispatcher dispatcher;

    @Configuration
    public Option[] config() throws IOException {
        return Frameworks.runtime(Frameworks.freshWork("itest-sandbox")).toArray(new Option[0]);
    }

    /** A child, its stub and the link between them. */
    private record Sandboxed(Process process, Bundle stub, BridgeLink link, Path dir) {
        void stop() throws Exception {
            link.close();
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            stub.uninstall();
            Frameworks.deleteTree(dir);
        }
    }

    @Test
    public void helloAnswersTheSameInItsSandboxAndTakesAConfigurationChangeLive() throws Exception {
        Path hello = Paths.get(RuntimeIT.property("itest.hello.plugin")).toAbsolutePath();
        Sandboxed s = start("hello", hello);
        try {
            assertEquals("Hello, World!\n", Await.until("x:hello World", START, () -> Gogo.run(gogo, "x:hello World").output,
                    o -> o.startsWith("Hello")));
            Await.until("hello's init in the daemon's log", Await.DEFAULT, this::log, l -> l.contains("Plugin 'hello' initialized"));

            ConfigurationAdmin admin = context.getService(context.getServiceReference(ConfigurationAdmin.class));
            org.osgi.service.cm.Configuration cfg = admin.getConfiguration("nexcage.plugin.hello", "?");
            Hashtable<String, Object> props = new Hashtable<>(Map.of("greeting", "Howdy", "repeat", 2));
            cfg.update(props);
            assertEquals("Howdy, Ada!\nHowdy, Ada!\n", Await.until("the new greeting", Await.DEFAULT,
                    () -> Gogo.run(gogo, "x:hello Ada").output, o -> o.startsWith("Howdy")));
            cfg.delete();
        } finally {
            s.stop();
        }
        Await.until("hello's deinit, across the link as it closed", Await.DEFAULT, this::log,
                l -> l.contains("Plugin 'hello' shutting down"));
    }

    @Test
    public void lifecycleHooksCommandsAndGuardedCallsCrossAndTheChildsDeathWithdrawsItsServices() throws Exception {
        PluginJar jar = PluginJars.plugin(PROBE, "sandbox.probe")
                .header("Bundle-Activator", PluginJars.PLUGIN_CLASSES + "SandboxProbeActivator")
                .header("NexCage-Capabilities", "logging,system_info")
                .header("NexCage-Resources", "timeout_seconds=5")
                .header("Import-Package", "nexcage.api;version=\"[1.0,2)\",nexcage.api.cli;version=\"[1.0,2)\","
                        + "nexcage.api.hooks;version=\"[1.0,2)\",nexcage.api.containers;version=\"[1.0,2)\","
                        + "nexcage.api.runtime;version=\"[1.0,2)\",nexcage.api.backend;version=\"[1.0,2)\","
                        + "org.osgi.framework;version=\"[1.8,2)\"");
        Path file = Files.createTempDirectory(Paths.get("/tmp"), "nxsb-jar-").resolve("probe.nexcage-plugin");
        PluginJars.withClasses(jar, "SandboxProbeActivator").writeTo(file);
        Sandboxed s = start(PROBE, file);
        Frameworks.deleteTree(file.getParent());
        AtomicBoolean closed = new AtomicBoolean();
        s.link().onClosed(() -> closed.set(true));

        // init, then the health check the core makes after it, each with the log line they write through the daemon
        Await.until("the probe's init and health check", START, this::log,
                l -> l.contains("sandbox probe init " + PROBE + " pid " + s.process().pid()) && l.contains("sandbox probe health"));

        HookResult vetoed = dispatcher.fire("container.pre_create", "core", Map.of("container_id", "c1", "veto", "yes"));
        assertTrue(vetoed.toString(), vetoed.vetoed());
        assertEquals(PROBE, vetoed.vetoedBy());
        assertEquals("the probe says no", vetoed.reason());
        HookResult passed = dispatcher.fire("container.pre_create", "core", Map.of("container_id", "c2"));
        assertFalse(passed.toString(), passed.vetoed());
        assertEquals("sbprobe", passed.metadata().get("seen_by"));

        assertEquals("denied container_list containers.list\n", Gogo.run(gogo, "x:sbprobe containers").output);
        assertTrue("the denied call is the probe's violation in the daemon", SecurityView.violations(context, PROBE, Await.DEFAULT)
                .stream().anyMatch(v -> v.capability().equals("container_list") && v.operation().equals("containers.list")));
        assertTrue(Gogo.run(gogo, "x:sbprobe sysinfo").output, Gogo.run(gogo, "x:sbprobe sysinfo").output.matches("ok \\d+\\.\\d+\\.\\d+.*\n"));

        CliCommand command = command("sbprobe");
        assertEquals("sbprobe", command.name());
        assertEquals("Probes the sandbox from inside it", command.description());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(7, command.execute(context(out, err, Path.of("/srv/work")), List.of("cwd")));
        assertEquals("/srv/work false\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("to stderr\n", err.toString(StandardCharsets.UTF_8));

        // the first line arrives while the command still runs: it waits for a file the test makes only once it saw the line
        Path go = s.dir().resolve("go");
        StringBuffer streamed = new StringBuffer();
        OutputStream live = new OutputStream() {
            @Override
            public void write(int b) {
                streamed.append((char) b);
            }
        };
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> {
            try {
                return command.execute(context(live, new ByteArrayOutputStream(), Path.of("/")), List.of("stream", go.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the first line while the command runs", Await.DEFAULT, streamed::toString, o -> o.equals("first\n"));
        assertFalse(running.isDone());
        Files.createFile(go);
        assertEquals(Integer.valueOf(0), running.get(10, TimeUnit.SECONDS));
        assertEquals("first\nsecond\n", streamed.toString());

        // a backend's calls: output streams, the API's exception, a callback and the handle that ends it
        nexcage.api.backend.ContainerBackend backend = registered(s.stub(), nexcage.api.backend.ContainerBackend.class);
        assertEquals("sbprobe", backend.name());
        ByteArrayOutputStream bout = new ByteArrayOutputStream();
        ByteArrayOutputStream berr = new ByteArrayOutputStream();
        assertEquals(3, backend.exec("c1", List.of("echo", "hi"), bout, berr));
        assertEquals("c1 [echo, hi]\n", bout.toString(StandardCharsets.UTF_8));
        assertEquals("err\n", berr.toString(StandardCharsets.UTF_8));
        try {
            backend.info("c9");
            throw new AssertionError("info of a missing container did not throw");
        } catch (nexcage.api.backend.BackendException e) {
            assertEquals(nexcage.api.backend.BackendException.Reason.NO_SUCH_CONTAINER, e.reason());
            assertEquals("no container c9 on the probe", e.getMessage());
        }
        List<nexcage.api.backend.ContainerEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        AutoCloseable watching = backend.events(events::add);
        assertEquals(List.of(new nexcage.api.backend.ContainerEvent("c1", "die", nexcage.api.backend.ContainerStatus.STOPPED, 1)), events);
        watching.close();
        assertEquals("closed", events.get(1).action());

        s.process().destroyForcibly();
        Await.until("the link to notice the child's death", Await.DEFAULT, closed::get, c -> c);
        assertFalse(s.link().alive());
        ServiceReference<?>[] left = s.stub().getRegisteredServices();
        List<String> proxies = new java.util.ArrayList<>();
        for (ServiceReference<?> r : left == null ? new ServiceReference<?>[0] : left) {
            if (r.getProperty("nexcage.sandboxed") != null) {
                proxies.add(Arrays.toString((String[]) r.getProperty("objectClass")));
            }
        }
        assertEquals("the child's proxies are withdrawn", List.of(), proxies);
        s.stop();
    }

    private Sandboxed start(String name, Path jar) throws Exception {
        SandboxBridge bridge = Await.until("the sandbox bridge", Await.DEFAULT, () -> {
            ServiceReference<SandboxBridge> ref = context.getServiceReference(SandboxBridge.class);
            return ref == null ? null : context.getService(ref);
        }, b -> b != null);
        Path dir = Files.createTempDirectory(Paths.get("/tmp"), "nxsb-");
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("tmp"));
        Path socket = dir.resolve("child.sock");
        ChildCommand command = bridge.childCommand(name, jar, socket, dir.resolve("data"), dir.resolve("tmp"));
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command.argv()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.out").toFile()).start();
        Bundle stub = context.installBundle("nexcage:plugin/" + name, new java.io.ByteArrayInputStream(stubOf(jar)));
        stub.start();
        BridgeLink link = bridge.open(name, socket, stub.getBundleContext(), START);
        System.out.println("sandbox: " + name + " ready " + (System.nanoTime() - t0) / 1_000_000 + " ms after exec");
        return new Sandboxed(process, stub, link, dir);
    }

    /** The stub the sandbox bundle makes: the real manifest's identity and NexCage headers, no code, no imports. */
    static byte[] stubOf(Path jar) throws IOException {
        Manifest real;
        try (JarFile j = new JarFile(jar.toFile())) {
            real = j.getManifest();
        }
        Manifest stub = new Manifest();
        Attributes a = stub.getMainAttributes();
        a.putValue("Manifest-Version", "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        real.getMainAttributes().forEach((k, v) -> {
            String key = k.toString();
            if (List.of("Bundle-SymbolicName", "Bundle-Version", "Bundle-Name", "Bundle-Description").contains(key)
                    || key.startsWith("NexCage-")) {
                a.putValue(key, v.toString());
            }
        });
        a.putValue("NexCage-Sandboxed", "process");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, stub)) {
            // a manifest only
        }
        return bytes.toByteArray();
    }

    private <T> T registered(Bundle stub, Class<T> type) {
        for (ServiceReference<?> r : stub.getRegisteredServices()) {
            if (Arrays.asList((String[]) r.getProperty("objectClass")).contains(type.getName())) {
                return type.cast(context.getService(r));
            }
        }
        throw new AssertionError("the stub has no " + type.getName());
    }

    private CliCommand command(String name) throws Exception {
        return Await.until("the command " + name, Await.DEFAULT, () -> {
            for (ServiceReference<CliCommand> r : context.getServiceReferences(CliCommand.class, null)) {
                CliCommand c = context.getService(r);
                if (c != null && name.equals(c.name())) {
                    return c;
                }
            }
            return null;
        }, c -> c != null);
    }

    private static CommandContext context(OutputStream out, OutputStream err, Path cwd) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new CommandContext() {
            @Override
            public PrintStream out() {
                return o;
            }

            @Override
            public PrintStream err() {
                return e;
            }

            @Override
            public Path cwd() {
                return cwd;
            }

            @Override
            public boolean tty() {
                return false;
            }
        };
    }

    private String log() throws IOException {
        Path log = Paths.get(context.getProperty("nexcage.state"), "logs", "nexcage.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
