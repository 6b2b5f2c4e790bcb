package nexcage.core.internal.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginCall;
import nexcage.api.PluginHeaders;
import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ContainerEvent;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.hooks.HookNames;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.hooks.CoreHooks;
import nexcage.core.internal.plugins.PluginRegistry;

/**
 * The container backends plugins offer (whiteboard), each with its last known health, re-checked
 * every few seconds and after a failed operation; engine events become
 * {@code container.status_changed}. Only the core calls a backend, so hooks always run.
 */
@Component(service = BackendRegistry.class, immediate = true)
public class BackendRegistry implements Backends {
    static final long HEALTH_EVERY_S = 5;

    /** A backend with the plugin that provides it and what is known of its health. */
    public static final class Entry {
        final ContainerBackend backend;
        final String name;
        final String plugin;
        volatile BackendHealth health = BackendHealth.unhealthy("not checked yet");
        volatile AutoCloseable events;

        Entry(ContainerBackend backend, String name, String plugin) {
            this.backend = backend;
            this.name = name;
            this.plugin = plugin;
        }

        public ContainerBackend backend() {
            return backend;
        }

        public String plugin() {
            return plugin;
        }

        public BackendHealth health() {
            return health;
        }
    }

    private final Daemon daemon;
    private final CoreHooks hooks;
    /** Told each backend's health, so a backend plugin's health reads the same in 'plugin list' (DESIGN §8). */
    private final PluginRegistry plugins;
    private final PluginAccounting accounting;
    private final OperationTimes times = new OperationTimes();
    private final Map<String, Entry> byName = new ConcurrentHashMap<>();
    /** Who waits for the next engine event of a container, by backend and container id. */
    private final Map<String, Set<CompletableFuture<ContainerStatus>>> statusWatchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(Daemon.named("nexcage-backend-health"));

    @Activate
    public BackendRegistry(@Reference Daemon daemon, @Reference CoreHooks hooks, @Reference PluginRegistry plugins,
            @Reference PluginAccounting accounting) {
        this.daemon = daemon;
        this.accounting = accounting;
        this.plugins = plugins;
        this.hooks = hooks;
        checker.scheduleWithFixedDelay(this::checkAll, HEALTH_EVERY_S, HEALTH_EVERY_S, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        checker.shutdownNow();
        byName.values().forEach(this::unsubscribe);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindBackend(ContainerBackend backend, ServiceReference<ContainerBackend> ref) {
        String name = backend.name();
        Object plugin = ref.getBundle().getHeaders("").get(PluginHeaders.NAME);
        Entry e = new Entry(backend, name, plugin == null ? ref.getBundle().getSymbolicName() : plugin.toString());
        Entry before = byName.putIfAbsent(name, e);
        if (before != null) {
            daemon.log().warn("containers", "backend '" + name + "' of " + e.plugin + " ignored: plugin " + before.plugin
                    + " already provides a backend of that name");
            return;
        }
        daemon.log().about(plugin == null ? null : e.plugin).info("containers", "backend " + name + " of plugin " + e.plugin + " is available");
        checker.execute(() -> {
            check(e);
            subscribe(name, e);
        });
    }

    void unbindBackend(ContainerBackend backend) {
        byName.entrySet().removeIf(en -> {
            if (en.getValue().backend == backend) {
                unsubscribe(en.getValue());
                plugins.backendHealth(en.getValue().plugin, null);
                daemon.log().info("containers", "backend " + en.getKey() + " is gone");
                return true;
            }
            return false;
        });
    }

    private void subscribe(String name, Entry e) {
        try {
            e.events = e.backend.events(ev -> onEvent(name, ev));
        } catch (BackendException ex) {
            daemon.log().warn("containers", "engine events of backend " + name + " are not followed: " + ex.getMessage());
        } catch (RuntimeException bug) {
            daemon.log().error("containers", "engine events of backend " + name + " are not followed: its events() failed", bug);
        }
    }

    private void unsubscribe(Entry e) {
        AutoCloseable c = e.events;
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the backend is going away
            }
        }
    }

    /**
     * The status the next engine event of container {@code id} on {@code backend} reports (its
     * start, its end). Cancel it when no longer wanted. It never completes while that backend's
     * events are not followed, so wait with a bound.
     */
    @Override
    public CompletableFuture<ContainerStatus> nextStatus(String backend, String id) {
        String key = backend + '\0' + id;
        CompletableFuture<ContainerStatus> next = new CompletableFuture<>();
        statusWatchers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(next);
        next.whenComplete((status, cancelled) -> statusWatchers.computeIfPresent(key, (k, waiting) -> {
            waiting.remove(next);
            return waiting.isEmpty() ? null : waiting;
        }));
        return next;
    }

    private void onEvent(String backend, ContainerEvent ev) {
        Set<CompletableFuture<ContainerStatus>> waiting = statusWatchers.get(backend + '\0' + ev.id());
        if (waiting != null) {
            List.copyOf(waiting).forEach(w -> w.complete(ev.status()));
        }
        hooks.fire(HookNames.CONTAINER_STATUS_CHANGED, "container_id", ev.id(), "backend", backend, "action", ev.action(),
                "status", ev.status() == null ? null : ev.status().id(), "exit_code",
                ev.exitCode() == null ? null : ev.exitCode().toString());
    }

    private void checkAll() {
        byName.values().forEach(this::check);
    }

    /**
     * The backend's own answer; one whose check throws, or whose plugin lacks a class it was built
     * against (a NoClassDefFoundError), is unhealthy with the reason, so that {@code backend list}
     * still answers for the others.
     */
    static Checked asked(ContainerBackend backend) {
        try {
            return new Checked(backend.health(), false);
        } catch (RuntimeException | LinkageError ex) {
            return new Checked(BackendHealth.unhealthy("its health check failed (" + ex + "); reinstall or update the plugin that"
                    + " provides it"), true);
        }
    }

    /** A health answer, and whether the check failed (counted as the plugin's error). */
    record Checked(BackendHealth health, boolean failed) {
    }

    /** Checks the backend's engine now and remembers the answer. */
    public BackendHealth check(Entry e) {
        BackendHealth before = e.health;
        BackendHealth h;
        PluginCall measured = accounting.begin(e.plugin, PluginAccounting.BACKEND + "health");
        long start = System.nanoTime();
        boolean failed = true;
        try {
            Checked c = asked(e.backend);
            h = c.health();
            failed = c.failed();
        } finally {
            times.record(e.name, "health", System.nanoTime() - start);
            measured.end(failed);
        }
        // the plugin's record first: whoever sees the new health in 'backend list' sees it in 'plugin list' too
        plugins.backendHealth(e.plugin, h.state());
        e.health = h;
        if (before.state() != h.state()) {
            daemon.log().about(plugins.installed(e.plugin).isPresent() ? e.plugin : null).info("containers", "backend " + e.backend.name() + " is " + h.state().id()
                    + (h.reason() == null ? "" : ": " + h.reason()));
        }
        return h;
    }

    public Optional<Entry> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Backends by name. */
    public Map<String, Entry> all() {
        return new TreeMap<>(byName);
    }

    @Override
    public Optional<String> plugin(String name) {
        return get(name).map(Entry::plugin);
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(new TreeMap<>(byName).keySet());
    }

    @Override
    public Optional<ContainerBackend> backend(String name) {
        return get(name).map(Entry::backend);
    }

    @Override
    public void recheck(String name) {
        get(name).ifPresent(this::check);
    }

    @Override
    public OperationTimes times() {
        return times;
    }

    @Override
    public List<ContainerService.BackendState> states() {
        List<ContainerService.BackendState> out = new ArrayList<>();
        all().forEach((name, e) -> out.add(new ContainerService.BackendState(name, e.plugin(), description(e), check(e))));
        return out;
    }

    /** What the backend says it is; a failing plugin does not keep the others out of the list. */
    private static String description(Entry e) {
        try {
            return e.backend.description();
        } catch (RuntimeException | LinkageError ex) {
            return null;
        }
    }
}
