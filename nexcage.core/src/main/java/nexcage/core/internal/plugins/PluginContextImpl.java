package nexcage.core.internal.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.Capability;
import nexcage.api.PluginContext;
import nexcage.api.PluginMetadata;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.security.admin.CapabilityGuard;

/** The context the core hands one plugin, from its init to its deinit. */
final class PluginContextImpl implements PluginContext {
    private final PluginMetadata metadata;
    private final Daemon daemon;
    private volatile boolean valid = true;

    private final nexcage.core.internal.config.ConfigService config;

    private final org.osgi.framework.Bundle bundle;
    private final CapabilityGuard guard;
    private final PluginAccounting accounting;

    PluginContextImpl(PluginMetadata metadata, Daemon daemon, nexcage.core.internal.config.ConfigService config,
            org.osgi.framework.Bundle bundle, CapabilityGuard guard, PluginAccounting accounting) {
        this.bundle = bundle;
        this.accounting = accounting;
        this.guard = guard;
        this.metadata = metadata;
        this.daemon = daemon;
        this.config = config;
    }

    void invalidate() {
        valid = false;
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
        Path dir = daemon.paths().pluginData(metadata.name());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory of plugin " + metadata.name() + " at " + dir, e);
        }
        return dir;
    }

    @Override
    public Map<String, Object> getConfig() {
        return config.config(metadata.name());
    }

    /** Registered in the plugin's own name, so the handler goes away with the plugin and its timeout is capped. */
    @Override
    public AutoCloseable registerHook(String hook, nexcage.api.hooks.HookHandler handler, nexcage.api.hooks.HookPriority priority,
            long timeoutMs) {
        java.util.Dictionary<String, Object> props = new java.util.Hashtable<>();
        props.put(nexcage.api.hooks.HookHandler.HOOK, hook);
        props.put(nexcage.api.hooks.HookHandler.PRIORITY, priority.id());
        props.put(nexcage.api.hooks.HookHandler.TIMEOUT_MS, timeoutMs);
        org.osgi.framework.ServiceRegistration<nexcage.api.hooks.HookHandler> reg = bundle.getBundleContext()
                .registerService(nexcage.api.hooks.HookHandler.class, handler, props);
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
        guard.check(bundle, Capability.LOGGING, "context.log", "");
        daemon.log().log(DaemonLog.parseLevel(level), metadata.name(), message);
    }

    /** Its threads are counted against the plugin's max_threads and their CPU time is the plugin's. */
    @Override
    public java.util.concurrent.ThreadFactory threadFactory() {
        return accounting.threadFactory(metadata.name());
    }
}
