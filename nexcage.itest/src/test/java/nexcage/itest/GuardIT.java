package nexcage.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.function.Function;

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

import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ManagedLabels;
import nexcage.itest.plugins.GuardProbeActivator;
import nexcage.testkit.PluginJar;

/**
 * The guarded services with real plugin bundles: two probe plugins (GuardProbeActivator), one that
 * declares no capability and one that declares every capability the guarded services check, make
 * each guarded call with the services their own bundle context gets. Without the capability each
 * call is refused with CapabilityDeniedException naming the capability and the operation, and a
 * violation is recorded; with it the call works: containers through the core's container layer on
 * an in-memory backend the test registers, config.yaml changed in place, system facts, a host
 * command, the plugin's metrics, PluginContext.log.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GuardIT {
    static final String NONE = "itest-guard-none";
    static final String FULL = "itest-guard-full";
    private static final String ALL = "container_list,container_info,container_create,container_start,container_stop,"
            + "container_delete,container_exec,config_read,config_write,system_info,system_metrics,host_command,metrics,logging";
    static final String CONFIG = "# guard test: keep this comment\nruntime:\n  default_backend: " + MemoryBackend.NAME + "\n"
            + "plugins:\n  " + FULL + ":\n    config:\n      greeting: hi   # a comment of the user\n      api_key: s3cret\n"
            + "  bystander:\n    enabled: true\n";

    @Inject
    private BundleContext context;

    @Inject
    private org.apache.felix.service.command.CommandProcessor gogo;

    @Configuration
    public Option[] config() throws IOException {
        Path work = Frameworks.freshWork("itest-guard");
        Files.writeString(work.resolve("home").resolve("config.yaml"), CONFIG);
        return Frameworks.runtime(work).toArray(new Option[0]);
    }

    /** Every guarded operation with its capability, as the probe names it. */
    private static final String[][] GUARDED = {
            {"containers.list", "container_list"}, {"containers.info g0", "container_info"},
            {"containers.create g0", "container_create"}, {"containers.start g0", "container_start"},
            {"containers.stop g0", "container_stop"}, {"containers.delete g0", "container_delete"},
            {"containers.exec g0", "container_exec"}, {"config.effective", "config_read"},
            {"config.plugin_config " + FULL, "config_read"}, {"config.update_plugin_config " + FULL + " a b", "config_write"},
            {"system.runtime", "system_info"}, {"system.host", "system_metrics"}, {"host.run hi", "host_command"},
            {"metrics.increment n", "metrics"}, {"metrics.gauge g", "metrics"}, {"metrics.snapshot", "metrics"},
            {"context.log hello", "logging"}};

    @Test
    public void aPluginWithoutTheCapabilityIsRefusedEachGuardedCallAndEachIsAViolation() throws Exception {
        Function<String, String> probe = probe(NONE, null);
        Path file = configFile();
        String before = Files.readString(file);
        for (String[] g : GUARDED) {
            // the probe's words are the operations' names
            assertEquals(g[0], "denied " + g[1] + " " + g[0].split(" ")[0], probe.apply(g[0]));
        }
        assertEquals("a refused write leaves config.yaml as it was", before, Files.readString(file));
        List<SecurityView.V> recorded = SecurityView.violations(context, NONE, Await.DEFAULT);
        for (String[] g : GUARDED) {
            String op = g[0].split(" ")[0];
            assertTrue("no violation " + g[1] + " " + op + " among " + recorded,
                    recorded.stream().anyMatch(v -> v.capability().equals(g[1]) && v.operation().equals(op) && v.plugin().equals(NONE)));
        }
        // its own section needs no capability
        assertEquals("ok {}", probe.apply("config.plugin_config " + NONE));
        assertEquals("ok ", probe.apply("config.update_plugin_config " + NONE + " mine yes"));
        assertEquals("ok {mine=yes}", probe.apply("config.plugin_config " + NONE));
        assertTrue(Files.readString(file), Files.readString(file).contains("  " + NONE + ":\n    config:\n      mine: \"yes\"\n"));
    }

    @Test
    public void withTheCapabilityEachGuardedCallWorks() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        var reg = context.registerService(ContainerBackend.class, backend, new Hashtable<>());
        try {
            Function<String, String> probe = probe(FULL, ALL);
            Await.until("the memory backend to be used by the container layer", Await.DEFAULT, () -> probe.apply("containers.list"),
                    r -> r.equals("ok 0"));
            assertEquals("ok g1", probe.apply("containers.create g1"));
            // the same container layer as the CLI: NexCage's labels are on the container
            assertEquals("true", backend.containers.get("g1").labels().get(ManagedLabels.MANAGED));
            assertEquals("ok CREATED", probe.apply("containers.info g1"));
            assertEquals("ok ", probe.apply("containers.start g1"));
            assertEquals("ok hi\n", probe.apply("containers.exec g1"));
            assertEquals("ok 1", probe.apply("containers.list"));
            assertEquals("ok ", probe.apply("containers.stop g1"));
            assertEquals("ok ", probe.apply("containers.delete g1"));
            assertTrue(probe.apply("containers.info g1"), probe.apply("containers.info g1").startsWith("failed ContainerOperationException: "));

            assertEquals("ok [runtime, plugins]", probe.apply("config.effective"));
            assertTrue(probe.apply("system.runtime"), probe.apply("system.runtime").matches("ok \\d+\\.\\d+\\.\\d+.*"));
            assertTrue(probe.apply("system.host"), probe.apply("system.host").matches("ok [1-9]\\d*"));
            assertEquals("ok hello", probe.apply("host.run hello"));
            assertEquals("ok {reqs=2.0}", probe.apply("metrics.increment reqs"));
            assertEquals("ok ", probe.apply("metrics.gauge temp"));
            assertEquals("ok {reqs=2.0, temp=1.5}", probe.apply("metrics.snapshot"));
            assertEquals("ok ", probe.apply("context.log a line from the probe"));
            Path log = Paths.get(context.getProperty("nexcage.state"), "logs", "nexcage.log");
            assertTrue("the host command's audit line", Files.readString(log).contains("plugin " + FULL + " ran [echo, hello]: exit 0"));
            assertTrue("the plugin's log line", Files.readString(log).contains("a line from the probe"));
            assertTrue("no violation of " + FULL, SecurityView.violations(context, FULL, Await.DEFAULT).isEmpty());
            assertTrue("the guard noted what was used", SecurityView.used(context, FULL, Await.DEFAULT).containsAll(java.util.EnumSet.of(
                    nexcage.api.Capability.CONTAINER_CREATE, nexcage.api.Capability.HOST_COMMAND, nexcage.api.Capability.METRICS)));
        } finally {
            reg.unregister();
        }
    }

    /** Refuses the plugin FULL creating containers whose id starts with "sec"; records each audit. */
    static final class IdPolicy implements nexcage.api.security.SecurityExtension {
        final List<String> audits = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "itest-id-policy";
        }

        @Override
        public String authenticate(java.util.Map<String, String> credentials) {
            return credentials.get("user");
        }

        @Override
        public boolean authorize(String principal, String action, String resource) {
            return !(principal.equals("plugin:" + FULL) && action.equals("container.create") && resource.startsWith("sec"));
        }

        @Override
        public void audit(String principal, String action, String resource, boolean allowed) {
            audits.add(principal + " " + action + " " + resource + " " + allowed);
        }
    }

    @Test
    public void aSecurityExtensionsRefusalStopsAPluginsContainerOperationUntilItGoes() throws Exception {
        MemoryBackend backend = new MemoryBackend();
        var reg = context.registerService(ContainerBackend.class, backend, new Hashtable<>());
        IdPolicy policy = new IdPolicy();
        var ext = context.registerService(nexcage.api.security.SecurityExtension.class, policy, new Hashtable<>());
        try {
            Function<String, String> probe = probe(FULL, ALL);
            Await.until("the memory backend to be used by the container layer", Await.DEFAULT, () -> probe.apply("containers.list"),
                    r -> r.equals("ok 0"));
            String refused = probe.apply("containers.create sec1");
            assertTrue(refused, refused.startsWith("failed ContainerOperationException: sec1: refused by security extension itest-id-policy"));
            assertTrue("nothing was made", !backend.containers.containsKey("sec1"));
            assertEquals("ok g5", probe.apply("containers.create g5"));
            assertEquals(List.of("plugin:" + FULL + " container.create sec1 busybox false", "plugin:" + FULL + " container.create g5 busybox true"),
                    policy.audits);
            ext.unregister();
            ext = null;
            assertEquals("ok sec1", probe.apply("containers.create sec1"));
            assertEquals("ok ", probe.apply("containers.delete sec1"));
            assertEquals("ok ", probe.apply("containers.delete g5"));
        } finally {
            if (ext != null) {
                ext.unregister();
            }
            reg.unregister();
        }
    }

    @Test
    public void aPluginChangesItsSectionInPlaceKeepingTheRestOfTheFileAndItsSecrets() throws Exception {
        Function<String, String> probe = probe(FULL, ALL);
        Path file = configFile();
        assertEquals("ok {greeting=hi, api_key=********}", probe.apply("config.plugin_config " + FULL));
        // the masked secret passed back keeps the secret; every other line of the file stays as the user wrote it
        assertEquals("ok ", probe.apply("config.update_plugin_config " + FULL + " greeting hey api_key ********"));
        String text = Files.readString(file);
        assertTrue(text, text.startsWith("# guard test: keep this comment\nruntime:\n  default_backend: " + MemoryBackend.NAME + "\n"));
        assertTrue(text, text.contains("    config:\n      greeting: hey\n      api_key: s3cret\n  bystander:\n    enabled: true\n"));
        assertEquals("applied as a live edit", "ok {greeting=hey, api_key=********}", probe.apply("config.plugin_config " + FULL));

        // a value the plugin's check refuses, or a mask with no secret behind it: an exception, and the file unchanged
        String refused = probe.apply("config.update_plugin_config " + FULL + " refuse true");
        assertTrue(refused, refused.startsWith("failed IllegalArgumentException: ") && refused.contains("refuse is true")
                && refused.contains(file.toString()));
        String masked = probe.apply("config.update_plugin_config " + FULL + " token ********");
        assertTrue(masked, masked.startsWith("failed IllegalArgumentException: plugins." + FULL + ".config.token holds the mask"));
        assertEquals(text, Files.readString(file));

        // config_write: another plugin's section
        assertEquals("ok ", probe.apply("config.update_plugin_config bystander level 3"));
        assertTrue(Files.readString(file), Files.readString(file).contains("  bystander:\n    enabled: true\n    config:\n      level: \"3\"\n"));
    }

    @Test
    public void pluginStatsShowsAPluginsMetricsUntilItIsUninstalled() throws Exception {
        String name = "itest-guard-metrics";
        Function<String, String> probe = probe(name, "metrics");
        assertEquals("ok {jobs_total=2.0}", probe.apply("metrics.increment jobs_total"));
        Gogo.Result stats = Gogo.run(gogo, "plugin:stats " + name);
        assertTrue(stats.toString(), stats.output.contains("metrics of plugin " + name + ":\n  jobs_total 2\n"));
        // a reload (an update of the same plugin) keeps them; an uninstall drops them
        context.getBundle("nexcage:plugin/" + name).update(new ByteArrayInputStream(probeJar(name, "metrics")));
        assertTrue(Gogo.run(gogo, "plugin:stats " + name).output.contains("jobs_total 2"));
        context.getBundle("nexcage:plugin/" + name).uninstall();
        Await.until("the metrics of " + name + " to go with it", Await.DEFAULT, () -> Gogo.run(gogo, "plugin:stats " + name).output,
                out -> !out.contains("jobs_total"));
    }

    @Test
    public void aHostCommandIsKilledAtThePluginsTimeoutWhateverItAsked() throws Exception {
        String name = "itest-guard-slow";
        Bundle b = context.getBundle("nexcage:plugin/" + name);
        if (b == null) {
            context.installBundle("nexcage:plugin/" + name, new ByteArrayInputStream(probeJar(name, "host_command,logging", "timeout_seconds=1")));
        }
        Function<String, String> probe = probe(name, "host_command,logging");
        long t0 = System.nanoTime();
        assertEquals("ok true -1", probe.apply("host.sleep 30"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("took " + ms + " ms", ms < 10_000);
    }

    // ---------------------------------------------------------------------------------------

    private Path configFile() {
        return Paths.get(context.getProperty("nexcage.home"), "config.yaml");
    }

    private static byte[] probeJar(String name, String capabilities) {
        return probeJar(name, capabilities, null);
    }

    private static byte[] probeJar(String name, String capabilities, String resources) {
        PluginJar jar = PluginJars.plugin(name, name.replace('-', '.'))
                .header("NexCage-Resources", resources)
                .header("Bundle-Activator", PluginJars.PLUGIN_CLASSES + "GuardProbeActivator")
                .header("NexCage-Capabilities", capabilities)
                .header("Import-Package", "nexcage.api;version=\"[1.0,2)\",nexcage.api.containers;version=\"[1.0,2)\","
                        + "nexcage.api.runtime;version=\"[1.0,2)\",nexcage.api.backend;version=\"[1.0,2)\","
                        + "org.osgi.framework;version=\"[1.8,2)\"");
        return PluginJars.withClasses(jar, "GuardProbeActivator").bytes();
    }

    /** Installs (once) and starts the probe plugin {@code name} declaring {@code capabilities}; its probe once it was initialised. */
    @SuppressWarnings("unchecked")
    private Function<String, String> probe(String name, String capabilities) throws Exception {
        String location = "nexcage:plugin/" + name;
        Bundle b = context.getBundle(location);
        if (b == null) {
            b = context.installBundle(location, new ByteArrayInputStream(probeJar(name, capabilities)));
        }
        b.start();
        Collection<ServiceReference<Function>> refs = Await.until("the probe of " + name, Await.DEFAULT,
                () -> context.getServiceReferences(Function.class, "(" + GuardProbeActivator.PROBE + "=" + name + ")"), r -> !r.isEmpty());
        Function<String, String> probe = context.getService(refs.iterator().next());
        // PluginContext comes with init, which the core calls on its own executor
        Await.until(name + "'s init", Await.DEFAULT, () -> probe.apply("context.log init"), r -> !r.contains("NullPointerException"));
        return probe;
    }
}
