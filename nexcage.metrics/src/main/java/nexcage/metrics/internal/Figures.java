package nexcage.metrics.internal;

import java.util.List;

import nexcage.accounting.admin.PluginUsage;
import nexcage.core.admin.RuntimeFigures.BackendFigures;
import nexcage.core.admin.RuntimeFigures.OperationLatency;
import nexcage.core.admin.RuntimeFigures.PluginFigures;
import nexcage.hooks.admin.HookLatency;
import nexcage.hooks.admin.HookRegistrationInfo;
import nexcage.security.admin.Violation;

/**
 * Where the series' figures come from, read once per scrape. The component reads the runtime's
 * services; tests and the benchmark hand in fixed figures.
 */
public interface Figures {

    List<PluginUsage> usage();

    List<HookRegistrationInfo> hooks();

    /** The hook handlers' latency buckets, one per registration. */
    List<HookLatency> hookLatencies();

    List<Violation> violations();

    List<PluginFigures> plugins();

    List<BackendFigures> backends();

    /** The container operations' latency buckets, by backend and operation. */
    List<OperationLatency> containerOperations();

    boolean ready();
}
