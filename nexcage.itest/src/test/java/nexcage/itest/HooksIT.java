package nexcage.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

import nexcage.api.hooks.HookDispatcher;
import nexcage.api.hooks.HookNames;
import nexcage.api.hooks.HookResult;
import nexcage.testkit.PluginJar;

/**
 * The hook whiteboard with real plugin bundles: two plugins, built here, whose activators
 * ({@code nexcage.itest.plugins.TraceHooksActivator}, copied into each plugin file) register
 * {@code HookHandler} services for {@code container.pre_create}. Plugin A registers, in this
 * order, handlers at critical, low and normal; plugin B at high, normal and background. Each
 * handler appends {@code A:critical} etc. to the dispatch's {@code trace} metadata, so the
 * result of a fire through the real {@link HookDispatcher} shows who ran, in what order.
 *
 * <p>Every test starts from the same state: both plugins stopped, then started (A first, unless
 * the test says otherwise), so their handlers' registration order and counters are known.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HooksIT {
    static final String HOOK = HookNames.CONTAINER_PRE_CREATE;
    static final String A = "itest-hooks-a";
    static final String B = "itest-hooks-b";
    private static final Duration WAIT = Await.DEFAULT;

    @Inject
    private BundleContext context;

    @Inject
    private HookDispatcher dispatcher;

    @Configuration
    public Option[] config() throws IOException {
        return Frameworks.runtime(Frameworks.freshWork("itest-hooks")).toArray(new Option[0]);
    }

    // ---------------------------------------------------------------------------------------

    @Test
    public void handlersRunInPriorityOrderAcrossPluginsAndInRegistrationOrderAmongEquals() throws Exception {
        startPlugins(A, B);
        List<String> aFirst = List.of("A:critical", "B:high", "A:normal", "B:normal", "A:low", "B:background");
        for (int i = 0; i < 5; i++) {
            HookResult r = fire(Map.of("container_id", "c" + i));
            assertEquals("dispatch " + i + ": " + r, aFirst, trace(r));
            assertFalse(r.toString(), r.vetoed());
            assertEquals(r.toString(), 6, r.handlers());
            assertEquals(r.toString(), 0, r.failures());
            assertEquals("the caller's metadata reaches the result: " + r, "c" + i, r.metadata().get("container_id"));
        }
        // HookAdmin lists them in the same run order, each under its plugin's NexCage-Plugin-Name
        assertEquals(List.of(A + " critical", B + " high", A + " normal", B + " normal", A + " low", B + " background"),
                ours(HookAdminView.registrations(context, HOOK, WAIT)).stream().map(HookAdminView.Reg::who)
                        .collect(Collectors.toList()));

        // the same plugins registered the other way round: among equals (normal) B's now runs first
        startPlugins(B, A);
        HookResult r = fire(Map.of());
        assertEquals(r.toString(), List.of("A:critical", "B:high", "B:normal", "A:normal", "A:low", "B:background"), trace(r));
    }

    @Test
    public void aVetoAtHighPriorityStopsTheLowerHandlers() throws Exception {
        startPlugins(A, B);
        HookResult r = fire(Map.of("veto", "B:high"));
        assertEquals(r.toString(), List.of("A:critical", "B:high"), trace(r));
        assertTrue(r.toString(), r.vetoed());
        assertEquals(r.toString(), B, r.vetoedBy());
        assertEquals(r.toString(), "itest veto by B:high", r.reason());
        assertEquals("vetoed by " + B + ": itest veto by B:high", r.message());
        assertEquals(r.toString(), 2, r.handlers());
        assertEquals(r.toString(), 0, r.failures());

        // the counters agree: B's high handler vetoed once, nothing below it ran
        for (HookAdminView.Reg reg : ours(HookAdminView.registrations(context, HOOK, WAIT))) {
            boolean ran = reg.who().equals(A + " critical") || reg.who().equals(B + " high");
            assertEquals(reg.toString(), ran ? 1 : 0, reg.executions());
            assertEquals(reg.toString(), reg.who().equals(B + " high") ? 1 : 0, reg.vetoes());
            assertEquals(reg.toString(), 0, reg.failures());
        }

        // a veto is per dispatch: the next one runs everybody
        HookResult next = fire(Map.of());
        assertFalse(next.toString(), next.vetoed());
        assertEquals(next.toString(), 6, trace(next).size());
    }

    @Test
    public void aHandlerThatThrowsIsSkippedAndCounted() throws Exception {
        startPlugins(A, B);
        HookResult r = fire(Map.of("throw", "A:low"));
        assertEquals(r.toString(), List.of("A:critical", "B:high", "A:normal", "B:normal", "B:background"), trace(r));
        assertFalse("a failing handler that is not fail-closed does not veto: " + r, r.vetoed());
        assertEquals(r.toString(), 6, r.handlers());
        assertEquals(r.toString(), 1, r.failures());
        assertEquals(r.toString(), 0, r.timeouts());

        List<HookAdminView.Reg> regsA = HookAdminView.registrationsOf(context, A, WAIT);
        assertEquals(regsA.toString(), List.of(A + " critical", A + " normal", A + " low"),
                regsA.stream().map(HookAdminView.Reg::who).collect(Collectors.toList()));
        for (HookAdminView.Reg reg : regsA) {
            assertEquals(reg.toString(), HOOK, reg.hook());
            assertEquals(reg.toString(), 1, reg.executions());
            assertEquals(reg.toString(), reg.priority().equals("low") ? 1 : 0, reg.failures());
        }
        for (HookAdminView.Reg reg : HookAdminView.registrationsOf(context, B, WAIT)) {
            assertEquals(reg.toString(), 1, reg.executions());
            assertEquals(reg.toString(), 0, reg.failures());
        }

        // it stays registered: when it does not throw, it runs again
        HookResult next = fire(Map.of());
        assertEquals(next.toString(), 0, next.failures());
        assertTrue(next.toString(), trace(next).contains("A:low"));
    }

    @Test
    public void stoppingAPluginsBundleRemovesItsHandlers() throws Exception {
        Bundle[] plugins = startPlugins(A, B);
        Bundle a = plugins[0];
        a.stop();
        Await.until("plugin " + A + "'s handlers to be gone from HookAdmin", WAIT,
                () -> HookAdminView.registrations(context, HOOK, WAIT),
                regs -> regs.stream().noneMatch(reg -> reg.plugin().equals(A)));
        assertEquals(List.of(), HookAdminView.registrationsOf(context, A, WAIT));

        HookResult r = fire(Map.of());
        assertEquals(r.toString(), List.of("B:high", "B:normal", "B:background"), trace(r));
        assertEquals(r.toString(), 3, r.handlers());
        assertEquals(r.toString(), 0, r.failures());

        // started again, A's handlers are back, registered after B's: among equals B's runs first
        a.start();
        awaitHandlers(A, 3);
        r = fire(Map.of());
        assertEquals(r.toString(), List.of("A:critical", "B:high", "B:normal", "A:normal", "A:low", "B:background"), trace(r));
    }

    // ---------------------------------------------------------------------------------------
    // helpers

    private HookResult fire(Map<String, String> metadata) {
        return dispatcher.fire(HOOK, "itest", metadata);
    }

    /** The tags the handlers appended to the {@code trace} metadata, in order. */
    private static List<String> trace(HookResult r) {
        String t = r.metadata().get("trace");
        return t == null || t.isEmpty() ? List.of() : Arrays.asList(t.split(","));
    }

    private static List<HookAdminView.Reg> ours(List<HookAdminView.Reg> regs) {
        return regs.stream().filter(reg -> reg.plugin().equals(A) || reg.plugin().equals(B)).collect(Collectors.toList());
    }

    /**
     * Installs both plugins (once), stops them, and starts them in the given order, each once the
     * one before has its handlers registered; returns the bundles of A and B.
     */
    private Bundle[] startPlugins(String... order) throws Exception {
        Bundle a = installOnce(A, "A", "critical,low,normal");
        Bundle b = installOnce(B, "B", "high,normal,background");
        for (Bundle p : List.of(a, b)) {
            p.stop();
        }
        for (String name : List.of(A, B)) {
            awaitHandlers(name, 0);
        }
        for (String name : order) {
            (name.equals(A) ? a : b).start();
            awaitHandlers(name, 3);
        }
        return new Bundle[] {a, b};
    }

    private void awaitHandlers(String plugin, int count) {
        Await.until(count + " handlers of plugin " + plugin + " in HookAdmin", WAIT,
                () -> HookAdminView.registrationsOf(context, plugin, WAIT), regs -> regs.size() == count);
    }

    private Bundle installOnce(String name, String tag, String priorities) throws Exception {
        String location = "nexcage:plugin/" + name;
        Bundle existing = context.getBundle(location);
        if (existing != null) {
            return existing;
        }
        PluginJar plugin = new PluginJar()
                .header("Bundle-ManifestVersion", "2")
                .header("Bundle-SymbolicName", "itest.hooks." + tag.toLowerCase())
                .header("Bundle-Version", "1.0.0")
                .header("Bundle-Description", "hook plugin " + tag + " of the integration tests")
                .header("NexCage-Plugin-Name", name)
                .header("NexCage-Api-Version", "1")
                .header("Bundle-Activator", PluginJars.PLUGIN_CLASSES + "TraceHooksActivator")
                .header("Import-Package", "nexcage.api.hooks;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.8,2)\"")
                .header("Itest-Hook", HOOK)
                .header("Itest-Hook-Tag", tag)
                .header("Itest-Hook-Priorities", priorities);
        byte[] jar = PluginJars.withClasses(plugin, "TraceHooksActivator", "TraceHandler").bytes();
        return context.installBundle(location, new ByteArrayInputStream(jar));
    }
}
