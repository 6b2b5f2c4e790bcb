package nexcage.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The accounting bundle in the real runtime: its service is there and measures calls (allocation
 * too, so com.sun.management is wired as runtime.bndrun provides it), and plugins can neither see
 * the service nor import its package (DESIGN §5).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AccountingIT {
    private static final String ACCOUNTING = "nexcage.accounting.admin.PluginAccounting";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return Frameworks.runtime(Frameworks.freshWork("itest-accounting")).toArray(new Option[0]);
    }

    @Test
    public void theServiceIsRegisteredAndMeasuresACallWithItsAllocation() throws Exception {
        assertNotNull("the runtime registers no " + ACCOUNTING,
                Await.until(ACCOUNTING + " to be registered", () -> context.getServiceReference(ACCOUNTING), r -> r != null));
        Bundle accounting = bundle("nexcage.accounting");
        List<BundleWire> wires = accounting.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package");
        assertTrue("nexcage.accounting does not import com.sun.management from the system bundle: " + wires, wires.stream()
                .anyMatch(w -> "com.sun.management".equals(w.getCapability().getAttributes().get("osgi.wiring.package"))
                        && w.getProvider().getBundle().getBundleId() == 0));

        AccountingView.Figures f = AccountingView.measureOneCall(context, "itest-acc", "command:x", 200_000, Await.DEFAULT);
        assertEquals(1, f.calls());
        assertEquals(0, f.errors());
        assertTrue("the call's allocation was not measured: " + f, f.allocatedBytes() >= 200_000);
    }

    @Test
    public void aPluginCannotSeeTheServiceNorImportItsPackage() throws Exception {
        Await.until(ACCOUNTING + " to be registered", () -> context.getServiceReference(ACCOUNTING), r -> r != null);
        Bundle nosy = plugin("acc-nosy", Map.of());
        nosy.start();
        BundleContext plugin = nosy.getBundleContext();
        assertNull("a plugin finds the accounting by name", plugin.getServiceReference(ACCOUNTING));
        assertNull("a plugin finds the accounting by filter",
                plugin.getServiceReferences((String) null, "(objectClass=" + ACCOUNTING + ")"));
        assertFalse("a plugin sees the accounting bundle", List.of(plugin.getBundles()).contains(bundle("nexcage.accounting")));
        List<SecurityView.V> recorded = SecurityView.violations(context, "acc-nosy", Await.DEFAULT);
        assertTrue("the look-up was not recorded as a violation: " + recorded,
                recorded.stream().anyMatch(v -> v.capability() == null && v.detail().equals(ACCOUNTING)));

        Bundle importer = plugin("acc-import", Map.of(Constants.IMPORT_PACKAGE, "nexcage.accounting.admin"));
        try {
            assertFalse("a plugin importing nexcage.accounting.admin resolves",
                    context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(importer)));
        } finally {
            importer.uninstall();
            nosy.uninstall();
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName + " in the runtime");
    }

    private Bundle plugin(String name, Map<String, String> extra) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("NexCage-Plugin-Name", name);
        headers.put("NexCage-Api-Version", "1");
        headers.put("Bundle-Description", "a plugin of the accounting integration tests");
        headers.putAll(extra);
        return context.installBundle("nexcage:plugin/" + name,
                new ByteArrayInputStream(Bundles.withHeaders("itest.accounting.plugin." + name, headers)));
    }
}
