package nexcage.core.internal.guard;

import java.time.Duration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.Capability;
import nexcage.api.ResourceRequirements;
import nexcage.api.runtime.HostCommandResult;
import nexcage.api.runtime.HostCommands;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.security.admin.CapabilityGuard;

/**
 * {@link HostCommands} for one plugin (bundle-scoped, {@code host_command}): its timeout is capped
 * by the plugin's {@code timeout_seconds}, and each command leaves one audit line in the daemon's
 * log (plugin, argv, exit, duration).
 */
@Component(scope = ServiceScope.BUNDLE, service = HostCommands.class)
public class GuardedHostCommands implements HostCommands {
    private static final int SHOWN_ARGV_CHARS = 500;

    private final Bundle caller;
    private final String who;
    private final CapabilityGuard guard;
    private final DaemonLog log;
    private final PluginRegistry registry;
    private final HostCommandRunner runner = new HostCommandRunner(CappedOutput.MIB);
    private final ServiceCalls calls;

    @Activate
    public GuardedHostCommands(ComponentContext cc, @Reference CapabilityGuard guard, @Reference Daemon daemon,
            @Reference PluginRegistry registry, @Reference PluginAccounting accounting) {
        this.caller = cc.getUsingBundle();
        this.calls = new ServiceCalls(accounting, caller);
        this.who = Callers.name(caller);
        this.guard = guard;
        this.log = daemon.log();
        this.registry = registry;
    }

    @Override
    public HostCommandResult run(List<String> argv, Duration timeout) {
        return calls.call("host.run", () -> runChecked(argv, timeout));
    }

    private HostCommandResult runChecked(List<String> argv, Duration timeout) {
        String shown = String.valueOf(argv);
        shown = shown.length() > SHOWN_ARGV_CHARS ? shown.substring(0, SHOWN_ARGV_CHARS) + "..." : shown;
        guard.check(caller, Capability.HOST_COMMAND, "host.run", shown);
        int capSeconds = registry.metadata(caller).map(m -> m.resources().timeoutSeconds())
                .orElse(ResourceRequirements.DEFAULTS.timeoutSeconds());
        Duration cap = Duration.ofSeconds(capSeconds);
        Duration wait = timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(cap) > 0 ? cap : timeout;
        long t0 = System.nanoTime();
        HostCommandResult r;
        try {
            r = runner.run(argv, wait);
        } catch (RuntimeException e) {
            log.info("host_command", "plugin " + who + " ran " + shown + ": not started (" + e.getMessage() + ")");
            throw e;
        }
        log.info("host_command", "plugin " + who + " ran " + shown + ": " + (r.timedOut() ? "killed at its timeout of "
                + wait.toMillis() + " ms" : "exit " + r.exitCode()) + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return r;
    }
}
