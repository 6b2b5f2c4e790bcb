package nexcage.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import nexcage.api.Capability;
import nexcage.api.CapabilityDeniedException;

/**
 * What plugins cannot reach (DESIGN §5): the core's hidden services, the runtime's bundles, and
 * the hidden packages. The plugins here are code-less bundles installed at {@code nexcage:plugin/}
 * locations directly (around the core's validation, as a hostile file would have to be); the test
 * acts as the plugin through the plugin bundle's own context.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityIT {
    private static final String CM = "org.osgi.service.cm.ConfigurationAdmin";
    /** Hidden by interface, and (the last) one of the core's internal services. */
    private static final List<String> HIDDEN = List.of(CM,
            "org.osgi.service.component.runtime.ServiceComponentRuntime",
            "org.apache.felix.service.command.CommandProcessor",
            "nexcage.hooks.admin.HookAdmin",
            "nexcage.core.internal.plugins.PluginRegistry");
    private static final String LOOKUP = "service.lookup";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return Frameworks.runtime(Frameworks.freshWork("itest-security")).toArray(new Option[0]);
    }

    // ---------------------------------------------------------------------------------------
    // services

    @Test
    public void hiddenServicesAreInvisibleToAPluginByClassByNameAndByFilter() throws Exception {
        BundleContext plugin = pluginContext("sec-lookup");
        for (String name : HIDDEN) {
            assertNotNull("the runtime registers no " + name + " (the test's own context must see it)",
                    Await.until(name + " to be registered", () -> context.getServiceReference(name), r -> r != null));
            assertNull(name + " by class name", plugin.getServiceReference(name));
            assertNull(name + " by class name, all", plugin.getAllServiceReferences(name, null));
            assertNull(name + " by filter", plugin.getServiceReferences((String) null, "(objectClass=" + name + ")"));
        }
        assertNull("ConfigurationAdmin by class", plugin.getServiceReference(ConfigurationAdmin.class));
        assertTrue("ConfigurationAdmin by class, with a filter", plugin.getServiceReferences(ConfigurationAdmin.class, null).isEmpty());

        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> tracker = new ServiceTracker<>(plugin, ConfigurationAdmin.class, null);
        tracker.open();
        try {
            assertNull("a plugin's ServiceTracker finds ConfigurationAdmin", tracker.getService());
        } finally {
            tracker.close();
        }

        List<SecurityView.V> recorded = violations("sec-lookup");
        for (String name : HIDDEN) {
            assertTrue("no look-up violation for " + name + " in " + recorded, recorded.stream().anyMatch(
                    v -> v.capability() == null && v.operation().equals(LOOKUP) && v.detail().equals(name)));
        }
        SecurityView.V cm = recorded.stream().filter(v -> v.detail().equals(CM)).findFirst().get();
        assertTrue("the look-ups of ConfigurationAdmin are counted in one entry: " + cm, cm.count() >= 5);

        Path file = Paths.get(context.getProperty("nexcage.state"), "security", "violations.json");
        Await.until(file + " to hold the look-ups", () -> Files.exists(file) ? Files.readString(file) : "",
                s -> s.contains("sec-lookup") && s.contains(CM));
    }

    @Test
    public void aLookUpOfEveryServiceLeavesOutTheHiddenOnesSilently() throws Exception {
        BundleContext plugin = pluginContext("sec-all");
        List<String> seen = classesOf(plugin.getServiceReferences((String) null, null));
        List<String> seenAll = classesOf(plugin.getAllServiceReferences(null, null));
        List<String> seenByRuntime = classesOf(context.getServiceReferences((String) null, null));

        for (String name : HIDDEN) {
            assertTrue("the test's context does not see " + name, seenByRuntime.contains(name));
            assertFalse("a plugin sees " + name + " among all services", seen.contains(name) || seenAll.contains(name));
        }
        assertTrue("a plugin sees no services at all: " + seen, seen.contains("org.osgi.service.log.LoggerFactory"));
        assertTrue("a look-up of every service was recorded: " + violations("sec-all"), violations("sec-all").isEmpty());
    }

    @Test
    public void aPluginsServiceListenerHearsNothingOfAHiddenService() throws Exception {
        BundleContext plugin = pluginContext("sec-listen");
        String marker = "(itest.security=listen)";
        List<String> pluginHeard = Collections.synchronizedList(new ArrayList<>());
        List<String> runtimeHeard = Collections.synchronizedList(new ArrayList<>());
        ServiceListener pluginListener = e -> pluginHeard.add(describe(e));
        ServiceListener runtimeListener = e -> runtimeHeard.add(describe(e));
        plugin.addServiceListener(pluginListener, marker);
        context.addServiceListener(runtimeListener, marker);
        try {
            Hashtable<String, Object> props = new Hashtable<>(Map.of("itest.security", "listen"));
            ConfigurationAdmin fake = (ConfigurationAdmin) Proxy.newProxyInstance(ConfigurationAdmin.class.getClassLoader(),
                    new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> null);
            ServiceRegistration<ConfigurationAdmin> hidden = context.registerService(ConfigurationAdmin.class, fake, props);
            hidden.setProperties(props);
            hidden.unregister();
            // a visible service with the same marker: the plugin's listener works, and hears this one
            ServiceRegistration<Runnable> visible = context.registerService(Runnable.class, () -> { }, props);
            visible.unregister();

            assertEquals(runtimeHeard.toString(), List.of("REGISTERED " + CM, "MODIFIED " + CM, "UNREGISTERING " + CM,
                    "REGISTERED java.lang.Runnable", "UNREGISTERING java.lang.Runnable"), runtimeHeard);
            assertEquals(pluginHeard.toString(), List.of("REGISTERED java.lang.Runnable", "UNREGISTERING java.lang.Runnable"),
                    pluginHeard);
        } finally {
            plugin.removeServiceListener(pluginListener);
            context.removeServiceListener(runtimeListener);
        }
    }

    // ---------------------------------------------------------------------------------------
    // the capability guard and the violations record

    @Test
    public void theGuardAllowsADeclaredCapabilityAndRefusesAndRecordsAnUndeclaredOne() throws Exception {
        Bundle plugin = pluginBundle("sec-guard", Map.of("NexCage-Capabilities", "container_list"));
        List<String> told = Collections.synchronizedList(new ArrayList<>());
        ServiceRegistration<?> failing = SecurityView.listen(context, s -> {
            throw new IllegalStateException("a listener that fails");
        });
        ServiceRegistration<?> listening = SecurityView.listen(context, told::add);
        try {
            SecurityView.check(context, plugin, Capability.CONTAINER_LIST, "containers.list", "", Await.DEFAULT);
            assertEquals(Set.of(Capability.CONTAINER_LIST), SecurityView.used(context, "sec-guard", Await.DEFAULT));
            try {
                SecurityView.check(context, plugin, Capability.CONTAINER_CREATE, "containers.create", "web", Await.DEFAULT);
                fail("a plugin without container_create may create containers");
            } catch (CapabilityDeniedException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("container_create")
                        && expected.getMessage().contains("containers.create") && expected.getMessage().contains("sec-guard"));
            }
            assertTrue(violations("sec-guard").toString(), violations("sec-guard").contains(
                    new SecurityView.V("sec-guard", "container_create", "containers.create", "web", 1)));
            assertEquals("the listeners are told, past one that fails", List.of("sec-guard containers.create"), told);
            // a runtime bundle is never refused
            SecurityView.check(context, context.getBundle(), Capability.HOST_COMMAND, "host.run", "", Await.DEFAULT);
        } finally {
            failing.unregister();
            listening.unregister();
            plugin.uninstall();
        }
    }

    // ---------------------------------------------------------------------------------------
    // bundles

    @Test
    public void theRuntimesBundlesAreInvisibleToAPlugin() throws Exception {
        BundleContext plugin = pluginContext("sec-bundles");
        Bundle core = Stream.of(context.getBundles()).filter(b -> "nexcage.core".equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no nexcage.core bundle"));

        List<String> seen = Stream.of(plugin.getBundles()).map(b -> b.getBundleId() + " " + b.getLocation()).collect(Collectors.toList());
        for (Bundle b : plugin.getBundles()) {
            assertTrue("a plugin sees the runtime bundle " + b.getSymbolicName() + ": " + seen,
                    b.getBundleId() == 0 || b.getLocation().startsWith("nexcage:plugin/"));
        }
        assertTrue("a plugin does not see itself: " + seen, seen.contains(plugin.getBundle().getBundleId() + " nexcage:plugin/sec-bundles"));
        assertNull("a plugin finds nexcage.core by id", plugin.getBundle(core.getBundleId()));
        assertTrue("the runtime does not see its bundles", context.getBundle(core.getBundleId()) == core);
        // what cannot be hidden: the system bundle (by id, kept; by location, no find hook is asked)
        assertNotNull(plugin.getBundle(0));
        assertNotNull(plugin.getBundle(Constants.SYSTEM_BUNDLE_LOCATION));

        // and a plugin's bundle listener hears nothing of a runtime bundle
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        // synchronous, so every event has been delivered when install and uninstall return
        SynchronousBundleListener listener = e -> heard.add(e.getType() + " " + e.getBundle().getSymbolicName());
        plugin.addBundleListener(listener);
        try {
            Bundle runtime = runtimeBundle("runtime", Map.of());
            runtime.start();
            runtime.uninstall();
            Bundle other = pluginBundle("sec-bundles-other", Map.of());
            other.uninstall();
            assertEquals(heard.toString(), List.of(BundleEvent.INSTALLED + " itest.security.plugin.sec-bundles-other",
                    BundleEvent.UNINSTALLED + " itest.security.plugin.sec-bundles-other"), heard.stream()
                            .filter(s -> s.endsWith("sec-bundles-other") || s.contains("itest.security.runtime"))
                            .filter(s -> s.startsWith(BundleEvent.INSTALLED + " ") || s.startsWith(BundleEvent.UNINSTALLED + " "))
                            .collect(Collectors.toList()));
        } finally {
            plugin.removeBundleListener(listener);
        }
    }

    // ---------------------------------------------------------------------------------------
    // packages

    @Test
    public void aPluginImportingAHiddenPackageDoesNotResolve() throws Exception {
        Map<String, String> imports = Map.of(Constants.IMPORT_PACKAGE, "org.osgi.service.cm");
        Bundle plugin = pluginBundle("sec-import", imports);
        Bundle runtime = runtimeBundle("import", imports);
        try {
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            assertTrue("the same bundle at a runtime location does not resolve", wiring.resolveBundles(List.of(runtime)));
            assertFalse("a plugin importing org.osgi.service.cm resolves", wiring.resolveBundles(List.of(plugin)));
            assertEquals(Bundle.INSTALLED, plugin.getState());
            try {
                plugin.start();
                fail("a plugin importing org.osgi.service.cm starts");
            } catch (BundleException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("org.osgi.service.cm"));
            }
        } finally {
            plugin.uninstall();
            runtime.uninstall();
        }
    }

    @Test
    public void aPluginCannotRequireARuntimeBundleNorAttachToOne() throws Exception {
        Bundle requirer = pluginBundle("sec-require", Map.of(Constants.REQUIRE_BUNDLE, "org.apache.felix.configadmin"));
        Bundle runtimeRequirer = runtimeBundle("require", Map.of(Constants.REQUIRE_BUNDLE, "org.apache.felix.configadmin"));
        // a host not resolved yet: Felix attaches fragments only as their host resolves
        Bundle host = runtimeBundle("host", Map.of());
        Bundle fragment = pluginBundle("sec-fragment", Map.of(Constants.FRAGMENT_HOST, "itest.security.host"));
        Bundle runtimeFragment = runtimeBundle("fragment", Map.of(Constants.FRAGMENT_HOST, "itest.security.host"));
        try {
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            assertTrue("the same Require-Bundle at a runtime location does not resolve", wiring.resolveBundles(List.of(runtimeRequirer)));
            assertFalse("a plugin requiring the ConfigurationAdmin bundle resolves", wiring.resolveBundles(List.of(requirer)));

            wiring.resolveBundles(List.of(host, fragment, runtimeFragment));
            assertEquals("the runtime's fragment is not attached", Bundle.RESOLVED, runtimeFragment.getState());
            assertEquals("a plugin fragment is attached to a runtime bundle", Bundle.INSTALLED, fragment.getState());
        } finally {
            for (Bundle b : List.of(requirer, runtimeRequirer, fragment, runtimeFragment, host)) {
                b.uninstall();
            }
        }
    }

    @Test
    public void aPluginsDynamicImportOfAHiddenPackageFindsNothing() throws Exception {
        Map<String, String> imports = Map.of(Constants.DYNAMICIMPORT_PACKAGE, "org.osgi.service.cm,org.osgi.service.log");
        Bundle plugin = pluginBundle("sec-dynamic", imports);
        Bundle runtime = runtimeBundle("dynamic", imports);
        try {
            plugin.start();
            runtime.start();
            assertNotNull(runtime.loadClass(CM));
            assertNotNull("a visible package is not imported dynamically", plugin.loadClass("org.osgi.service.log.LoggerFactory"));
            try {
                plugin.loadClass(CM);
                fail("a plugin loads " + CM + " through DynamicImport-Package");
            } catch (ClassNotFoundException expected) {
                // the resolver hook left the dynamic import no candidate
            }
        } finally {
            plugin.uninstall();
            runtime.uninstall();
        }
    }

    // ---------------------------------------------------------------------------------------
    // helpers

    /** Installs and starts a code-less plugin bundle at nexcage:plugin/NAME and returns its context. */
    private BundleContext pluginContext(String name) throws Exception {
        Bundle b = context.getBundle("nexcage:plugin/" + name);
        if (b == null) {
            b = pluginBundle(name, Map.of());
        }
        b.start();
        return b.getBundleContext();
    }

    private Bundle pluginBundle(String name, Map<String, String> extra) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("NexCage-Plugin-Name", name);
        headers.put("NexCage-Api-Version", "1");
        headers.put("Bundle-Description", "a plugin of the security integration tests");
        headers.putAll(extra);
        return context.installBundle("nexcage:plugin/" + name,
                new ByteArrayInputStream(Bundles.withHeaders("itest.security.plugin." + name, headers)));
    }

    private List<SecurityView.V> violations(String plugin) throws InterruptedException {
        return SecurityView.violations(context, plugin, Await.DEFAULT);
    }

    /** The same code-less bundle at a location that is not a plugin's. */
    private Bundle runtimeBundle(String name, Map<String, String> headers) throws BundleException {
        return context.installBundle("itest:security/" + name,
                new ByteArrayInputStream(Bundles.withHeaders("itest.security." + name, headers)));
    }

    private static List<String> classesOf(ServiceReference<?>[] refs) {
        List<String> out = new ArrayList<>();
        for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
            out.addAll(List.of((String[]) r.getProperty(Constants.OBJECTCLASS)));
        }
        return out;
    }

    private static String describe(ServiceEvent e) {
        String type = switch (e.getType()) {
            case ServiceEvent.REGISTERED -> "REGISTERED";
            case ServiceEvent.MODIFIED -> "MODIFIED";
            case ServiceEvent.UNREGISTERING -> "UNREGISTERING";
            default -> "OTHER";
        };
        return type + " " + String.join(",", (String[]) e.getServiceReference().getProperty(Constants.OBJECTCLASS));
    }
}
