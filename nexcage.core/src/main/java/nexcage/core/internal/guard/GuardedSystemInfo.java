package nexcage.core.internal.guard;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.Capability;
import nexcage.api.runtime.HostFigures;
import nexcage.api.runtime.RuntimeFacts;
import nexcage.api.runtime.SystemInfo;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.plugins.PluginRecord;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.security.admin.CapabilityGuard;

/** {@link SystemInfo} for one plugin (bundle-scoped): the runtime's facts need {@code system_info}, the host's figures {@code system_metrics}. */
@Component(scope = ServiceScope.BUNDLE, service = SystemInfo.class)
public class GuardedSystemInfo implements SystemInfo {
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private final Bundle caller;
    private final CapabilityGuard guard;
    private final Daemon daemon;
    private final PluginRegistry registry;
    private final ServiceCalls calls;

    @Activate
    public GuardedSystemInfo(ComponentContext cc, @Reference CapabilityGuard guard, @Reference Daemon daemon,
            @Reference PluginRegistry registry, @Reference PluginAccounting accounting) {
        this.caller = cc.getUsingBundle();
        this.calls = new ServiceCalls(accounting, caller);
        this.guard = guard;
        this.daemon = daemon;
        this.registry = registry;
    }

    @Override
    public RuntimeFacts runtime() {
        return calls.call("system.runtime", () -> {
            guard.check(caller, Capability.SYSTEM_INFO, "system.runtime", "");
            Map<String, String> states = new TreeMap<>();
            for (PluginRecord r : registry.all()) {
                states.put(r.name(), r.state().id());
            }
            return new RuntimeFacts(daemon.runtimeVersion().toString(), System.getProperty("java.version"), daemon.uptime(), states);
        });
    }

    @Override
    public HostFigures host() {
        return calls.call("system.host", () -> {
            guard.check(caller, Capability.SYSTEM_METRICS, "system.host", "");
            HostMemory mem = HostMemory.read(MEMINFO);
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new HostFigures(Runtime.getRuntime().availableProcessors(), load < 0 ? -1 : load, mem.totalBytes(),
                    mem.availableBytes(), heap.getUsed(), heap.getMax());
        });
    }
}
