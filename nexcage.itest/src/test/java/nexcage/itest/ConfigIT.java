package nexcage.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

import nexcage.api.cli.CliCommand;

/**
 * config.yaml through ConfigAdmin, in the runtime's real bundles: the hello plugin (deployed by the
 * core from the plugin directory, as in production) gets {@code plugins.hello.config} typed by its
 * {@code @ObjectClassDefinition}; a change to another plugin's section leaves hello's component and
 * configuration alone, and a change to hello's own section reaches the running component through
 * its {@code @Modified} method, without a restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigIT {
    static final String HELLO_PID = "nexcage.plugin.hello";
    static final String OTHER_PID = "nexcage.plugin.other";
    static final String HELLO_COMPONENT = "nexcage.example.hello.HelloCommand";
    /** What hello's config_reload writes to the daemon's log (examples/hello HelloLifecycle). */
    static final String HELLO_RELOADED = "configuration reloaded: ";
    /**
     * The config file is polled every 400 ms: a change is applied well within this, which is not the
     * promise under test (the e2e ConfigLiveEditTest holds "within a second"): the bound of a loaded machine.
     */
    static final Duration APPLIED = Await.DEFAULT;
    static final Duration WAIT = Await.DEFAULT;

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor gogo;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private ServiceComponentRuntime scr;

    /** config.yaml with hello's greeting and the other plugin's colour as given. */
    static String configYaml(String greeting, String colour) {
        return String.join("\n",
                "# written by ConfigIT",
                "plugins:",
                "  hello:",
                "    config:",
                "      greeting: \"" + greeting + "\"",
                "      repeat: 2",
                "      names: [Ada, Grace]",
                "  other:",
                "    config:",
                "      colour: " + colour,
                "      size: 3",
                "");
    }

    @Configuration
    public Option[] config() throws IOException {
        Path work = Paths.get(RuntimeIT.property("itest.work")).toAbsolutePath().resolveSibling("itest-config");
        deleteTree(work);
        Path home = Files.createDirectories(work.resolve("home"));
        Path state = work.resolve("state");
        Path socketDir = Files.createTempDirectory(Paths.get("/tmp"), "nexcage-itcfg-");
        socketDir.toFile().deleteOnExit();

        // before the framework starts: the hello plugin in the plugin directory, and config.yaml
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Path hello = Paths.get(RuntimeIT.property("itest.hello.plugin"));
        if (!Files.isRegularFile(hello)) {
            throw new IllegalStateException(hello + " does not exist; build examples/hello first");
        }
        Files.copy(hello, plugins.resolve("hello-1.0.0.nexcage-plugin"));
        Files.writeString(home.resolve("config.yaml"), configYaml("Howdy", "blue"));

        List<Option> options = new ArrayList<>();
        for (String uri : RuntimeIT.runtimeBundleUris()) {
            options.add(bundle(uri).startLevel(RuntimeIT.RUNTIME_START_LEVEL));
        }
        options.add(frameworkStartLevel(RuntimeIT.FRAMEWORK_START_LEVEL));
        options.add(frameworkProperty("felix.startlevel.bundle").value(String.valueOf(RuntimeIT.RUNTIME_START_LEVEL)));
        options.add(RuntimeIT.testBundles());
        options.add(systemPackage("jdk.net"));
        // the accounting's allocation counter, as runtime.bndrun's -runsystempackages
        options.add(systemPackage("com.sun.management"));
        // the metrics bundle's HTTP listener (the JDK's server), likewise
        options.add(systemPackage("com.sun.net.httpserver"));
        options.add(frameworkProperty("nexcage.home").value(home.toString()));
        options.add(frameworkProperty("nexcage.state").value(state.toString()));
        options.add(frameworkProperty("nexcage.socket").value(socketDir.resolve("nexcage.sock").toString()));
        // as runtime.bndrun's -runproperties: ConfigAdmin keeps configurations in memory only
        options.add(frameworkProperty("felix.cm.pm").value("memory"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(frameworkProperty("felix.log.level").value("1"));
        options.add(frameworkProperty("ds.loglevel").value("warn"));
        return options.toArray(new Option[0]);
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

    @Test
    public void helloReceivesItsSectionTypedByItsObjectClassDefinition() throws Exception {
        writeConfig("Howdy", "blue");
        awaitHelloOutput("x:hello World", "Howdy, World!\nHowdy, World!");

        // ConfigAdmin holds what Metatype declares: an Integer, a String[], a String
        Dictionary<String, Object> props = Await.until(HELLO_PID + " to be typed", WAIT,
                () -> configuration(HELLO_PID), p -> p != null && p.get("repeat") instanceof Integer);
        assertEquals(Integer.valueOf(2), props.get("repeat"));
        assertTrue("names is " + describe(props.get("names")), props.get("names") instanceof String[]);
        assertArrayEquals(new String[] {"Ada", "Grace"}, (String[]) props.get("names"));
        assertEquals("Howdy", props.get("greeting"));
        // and bound to the plugin's location, so no other bundle gets it
        assertEquals("nexcage:plugin/hello",
                configAdmin.listConfigurations("(service.pid=" + HELLO_PID + ")")[0].getBundleLocation());

        // the component got the same types
        ComponentConfigurationDTO c = helloComponent();
        assertEquals(describe(c.properties.get("repeat")), Integer.valueOf(2), c.properties.get("repeat"));
        assertTrue("names is " + describe(c.properties.get("names")), c.properties.get("names") instanceof String[]);

        // and uses them: the configured names when none is given, each greeted `repeat` times
        Gogo.Result r = Gogo.run(gogo, "x:hello");
        assertNull(r.toString(), r.value);
        assertEquals("Howdy, Ada!\nHowdy, Grace!\nHowdy, Ada!\nHowdy, Grace!", r.output.strip());

        // a plugin without Metatype (no bundle at all here) gets YAML's own types: whole numbers are Long
        Dictionary<String, Object> other = Await.until(OTHER_PID + " to be delivered", WAIT, () -> configuration(OTHER_PID),
                p -> p != null && "blue".equals(p.get("colour")));
        assertEquals(Long.valueOf(3), other.get("size"));
    }

    @Test
    public void aChangeToAnotherPluginsSectionLeavesHelloUntouched() throws Exception {
        settle("Howdy");
        Snapshot before = snapshot();

        writeConfig("Howdy", "green");
        awaitOther("green");

        Snapshot after = snapshot();
        assertEquals("hello's component was re-activated (a new component configuration id)", before.componentId, after.componentId);
        assertEquals("hello's command service was registered again", before.serviceId, after.serviceId);
        assertEquals("hello's configuration was updated although its section did not change", before.changeCount, after.changeCount);
        Gogo.Result r = Gogo.run(gogo, "x:hello World");
        assertEquals("Howdy, World!\nHowdy, World!", r.output.strip());
    }

    @Test
    public void aChangeToAnotherPluginsSectionDoesNotCallHellosConfigReload() throws Exception {
        settle("Howdy");
        int reloads = helloReloads();

        writeConfig("Howdy", "purple");
        awaitOther("purple");
        // the reload that delivered other's change has finished its config_reload calls by now;
        // one more edit and its application make sure no call is still on its way
        writeConfig("Howdy", "orange");
        awaitOther("orange");

        assertEquals("hello's config_reload was called although its section did not change; log:\n" + reloadLines(),
                reloads, helloReloads());
    }

    @Test
    public void aChangeToHellosGreetingIsTakenWithoutARestart() throws Exception {
        settle("Howdy");
        Snapshot before = snapshot();
        int reloads = helloReloads();

        writeConfig("Good day", colour);
        awaitHelloOutput("x:hello World", "Good day, World!\nGood day, World!");

        Snapshot after = snapshot();
        assertEquals("hello's component was restarted instead of modified", before.componentId, after.componentId);
        assertEquals("hello's command service was registered again", before.serviceId, after.serviceId);
        assertTrue("hello's configuration was not updated", after.changeCount > before.changeCount);
        assertEquals("Good day", configuration(HELLO_PID).get("greeting"));
        // its config_reload was called, once (another plugin's edit applied after it shows no more came)
        Await.until("hello's config_reload to be called", APPLIED, this::helloReloads, n -> n > reloads);
        String next = colour + "-after";
        writeConfig("Good day", next);
        awaitOther(next);
        assertEquals("hello's config_reload calls for one change of its section; log:\n" + reloadLines(), reloads + 1, helloReloads());

        writeConfig("Howdy", colour);
        awaitHelloOutput("x:hello World", "Howdy, World!\nHowdy, World!");
        assertEquals(before.componentId, snapshot().componentId);
    }

    // ---------------------------------------------------------------------------------------
    // helpers

    /** What identifies hello's running command: its component configuration, its service, its configuration's changes. */
    private static final class Snapshot {
        final long componentId;
        final long serviceId;
        final long changeCount;

        Snapshot(long componentId, long serviceId, long changeCount) {
            this.componentId = componentId;
            this.serviceId = serviceId;
            this.changeCount = changeCount;
        }
    }

    private Snapshot snapshot() throws Exception {
        ComponentConfigurationDTO c = helloComponent();
        ServiceReference<CliCommand> ref = helloCommand();
        assertNotNull("no hello command service", ref);
        org.osgi.service.cm.Configuration[] cfg = configAdmin.listConfigurations("(service.pid=" + HELLO_PID + ")");
        assertNotNull("no configuration " + HELLO_PID, cfg);
        return new Snapshot(c.id, (Long) ref.getProperty(Constants.SERVICE_ID), cfg[0].getChangeCount());
    }

    private Path configFile() {
        return Paths.get(context.getProperty("nexcage.home"), "config.yaml");
    }

    private static int edits;
    /** The other plugin's colour in the file now. */
    private static String colour = "blue";

    /**
     * Sets hello's greeting, waits until hello prints it, then changes only the other plugin's
     * section and waits until that arrived: the core applies edits one after the other, so every
     * call of the earlier edit (config_reload included) has returned by then.
     */
    private void settle(String greeting) throws Exception {
        String colour = "settled-" + (++edits);
        writeConfig(greeting, colour);
        awaitHelloOutput("x:hello World", greeting + ", World!\n" + greeting + ", World!");
        awaitOther(colour);
        writeConfig(greeting, colour + "-again");
        awaitOther(colour + "-again");
    }

    /** Replaces config.yaml whole (as an editor that writes a new file and renames it does). */
    private void writeConfig(String greeting, String colour) throws IOException {
        Path file = configFile();
        ConfigIT.colour = colour;
        String text = configYaml(greeting, colour);
        if (Files.exists(file) && Files.readString(file).equals(text)) {
            return;
        }
        Path tmp = file.resolveSibling(".config.yaml.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void awaitHelloOutput(String line, String expected) throws Exception {
        waitForCommand("x", "hello");
        Await.until("'" + line + "' to print " + expected.replace("\n", "\\n"), APPLIED,
                () -> Gogo.run(gogo, line).output.strip(), expected::equals);
    }

    private void awaitOther(String colour) {
        Await.until(OTHER_PID + " to have colour " + colour, APPLIED, () -> configuration(OTHER_PID),
                p -> p != null && colour.equals(p.get("colour")));
    }

    private Dictionary<String, Object> configuration(String pid) throws Exception {
        org.osgi.service.cm.Configuration[] c = configAdmin.listConfigurations("(service.pid=" + pid + ")");
        return c == null ? null : c[0].getProperties();
    }

    private ComponentConfigurationDTO helloComponent() throws Exception {
        Bundle hello = Await.until("the hello plugin to be ACTIVE", WAIT, () -> context.getBundle("nexcage:plugin/hello"),
                b -> b != null && b.getState() == Bundle.ACTIVE);
        return Await.until(HELLO_COMPONENT + " to be active", WAIT, () -> {
            ComponentDescriptionDTO d = scr.getComponentDescriptionDTO(hello, HELLO_COMPONENT);
            if (d == null) {
                return null;
            }
            List<ComponentConfigurationDTO> active = new ArrayList<>();
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.ACTIVE) {
                    active.add(c);
                }
            }
            return active.size() == 1 ? active.get(0) : null;
        }, c -> c != null);
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

    private void waitForCommand(String scope, String function) throws Exception {
        String f = "(&(objectClass=" + org.apache.felix.service.command.Function.class.getName() + ")(osgi.command.scope=" + scope
                + ")(osgi.command.function=" + function + "))";
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(f), null);
        tracker.open();
        try {
            if (tracker.waitForService(WAIT.toMillis()) == null) {
                fail("no service " + f + " within " + WAIT.toMillis() + " ms");
            }
        } finally {
            tracker.close();
        }
    }

    private Path daemonLog() {
        return Paths.get(context.getProperty("nexcage.state"), "logs", "nexcage.log");
    }

    /** hello's config_reload calls so far, counted in the daemon's log. */
    private int helloReloads() throws IOException {
        return reloadLines().size();
    }

    private List<String> reloadLines() throws IOException {
        Path log = daemonLog();
        if (!Files.exists(log)) {
            return List.of();
        }
        Pattern p = Pattern.compile("\\[hello\\] " + Pattern.quote(HELLO_RELOADED));
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                out.add(line);
            }
        }
        return out;
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getName() + " " + (v instanceof Object[] ? List.of((Object[]) v) : v);
    }
}
