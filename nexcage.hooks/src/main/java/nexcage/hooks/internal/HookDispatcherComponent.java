package nexcage.hooks.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.hooks.HookDispatcher;
import nexcage.api.hooks.HookHandler;
import nexcage.api.hooks.HookResult;
import nexcage.hooks.admin.HookAdmin;
import nexcage.hooks.admin.HookLog;
import nexcage.hooks.admin.HookLatency;
import nexcage.hooks.admin.HookRegistrationInfo;

/**
 * The hook whiteboard: every {@link HookHandler} service with a {@code nexcage.hook} property is
 * handed to the {@link HookDispatcherCore}, and taken away when it is unregistered (so handlers
 * go away with their bundle). Publishes the dispatcher and its admin side.
 */
// immediate: handlers registered early are bound (and their settings checked) before the first fire
@Component(service = {HookDispatcher.class, HookAdmin.class}, immediate = true)
public final class HookDispatcherComponent implements HookDispatcher, HookAdmin {

    private final ExecutorService threads = HookThreads.create();
    private final HookDispatcherCore core = new HookDispatcherCore(threads, this::log);
    private volatile HookLog sink;
    private volatile PluginAccounting accounting;

    @Deactivate
    void deactivate() {
        // interrupts handlers still running (abandoned ones included); nobody waits for them
        threads.shutdownNow();
    }

    @Reference(service = HookHandler.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + HookHandler.HOOK + "=*)", unbind = "removeHandler", updated = "updatedHandler")
    void addHandler(HookHandler handler, ServiceReference<HookHandler> ref) {
        core.add(serviceId(ref), handler, properties(ref), BundleWho.of(ref.getBundle(), this::log));
    }

    void updatedHandler(HookHandler handler, ServiceReference<HookHandler> ref) {
        core.remove(serviceId(ref));
        addHandler(handler, ref);
    }

    void removeHandler(ServiceReference<HookHandler> ref) {
        core.remove(serviceId(ref));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetLog")
    void setLog(HookLog log) {
        sink = log;
    }

    void unsetLog(HookLog log) {
        if (sink == log) {
            sink = null;
        }
    }

    /** Plugin handlers' calls are counted while the accounting is there; dispatch never waits for it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetAccounting")
    void setAccounting(PluginAccounting a) {
        accounting = a;
        core.setAccounting(a);
    }

    void unsetAccounting(PluginAccounting a) {
        if (accounting == a) {
            accounting = null;
            core.setAccounting(null);
        }
    }

    private void log(String level, String plugin, String message) {
        HookLog s = sink;
        if (s != null) {
            s.log(level, plugin, message);
        } else {
            System.err.println("nexcage hooks " + level + " [" + plugin + "] " + message);
        }
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private static Map<String, Object> properties(ServiceReference<?> ref) {
        Map<String, Object> props = new HashMap<>();
        for (String key : ref.getPropertyKeys()) {
            props.put(key, ref.getProperty(key));
        }
        return props;
    }

    @Override
    public HookResult fire(String hook, String source, Map<String, String> metadata) {
        return core.fire(hook, source, metadata);
    }

    @Override
    public List<HookRegistrationInfo> registrations() {
        return core.registrations();
    }

    @Override
    public List<HookLatency> latencies() {
        return core.latencies();
    }

    @Override
    public List<HookRegistrationInfo> registrations(String plugin) {
        return core.registrations(plugin);
    }

    @Override
    public void setEnabled(String plugin, boolean enabled) {
        core.setEnabled(plugin, enabled);
    }

    @Override
    public int hungThreads() {
        return core.hungThreads();
    }
}
