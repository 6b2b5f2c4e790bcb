package nexcage.sandbox.bridge.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

import nexcage.api.PluginContext;
import nexcage.api.PluginLifecycle;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.cli.CliCommand;
import nexcage.api.hooks.HookHandler;
import nexcage.api.integration.IntegrationExtension;
import nexcage.api.monitoring.MonitoringExtension;
import nexcage.api.security.SecurityExtension;
import nexcage.sandbox.bridge.BridgeLink;
import nexcage.sandbox.child.wire.Link;

/**
 * The daemon's end of one sandboxed plugin: registers, with the stub's context, a proxy for each
 * service the child offers (and withdraws it when the child does, or when the link goes), serves
 * the child's calls to guarded services and its log, and sends it its configuration.
 */
final class DaemonLink implements BridgeLink, Link.Handler {
    private static final Map<String, Class<?>> EXPORTABLE = Map.of(PluginLifecycle.class.getName(), PluginLifecycle.class,
            CliCommand.class.getName(), CliCommand.class, HookHandler.class.getName(), HookHandler.class,
            ContainerBackend.class.getName(), ContainerBackend.class, IntegrationExtension.class.getName(), IntegrationExtension.class,
            MonitoringExtension.class.getName(), MonitoringExtension.class, SecurityExtension.class.getName(), SecurityExtension.class);
    private static final long DEFAULT_HOOK_TIMEOUT_MS = 5_000;

    private final String plugin;
    private final Link link;
    private final BundleContext stub;
    private final DaemonMarshal marshal;
    private final GuardedServices guarded;
    private final ConfigPush config;
    private final long callTimeoutMs;
    private final Map<Long, ServiceRegistration<?>> proxies = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    private final List<Runnable> onClosed = new CopyOnWriteArrayList<>();
    private volatile boolean closing;
    private volatile long pid;

    DaemonLink(String plugin, Link link, BundleContext stub, ConfigurationAdmin admin, long callTimeoutMs) {
        this.plugin = plugin;
        this.link = link;
        this.stub = stub;
        this.callTimeoutMs = callTimeoutMs;
        this.marshal = new DaemonMarshal(link);
        this.guarded = new GuardedServices(stub, plugin);
        this.config = new ConfigPush(admin, plugin, this::sendConfig);
        link.onClosed(this::closedByLink);
    }

    void start(BundleContext bridge) {
        config.listen(bridge);
        link.start(this);
    }

    /** Waits for the child's "ready"; returns how long it took from its exec, in ms. */
    long awaitReady(long timeoutMillis) throws java.io.IOException {
        try {
            return ready.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new java.io.IOException("plugin " + plugin + " did not start in its sandbox within " + timeoutMillis
                    + " ms; see the plugin's log, or raise its timeout_seconds");
        } catch (ExecutionException e) {
            throw new java.io.IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.IOException("interrupted while plugin " + plugin + " started in its sandbox");
        }
    }

    /** The child's process id, as it said on connecting. */
    long pid() {
        return pid;
    }

    @SuppressWarnings("unchecked")
    @Override
    public Object call(long object, String method, List<Object> args) throws Exception {
        if (object != 0) {
            return marshal.marshal().serve(marshal.callback(object), "the daemon no longer holds callback " + object, method, args);
        }
        switch (method) {
            case "hello": {
                pid = ((Number) args.get(1)).longValue();
                Map<String, Object> answer = new java.util.LinkedHashMap<>();
                answer.put("config", marshal.marshal().encode(config.current()));
                return answer;
            }
            case "register":
                register((Long) args.get(0), (List<Object>) args.get(1), (Map<String, Object>) marshal.marshal().decode(args.get(2)),
                        (Map<String, Object>) args.get(3));
                return null;
            case "unregister":
                unregister((Long) args.get(0));
                return null;
            case "log":
                log((String) args.get(0), (String) args.get(1));
                return null;
            case "service":
                return marshal.marshal().encode(guarded.call((String) args.get(0), (String) args.get(1),
                        marshal.marshal().decodeAll((List<Object>) args.get(2))));
            case "ready":
                ready.complete(((Number) args.get(0)).longValue());
                return null;
            case "failed":
                ready.completeExceptionally(new java.io.IOException((String) args.get(0)));
                return null;
            default:
                throw new UnsupportedOperationException("the sandbox's bridge has no call " + method);
        }
    }

    private void log(String level, String message) {
        PluginContext c = marshal.coreContext();
        if (c == null) {
            throw new IllegalStateException("plugin " + plugin + " logged before its init; log from init on, with the context it gets");
        }
        c.log(level, message);
    }

    private void register(long id, List<Object> names, Map<String, Object> props, Map<String, Object> descriptor) {
        if (closing) {
            return;
        }
        List<Class<?>> types = new ArrayList<>();
        for (Object n : names) {
            Class<?> c = EXPORTABLE.get((String) n);
            if (c != null) {
                types.add(c);
            }
        }
        if (types.isEmpty()) {
            return;
        }
        long hookTimeout = props.get(HookHandler.TIMEOUT_MS) instanceof Number n ? n.longValue() : DEFAULT_HOOK_TIMEOUT_MS;
        Object proxy = Proxy.newProxyInstance(DaemonLink.class.getClassLoader(), types.toArray(Class<?>[]::new),
                new PluginServiceProxy(link, id, descriptor, marshal, plugin, callTimeoutMs, hookTimeout));
        Dictionary<String, Object> d = new Hashtable<>();
        props.forEach((k, v) -> {
            if (v != null) {
                d.put(k, v);
            }
        });
        d.put("nexcage.sandboxed", "process");
        String[] classes = types.stream().map(Class::getName).toArray(String[]::new);
        proxies.put(id, stub.registerService(classes, proxy, d));
    }

    private void unregister(long id) {
        ServiceRegistration<?> r = proxies.remove(id);
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // it went with the stub
            }
        }
    }

    private void sendConfig(String pid, Map<String, Object> values) {
        try {
            link.call(0, "config", java.util.Arrays.asList(pid, marshal.marshal().encode(values)), callTimeoutMs);
        } catch (Exception e) {
            PluginContext c = marshal.coreContext();
            if (c != null && link.alive()) {
                c.log("warn", "the new configuration could not reach the sandbox of plugin " + plugin + ": " + e.getMessage());
            }
        }
    }

    @Override
    public boolean alive() {
        return link.alive();
    }

    @Override
    public void close() {
        closing = true;
        // the proxies go first, while the link still carries the deinit the core calls as they go
        withdrawAll();
        if (link.alive()) {
            try {
                link.call(0, "stop", List.of(), 2_000);
            } catch (Exception e) {
                // closing anyway
            }
        }
        link.close("the daemon closed it");
        guarded.release();
    }

    @Override
    public void onClosed(Runnable r) {
        onClosed.add(r);
        if (!link.alive() && !closing && onClosed.remove(r)) {
            r.run(); // it closed before anyone listened
        }
    }

    private void withdrawAll() {
        config.stop();
        new ArrayList<>(proxies.keySet()).forEach(this::unregister);
    }

    private void closedByLink() {
        ready.completeExceptionally(new java.io.IOException("the sandboxed process of plugin " + plugin + " closed its link before it was ready"));
        if (closing) {
            return;
        }
        withdrawAll();
        guarded.release();
        onClosed.forEach(r -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                // one listener's failure does not keep the others from hearing it
            }
        });
    }
}
