package nexcage.e2e.accounting;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import nexcage.e2e.accounting.fixture.Spin;
import nexcage.e2e.accounting.fixture.filler.DiskFiller;
import nexcage.e2e.accounting.fixture.leaker.ThreadLeaker;
import nexcage.e2e.accounting.fixture.spinner.FactorySpinner;
import nexcage.e2e.accounting.fixture.steady.SteadyCommand;
import nexcage.e2e.accounting.fixture.stray.StraySpinner;
import nexcage.testkit.PluginJar;

/**
 * The fixture plugins of the accounting tests: one per watched limit it exceeds (its manifest key
 * and declared value), and {@link #STEADY}, which stays within tight limits. Each has a package of
 * its own: the daemon tells whose a thread is by the package of its entry point's class.
 */
enum ResourceFixture {
    SPINNER("spinner", "max_cpu_percent", 5, "filesystem_read", FactorySpinner.class, Spin.class),
    STRAY_SPINNER("stray-spinner", "max_cpu_percent", 5, "filesystem_read", StraySpinner.class, Spin.class),
    LEAKER("leaker", "max_threads", 3, null, ThreadLeaker.class),
    FILLER("filler", "max_disk_usage_mb", 1, "filesystem_write", DiskFiller.class),
    /** Its limits are tight, and it keeps to them. */
    STEADY(SteadyCommand.NAME, null, 0, null, SteadyCommand.class);

    private static final String IMPORTS = "nexcage.api;version=\"[1.2,2)\",nexcage.api.cli;version=\"[1.0,2)\","
            + "org.osgi.framework;version=\"[1.8,2)\"";

    final String plugin;
    /** The limit it exceeds; null for the steady one. */
    final String limit;
    final int limitValue;
    private final String capabilities;
    private final Class<?> activator;
    /** Classes packed beside the activator. */
    private final List<Class<?>> helpers;

    ResourceFixture(String plugin, String limit, int limitValue, String capabilities, Class<?> activator, Class<?>... helpers) {
        this.plugin = plugin;
        this.limit = limit;
        this.limitValue = limitValue;
        this.capabilities = capabilities;
        this.activator = activator;
        this.helpers = List.of(helpers);
    }

    static List<ResourceFixture> badOnes() {
        return Arrays.stream(values()).filter(f -> f.limit != null).toList();
    }

    boolean spins() {
        return "max_cpu_percent".equals(limit);
    }

    /** Its plugin file; a spinner spins until {@code stopSpinning} exists (or 15 s passed). */
    PluginJar jar(Path stopSpinning) {
        String resources = limit == null ? "max_threads=3;max_cpu_percent=10;max_disk_usage_mb=1" : limit + "=" + limitValue;
        PluginJar jar = PluginJar.corpusPlugin(plugin, "e2e.fixture", plugin, "accounting tests")
                .header("Bundle-Activator", activator.getName())
                .header("Import-Package", IMPORTS)
                .header("NexCage-Resources", resources)
                .header("NexCage-Capabilities", capabilities)
                .header("Stop-File", stopSpinning.toString());
        ClassLoader loader = ResourceFixture.class.getClassLoader();
        jar.classFrom(loader, activator.getName());
        helpers.forEach(h -> jar.classFrom(loader, h.getName()));
        return jar;
    }
}
