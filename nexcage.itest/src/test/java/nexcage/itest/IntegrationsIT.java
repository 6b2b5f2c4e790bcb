package nexcage.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
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

import nexcage.itest.plugins.IntegrationProbeActivator;
import nexcage.testkit.PluginJar;

/**
 * Integration and monitoring extensions of real plugin bundles (IntegrationProbeActivator), DESIGN §5:
 * an integration is connected (again after a refused connect, with backoff), its health checked, it
 * is connected again after an unhealthy answer and disconnected when its plugin stops; a monitoring
 * extension is collected from and exported to every runtime.metrics.interval (1 s here), and told
 * of a plugin's health change and of a violation.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IntegrationsIT {
    static final String SINK = "itest-sink";
    static final String MONITOR = "itest-monitor";
    /** A reconnect waits 1 s, a health check comes every 5 s: room for a few of each. */
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private BundleContext context;

    @Inject
    private org.apache.felix.service.command.CommandProcessor gogo;

    @Configuration
    public Option[] config() throws IOException {
        Path work = Frameworks.freshWork("itest-integrations");
        Files.writeString(work.resolve("home").resolve("config.yaml"), "runtime:\n  metrics:\n    interval: 1\n");
        return Frameworks.runtime(work).toArray(new Option[0]);
    }

    @Test
    public void anIntegrationIsConnectedCheckedReconnectedAndDisconnected() throws Exception {
        Function<String, String> probe = probe(SINK, "integration", "api_client", "1");
        // the first connect is refused; the next comes after the backoff's first second
        Await.until("a second connect, then a health check", WAIT, () -> probe.apply("calls"), c -> c.startsWith("connect,connect,health"));
        String list = Await.until("integration list to show it connected and healthy", WAIT,
                () -> Gogo.run(gogo, "nexcage:integration list --json").output, o -> o.contains("\"health\" : \"healthy\""));
        assertTrue(list, list.contains("\"name\" : \"" + SINK + "\"") && list.contains("\"plugin\" : \"" + SINK + "\"")
                && list.contains("\"state\" : \"connected\"") && list.contains("\"version\" : \"0.1.0\""));

        // a plugin with api_client sends through the guarded service; it is counted as the integration's send
        assertEquals("ok {pong=x}", probe.apply("send " + SINK));
        assertTrue(probe.apply("calls"), probe.apply("calls").endsWith(",send"));

        // an unhealthy answer: disconnected, then connected again
        probe.apply("health UNHEALTHY");
        Await.until("a disconnect after the unhealthy answer", WAIT, () -> probe.apply("calls"), c -> c.contains("health,disconnect"));
        probe.apply("health HEALTHY");
        Await.until("a connect after the disconnect", WAIT, () -> probe.apply("calls"), c -> c.contains("health,disconnect,connect"));
        Await.until("it to be connected again", WAIT, () -> Gogo.run(gogo, "nexcage:integration list --json").output,
                o -> o.contains("\"state\" : \"connected\""));

        // its plugin stops: disconnected, and no longer listed
        context.getBundle("nexcage:plugin/" + SINK).stop();
        assertTrue(probe.apply("calls"), probe.apply("calls").endsWith(",disconnect"));
        Await.until("it to leave integration list", WAIT, () -> Gogo.run(gogo, "nexcage:integration list --json").output,
                o -> !o.contains(SINK));
    }

    @Test
    public void aMonitoringExtensionIsPolledOnTheIntervalAndToldOfHealthChangesAndViolations() throws Exception {
        Function<String, String> probe = probe(MONITOR, "monitoring", null, null);
        Await.until("three rounds of collect and export", WAIT, () -> Integer.parseInt(probe.apply("exports")), n -> n >= 3);
        assertTrue("what it collected comes back in the snapshot", !probe.apply("exported " + MONITOR + ".ticks").equals("null"));
        assertTrue(!probe.apply("exported nexcage_plugins{state=\"active\"}").equals("null"));
        assertTrue(probe.apply("exported nexcage_plugin_calls{plugin=\"" + MONITOR + "\"}"),
                Double.parseDouble(probe.apply("exported nexcage_plugin_calls{plugin=\"" + MONITOR + "\"}")) > 0);

        // the plugin's health changes as a check finds it degraded
        probe.apply("pluginhealth DEGRADED");
        Gogo.run(gogo, "plugin:health " + MONITOR);
        Await.until("an alert of the health change", WAIT, () -> probe.apply("alerts"),
                a -> a.contains("warning: plugin " + MONITOR + " is degraded (was "));

        // a guarded call without api_client is a violation, and the violation an alert
        assertEquals("denied api_client integrations.send", probe.apply("send " + SINK));
        Await.until("an alert of the violation", WAIT, () -> probe.apply("alerts"),
                a -> a.contains("warning: plugin " + MONITOR + " violated api_client in integrations.send"));
    }

    // ---------------------------------------------------------------------------------------

    private static byte[] probeJar(String name, String role, String capabilities, String failConnects) {
        PluginJar jar = PluginJars.plugin(name, name.replace('-', '.'))
                .header("Bundle-Activator", PluginJars.PLUGIN_CLASSES + "IntegrationProbeActivator")
                .header("NexCage-Capabilities", capabilities)
                .header("Itest-Role", role)
                .header("Itest-Fail-Connects", failConnects)
                .header("Import-Package", "nexcage.api;version=\"[1.0,2)\",nexcage.api.integration;version=\"[1.1,2)\","
                        + "nexcage.api.monitoring;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.8,2)\"");
        return PluginJars.withClasses(jar, "IntegrationProbeActivator").bytes();
    }

    @SuppressWarnings("unchecked")
    private Function<String, String> probe(String name, String role, String capabilities, String failConnects) throws Exception {
        String location = "nexcage:plugin/" + name;
        Bundle b = context.getBundle(location);
        if (b == null) {
            b = context.installBundle(location, new ByteArrayInputStream(probeJar(name, role, capabilities, failConnects)));
        }
        b.start();
        Collection<ServiceReference<Function>> refs = Await.until("the probe of " + name, Await.DEFAULT,
                () -> context.getServiceReferences(Function.class, "(" + IntegrationProbeActivator.PROBE + "=" + name + ")"), r -> !r.isEmpty());
        return context.getService(refs.iterator().next());
    }
}
