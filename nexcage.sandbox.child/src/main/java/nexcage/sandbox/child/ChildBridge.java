package nexcage.sandbox.child;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;

import nexcage.api.PluginLifecycle;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.cli.CliCommand;
import nexcage.api.containers.Containers;
import nexcage.api.hooks.HookDispatcher;
import nexcage.api.hooks.HookHandler;
import nexcage.api.integration.IntegrationExtension;
import nexcage.api.integration.Integrations;
import nexcage.api.monitoring.MonitoringExtension;
import nexcage.api.runtime.HostCommands;
import nexcage.api.runtime.PluginMetrics;
import nexcage.api.runtime.RuntimeConfig;
import nexcage.api.runtime.SystemInfo;
import nexcage.api.security.SecurityExtension;
import nexcage.sandbox.child.wire.Checked;
import nexcage.sandbox.child.wire.Invoker;
import nexcage.sandbox.child.wire.Link;
import nexcage.sandbox.child.wire.Marshal;
import nexcage.sandbox.child.wire.RemoteRefs;
import nexcage.sandbox.child.wire.Values.Tagged;

/**
 * The child's end of the bridge: exports each service the plugin's bundle registers (and withdraws
 * it when it goes), serves the daemon's calls to them, and stands in for NexCage's guarded services
 * with proxies that call the daemon, where the plugin's capabilities are checked.
 */
final class ChildBridge implements Link.Handler {
    static final List<Class<?>> EXPORTED = List.of(PluginLifecycle.class, CliCommand.class, HookHandler.class,
            ContainerBackend.class, IntegrationExtension.class, MonitoringExtension.class, SecurityExtension.class);
    static final List<Class<?>> GUARDED = List.of(Containers.class, RuntimeConfig.class, SystemInfo.class,
            HostCommands.class, PluginMetrics.class, HookDispatcher.class, Integrations.class);
    /** How long a guarded call may wait for the daemon; the daemon's own limits are shorter. */
    private static final long GUARDED_TIMEOUT_MS = 10 * 60_000L;

    private final Link link;
    private final Path dataDir;
    private final Marshal marshal = new Marshal(new Specials());
    private final Map<Long, Invoker> objects = new ConcurrentHashMap<>();
    private final Map<Long, Long> exportedByServiceId = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Registrations go out in order, off the thread that registered the service. */
    private final ExecutorService exporter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "nexcage-sandbox-exporter");
        t.setDaemon(true);
        return t;
    });
    private volatile BundleContext system;
    private volatile Bundle plugin;
    private volatile ChildPluginContext context;
    private volatile Runnable stop = () -> { };

    ChildBridge(Link link, Path dataDir) {
        this.link = link;
        this.dataDir = dataDir;
    }

    /** Registers the guarded services' proxies in the child's framework, before the plugin starts. */
    void serveGuarded(BundleContext systemContext) {
        this.system = systemContext;
        for (Class<?> type : GUARDED) {
            Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, args) -> {
                if (m.getDeclaringClass() == Object.class) {
                    return objectMethod(p, m, args, type);
                }
                try {
                    return marshal.decode(link.call(0, "service",
                            Arrays.asList(type.getName(), m.getName(), marshal.encodeAll(args)), GUARDED_TIMEOUT_MS));
                } catch (Throwable t) {
                    throw Checked.fit(m, t);
                }
            });
            systemContext.registerService(type.getName(), proxy, null);
        }
    }

    private static Object objectMethod(Object proxy, java.lang.reflect.Method m, Object[] args, Class<?> type) {
        switch (m.getName()) {
            case "equals": return proxy == args[0];
            case "hashCode": return System.identityHashCode(proxy);
            default: return "sandbox proxy of " + type.getName();
        }
    }

    /**
     * Puts the plugin's configuration into the child's ConfigAdmin (null deletes it). Called by
     * reflection: the ConfigAdmin API lives in its bundle, not on the child's class path.
     */
    void configure(String pid, Map<String, Object> values) throws Exception {
        ServiceReference<?> ref = system.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        if (ref == null) {
            throw new IllegalStateException("the child's ConfigAdmin is not running");
        }
        Object admin = system.getService(ref);
        try {
            Object cfg = publicMethod(admin, "getConfiguration", String.class, String.class).invoke(admin, pid, "?");
            java.lang.reflect.Method update = publicMethod(cfg, "update", Dictionary.class);
            if (values == null) {
                publicMethod(cfg, "delete").invoke(cfg);
            } else {
                Dictionary<String, Object> d = new Hashtable<>();
                values.forEach((k, v) -> {
                    if (v != null) {
                        d.put(k, v);
                    }
                });
                update.invoke(cfg, d);
            }
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            system.ungetService(ref);
        }
        ChildPluginContext c = context;
        if (c != null) {
            c.config(values);
        }
    }

    /** The method through the public interface that declares it (the implementation class is the bundle's private one). */
    private static java.lang.reflect.Method publicMethod(Object o, String name, Class<?>... params) throws NoSuchMethodException {
        for (Class<?> i : o.getClass().getInterfaces()) {
            try {
                return i.getMethod(name, params);
            } catch (NoSuchMethodException e) {
                // try the next
            }
        }
        return o.getClass().getMethod(name, params);
    }

    /** Exports what the plugin's bundle registers, now and later. */
    void follow(Bundle pluginBundle) {
        this.plugin = pluginBundle;
        this.context = new ChildPluginContext(link, pluginBundle, dataDir);
        StringBuilder filter = new StringBuilder("(|");
        EXPORTED.forEach(c -> filter.append("(objectClass=").append(c.getName()).append(')'));
        filter.append(')');
        try {
            system.addServiceListener(this::serviceChanged, filter.toString());
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        ServiceReference<?>[] already = pluginBundle.getRegisteredServices();
        for (ServiceReference<?> ref : already == null ? new ServiceReference<?>[0] : already) {
            serviceChanged(new ServiceEvent(ServiceEvent.REGISTERED, ref));
        }
    }

    void onStop(Runnable r) {
        this.stop = r;
    }

    /** Waits until every registration so far has reached the daemon. */
    void drain() throws Exception {
        exporter.submit(() -> { }).get(30, TimeUnit.SECONDS);
    }

    private void serviceChanged(ServiceEvent event) {
        ServiceReference<?> ref = event.getServiceReference();
        if (ref.getBundle() == null || ref.getBundle() != plugin) {
            return;
        }
        long sid = (Long) ref.getProperty(Constants.SERVICE_ID);
        if (event.getType() == ServiceEvent.REGISTERED) {
            exporter.execute(() -> export(ref, sid));
        } else if (event.getType() == ServiceEvent.UNREGISTERING) {
            exporter.execute(() -> withdraw(sid));
        }
    }

    private void export(ServiceReference<?> ref, long sid) {
        List<String> names = new ArrayList<>();
        for (String oc : (String[]) ref.getProperty(Constants.OBJECTCLASS)) {
            if (EXPORTED.stream().anyMatch(c -> c.getName().equals(oc))) {
                names.add(oc);
            }
        }
        Object service = names.isEmpty() ? null : system.getService(ref);
        if (service == null) {
            return;
        }
        long id = ids.incrementAndGet();
        objects.put(id, invoker(service, names));
        exportedByServiceId.put(sid, id);
        Map<String, Object> props = new LinkedHashMap<>();
        for (String key : ref.getPropertyKeys()) {
            if (!key.equals(Constants.OBJECTCLASS) && !key.equals(Constants.SERVICE_ID) && !key.equals(Constants.SERVICE_BUNDLEID)
                    && !key.equals(Constants.SERVICE_SCOPE)) {
                props.put(key, ref.getProperty(key));
            }
        }
        try {
            link.call(0, "register", Arrays.asList(id, names, props, Exports.descriptor(service)), 30_000);
        } catch (Exception e) {
            System.err.println("nexcage sandbox: the service " + names + " of the plugin could not be offered to the daemon: " + e.getMessage());
        }
    }

    /**
     * How the daemon's calls reach one exported service: a command's and a hook handler's through
     * adapters that carry their contexts back, the rest through the interfaces it was registered under.
     */
    private static Invoker invoker(Object service, List<String> names) {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> c : EXPORTED) {
            if (names.contains(c.getName())) {
                types.add(c);
            }
        }
        Invoker plain = new Invoker(service, types);
        Invoker command = service instanceof CliCommand c && names.contains(CliCommand.class.getName())
                ? new Invoker(new Exports.Command(c), List.of(Exports.Command.class)) : null;
        Invoker hook = service instanceof HookHandler h && names.contains(HookHandler.class.getName())
                ? new Invoker(new Exports.Hook(h), List.of(Exports.Hook.class)) : null;
        return new Invoker(service, types) {
            @Override
            public Object invoke(String method, Object[] args) throws Exception {
                if (command != null && (method.equals("execute") || method.equals("validate") || method.equals("complete"))) {
                    return command.invoke(method, args);
                }
                if (hook != null && method.equals("handle")) {
                    return hook.invoke(method, args);
                }
                return plain.invoke(method, args);
            }
        };
    }

    private void withdraw(long sid) {
        Long id = exportedByServiceId.remove(sid);
        if (id == null) {
            return;
        }
        objects.remove(id);
        try {
            link.call(0, "unregister", List.of(id), 30_000);
        } catch (Exception e) {
            // the daemon is gone or will drop the proxy with the link
        }
    }

    @SuppressWarnings("unchecked")
    @Override
    public Object call(long object, String method, List<Object> args) throws Exception {
        if (object != 0) {
            return marshal.serve(objects.get(object), "the plugin's service is gone from its sandbox", method, args);
        }
        switch (method) {
            case "config":
                configure((String) args.get(0), (Map<String, Object>) marshal.decode(args.get(1)));
                return null;
            case "ping":
                return "pong";
            case "stop":
                new Thread(stop, "nexcage-sandbox-stop").start();
                return null;
            default:
                throw new UnsupportedOperationException("the sandbox's child has no call " + method);
        }
    }

    /** The objects that stand for the daemon's own: contexts, output streams, callbacks. */
    private final class Specials implements Marshal.Special {
        @Override
        public Tagged encode(Object o) {
            if (o instanceof AutoCloseable c) {
                long id = ids.incrementAndGet();
                objects.put(id, new Invoker(c, List.of(AutoCloseable.class)));
                return new Tagged("ref", Arrays.asList(id, List.of(AutoCloseable.class.getName())));
            }
            return null;
        }

        @SuppressWarnings("unchecked")
        @Override
        public Object decode(Tagged t) {
            switch (t.tag()) {
                case "pluginContext":
                    return context.update((Map<String, Object>) t.value());
                case "sink":
                    return link.remoteStream((Long) t.value());
                case "commandContext": {
                    Map<String, Object> m = (Map<String, Object>) t.value();
                    return ChildContexts.Command.over(link.remoteStream((Long) m.get("out")), link.remoteStream((Long) m.get("err")),
                            Path.of((String) m.get("cwd")), Boolean.TRUE.equals(m.get("tty")));
                }
                case "hookContext": {
                    Map<String, Object> m = (Map<String, Object>) t.value();
                    return new ChildContexts.Hook((String) m.get("hook"), (String) m.get("source"),
                            Boolean.TRUE.equals(m.get("vetoable")), (Map<String, String>) m.get("metadata"));
                }
                case "ref":
                    return RemoteRefs.proxy(link, marshal, (List<Object>) t.value());
                default:
                    return null;
            }
        }
    }
}
