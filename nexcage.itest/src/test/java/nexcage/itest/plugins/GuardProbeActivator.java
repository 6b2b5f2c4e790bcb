package nexcage.itest.plugins;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import nexcage.api.CapabilityDeniedException;
import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;
import nexcage.api.containers.Containers;
import nexcage.api.runtime.HostCommands;
import nexcage.api.runtime.PluginMetrics;
import nexcage.api.runtime.RuntimeConfig;
import nexcage.api.runtime.SystemInfo;

/**
 * The activator of the probe plugins GuardIT builds (copied into each plugin file; not run from the
 * test bundle). It registers a {@code Function<String, String>} with {@code itest.guard.probe=NAME}:
 * the test names an operation, the plugin makes that call (config.update_plugin_config takes NAME KEY VALUE...) through the guarded service it gets with
 * its own bundle context, and answers {@code ok RESULT}, {@code denied CAPABILITY OPERATION} or
 * {@code failed CLASS: MESSAGE}. A {@code checkConfig} refuses a configuration with {@code refuse: true}.
 */
public class GuardProbeActivator implements BundleActivator, PluginLifecycle {
    public static final String PROBE = "itest.guard.probe";

    private volatile BundleContext context;
    private volatile PluginContext pluginContext;

    @Override
    public void start(BundleContext ctx) {
        this.context = ctx;
        String name = ctx.getBundle().getHeaders().get("NexCage-Plugin-Name");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PROBE, name);
        ctx.registerService(Function.class, (Function<String, String>) this::probe, props);
        ctx.registerService(PluginLifecycle.class, this, null);
    }

    @Override
    public void stop(BundleContext ctx) {
        // the framework unregisters the services with the bundle
    }

    @Override
    public void init(PluginContext c) {
        pluginContext = c;
    }

    @Override
    public void checkConfig(PluginContext c, Map<String, Object> config) {
        if (Boolean.TRUE.equals(config.get("refuse"))) {
            throw new IllegalArgumentException("refuse is true, and this probe refuses that");
        }
    }

    private String probe(String op) {
        try {
            return "ok " + call(op);
        } catch (CapabilityDeniedException e) {
            return "denied " + e.capability() + " " + e.operation();
        } catch (RuntimeException e) {
            return "failed " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private Object call(String op) {
        String[] w = op.split(" ", 2);
        String arg = w.length > 1 ? w[1] : "";
        switch (w[0]) {
            case "containers.list": return service(Containers.class).list(true).size();
            case "containers.info": return service(Containers.class).info(arg).status();
            case "containers.create": return service(Containers.class).create(arg, "busybox", List.of("sleep", "60"), null).id();
            case "containers.start": service(Containers.class).start(arg); return "";
            case "containers.stop": service(Containers.class).stop(arg, 1); return "";
            case "containers.delete": service(Containers.class).delete(arg, true); return "";
            case "containers.exec": return service(Containers.class).exec(arg, List.of("echo", "hi")).stdout();
            case "config.effective": return service(RuntimeConfig.class).effective().keySet();
            case "config.plugin_config": return service(RuntimeConfig.class).pluginConfig(arg);
            case "config.update_plugin_config": {
                String[] kv = arg.split(" ");
                Map<String, Object> values = new java.util.LinkedHashMap<>();
                for (int i = 1; i + 1 < kv.length; i += 2) {
                    values.put(kv[i], parse(kv[i + 1]));
                }
                service(RuntimeConfig.class).updatePluginConfig(kv[0], values);
                return "";
            }
            case "system.runtime": return service(SystemInfo.class).runtime().version();
            case "system.host": return service(SystemInfo.class).host().processors();
            case "host.run": return service(HostCommands.class).run(List.of("echo", arg), Duration.ofSeconds(10)).stdout().trim();
            case "host.sleep": {
                nexcage.api.runtime.HostCommandResult r = service(HostCommands.class).run(List.of("sleep", arg), Duration.ofSeconds(60));
                return r.timedOut() + " " + r.exitCode();
            }
            case "metrics.increment": service(PluginMetrics.class).increment(arg, 2); return service(PluginMetrics.class).snapshot();
            case "metrics.gauge": service(PluginMetrics.class).gauge(arg, 1.5); return "";
            case "metrics.snapshot": return service(PluginMetrics.class).snapshot();
            case "context.log": pluginContext.log("info", arg); return "";
            default: throw new IllegalArgumentException("no probe operation " + op);
        }
    }

    private static Object parse(String v) {
        return v.equals("true") || v.equals("false") ? Boolean.valueOf(v) : v;
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> ref = context.getServiceReference(type);
        if (ref == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " service");
        }
        return context.getService(ref);
    }
}
