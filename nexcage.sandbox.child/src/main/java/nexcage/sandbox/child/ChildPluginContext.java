package nexcage.sandbox.child;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import nexcage.api.Capability;
import nexcage.api.PluginContext;
import nexcage.api.PluginDependency;
import nexcage.api.PluginMetadata;
import nexcage.api.ResourceRequirements;
import nexcage.api.hooks.HookHandler;
import nexcage.api.hooks.HookPriority;
import nexcage.sandbox.child.wire.Link;

/**
 * The plugin's context in the child: its facts as the daemon's context sent them with the last
 * lifecycle call, its log through the daemon (where the capability is checked), its threads and
 * hooks local (a hook registered here is exported like any handler service).
 */
final class ChildPluginContext implements PluginContext {
    private final Link link;
    private final Bundle plugin;
    private final Path dataDir;
    private final AtomicInteger threads = new AtomicInteger();
    private volatile PluginMetadata metadata;
    private volatile boolean valid;
    private volatile Map<String, Object> config = Map.of();

    ChildPluginContext(Link link, Bundle plugin, Path dataDir) {
        this.link = link;
        this.plugin = plugin;
        this.dataDir = dataDir;
    }

    /** Takes what the daemon's context says now. */
    @SuppressWarnings("unchecked")
    ChildPluginContext update(Map<String, Object> facts) {
        valid = Boolean.TRUE.equals(facts.get("valid"));
        config = Map.copyOf((Map<String, Object>) facts.getOrDefault("config", Map.of()));
        if (metadata == null) {
            metadata = metadata((Map<String, Object>) facts.get("metadata"));
        }
        return this;
    }

    void config(Map<String, Object> values) {
        config = values == null ? Map.of() : Map.copyOf(values);
    }

    @SuppressWarnings("unchecked")
    static PluginMetadata metadata(Map<String, Object> m) {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        for (Object id : (List<Object>) m.get("capabilities")) {
            Capability.byId((String) id).ifPresent(caps::add);
        }
        List<PluginDependency> deps = new ArrayList<>();
        for (Object d : (List<Object>) m.get("dependencies")) {
            List<Object> pair = (List<Object>) d;
            deps.add(new PluginDependency((String) pair.get(0), (String) pair.get(1)));
        }
        return new PluginMetadata((String) m.get("name"), (String) m.get("version"), (String) m.get("description"),
                (String) m.get("author"), (Integer) m.get("apiVersion"), (String) m.get("nexcageVersion"), caps,
                ResourceRequirements.of((Map<String, ?>) m.get("resources")), deps);
    }

    @Override
    public String getPluginName() {
        return metadata.name();
    }

    @Override
    public PluginMetadata getMetadata() {
        return metadata;
    }

    @Override
    public boolean isValid() {
        return valid;
    }

    @Override
    public Path getDataDirectory() {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the data directory of plugin " + getPluginName() + " at " + dataDir, e);
        }
        return dataDir;
    }

    @Override
    public Map<String, Object> getConfig() {
        return config;
    }

    @Override
    public AutoCloseable registerHook(String hook, HookHandler handler, HookPriority priority, long timeoutMs) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HookHandler.HOOK, hook);
        props.put(HookHandler.PRIORITY, priority.id());
        props.put(HookHandler.TIMEOUT_MS, timeoutMs);
        ServiceRegistration<HookHandler> reg = plugin.getBundleContext().registerService(HookHandler.class, handler, props);
        return () -> {
            try {
                reg.unregister();
            } catch (IllegalStateException alreadyGone) {
                // it went with the plugin
            }
        };
    }

    @Override
    public void log(String level, String message) {
        try {
            link.call(0, "log", java.util.Arrays.asList(level, message), 10_000);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the log line of plugin " + getPluginName() + " could not reach the daemon: " + e.getMessage(), e);
        }
    }

    @Override
    public ThreadFactory threadFactory() {
        return r -> {
            Thread t = new Thread(r, "nexcage-plugin-" + getPluginName() + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
