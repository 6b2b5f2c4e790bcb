package nexcage.core.internal.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.MetaTypeService;

import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;

/**
 * config.yaml (DESIGN §7): read with Jackson's YAML parser, checked, and applied. Each
 * {@code plugins.NAME.config} becomes the ConfigAdmin configuration {@code nexcage.plugin.NAME},
 * bound to the plugin's location and typed by the plugin's Metatype when it has one. Edits are
 * picked up within a second and only what changed is applied; a broken edit is reported as
 * {@code FILE:LINE:COLUMN: reason} and the last good configuration stays in force. NexCage writes the
 * user's file only when a plugin changes a plugin section through its RuntimeConfig (the guard package).
 * <p>Reading, checking and delivering a document are one transaction here (the last good
 * configuration stays in force when any step refuses); delivering is SectionDelivery's and
 * InstanceDelivery's, typing PluginConfigTyping's.
 */
@Component(service = ConfigService.class, immediate = true)
public class ConfigService {
    static final long POLL_MS = 400;

    /** What a reload did: the error, or the plugins whose sections changed. */
    public record ReloadResult(String error, List<String> changedPlugins, boolean runtimeChanged, boolean fileChanged) {
    }

    private final Daemon daemon;
    private final DaemonLog log;
    private final nexcage.core.internal.hooks.CoreHooks hooks;
    private final Path file;
    private final PluginConfigTyping typing;
    private final PropertyOverrides overrides;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(Daemon.named("nexcage-config"));
    private final ConfigWhiteboard whiteboard;
    private final InstanceDelivery instances;
    private volatile MetaTypeService metatype;
    private volatile ConfigDocument good;
    private volatile String lastError;
    private volatile String stamp;
    private final SectionDelivery sections;
    /** Plugins that refused the configuration they run with (checked once they were up), and why. */
    private final Map<String, String> refusedByPlugin = new java.util.concurrent.ConcurrentHashMap<>();

    @Activate
    public ConfigService(BundleContext context, @Reference Daemon daemon, @Reference ConfigurationAdmin configAdmin,
            @Reference nexcage.core.internal.hooks.CoreHooks hooks) throws IOException {
        this.hooks = hooks;
        this.daemon = daemon;
        this.log = daemon.log();
        this.whiteboard = new ConfigWhiteboard(log);
        this.sections = new SectionDelivery(configAdmin);
        this.instances = new InstanceDelivery(configAdmin);
        String given = context.getProperty("nexcage.config");
        this.file = given == null || given.isBlank() ? daemon.paths().home().resolve("config.yaml") : Path.of(given).toAbsolutePath();
        this.typing = new PluginConfigTyping(context, file);
        this.overrides = new PropertyOverrides(context::getProperty, daemon.paths(), log);
        this.good = ConfigDocument.absent(file);
        reload();
        if (!Files.exists(file)) {
            log.info("config", "no config file at " + file + "; running on defaults");
        }
        poller.scheduleWithFixedDelay(this::pollQuietly, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        poller.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindMetatype(MetaTypeService m) {
        metatype = m;
    }

    void unbindMetatype(MetaTypeService m) {
        if (metatype == m) {
            metatype = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindChecker(ConfigChecker c) {
        whiteboard.add(c);
    }

    void unbindChecker(ConfigChecker c) {
        whiteboard.remove(c);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindListener(ConfigListener l) {
        whiteboard.add(l, good);
    }

    void unbindListener(ConfigListener l) {
        whiteboard.remove(l);
    }

    public Path file() {
        return file;
    }

    public RuntimeSettings runtime() {
        return good.runtime();
    }

    // Framework properties (-Dnexcage.*) override config.yaml: for tests and for one-off runs.

    public Path pluginDir() {
        return overrides.pluginDir(good.runtime());
    }

    public boolean requireSignatures() {
        return overrides.requireSignatures(good.runtime());
    }

    public Path trustedCertsDir() {
        return overrides.trustedCertsDir(good.runtime());
    }

    public long maxPluginSizeBytes() {
        return overrides.number("max_plugin_size_mb", good.runtime().maxPluginSizeMb()) * 1024 * 1024;
    }

    /** The cap on the bytes a plugin file inflates to (a zip bomb is refused, DESIGN §3). */
    public long maxPluginInflatedBytes() {
        return overrides.number("max_plugin_inflated_mb", good.runtime().maxPluginInflatedMb()) * 1024 * 1024;
    }

    /** The cap on the entries of a plugin file. */
    public long maxPluginEntries() {
        return overrides.number("max_plugin_entries", good.runtime().maxPluginEntries());
    }

    /** The error of the last attempt to read the file, or null when it was applied. */
    public String lastError() {
        return lastError;
    }

    public ConfigDocument current() {
        return good;
    }

    private String fileStamp() {
        try {
            if (!Files.exists(file)) {
                return "absent";
            }
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            // a file over the cap is refused unread, so its content needs no hash (and may not fit in memory)
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/"
                    + (a.size() > ConfigText.MAX_FILE_BYTES ? "" : java.util.Arrays.hashCode(Files.readAllBytes(file)));
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private void pollQuietly() {
        try {
            if (!fileStamp().equals(stamp)) {
                // after a refused edit the log's last word is that error: a good file must say it is in force again
                boolean wasRefused = lastError != null;
                ReloadResult r = reload();
                if (r.error() == null && (r.fileChanged() || r.runtimeChanged() || !r.changedPlugins().isEmpty() || wasRefused)) {
                    log.info("config", "applied " + file + (r.changedPlugins().isEmpty() ? "" : "; changed plugins: "
                            + String.join(", ", r.changedPlugins())) + (r.runtimeChanged() ? "; runtime settings changed" : "")
                            + (wasRefused ? "; it replaces the refused edit reported before" : ""));
                }
            }
        } catch (Throwable e) {
            // an Error escaping would end this scheduled task for good, and with it every later edit
            log.error("config", "applying " + file + " failed; the watcher goes on with the next edit", e);
        }
    }

    /** Reads the file now and applies what changed; the last good configuration stays on error. */
    public ReloadResult reload() {
        // read and checked off the lock, so a large or hostile file holds up neither config nor plugin commands;
        // if a slower read of an older version is applied last, its stamp differs from the file's and the poller reads again
        String readStamp = fileStamp();
        try {
            return apply(readStamp, ConfigDocument.read(file, System::getenv), null);
        } catch (ConfigException e) {
            return apply(readStamp, null, e.getMessage());
        }
    }

    private synchronized ReloadResult apply(String readStamp, ConfigDocument doc, String error) {
        stamp = readStamp;
        if (doc == null) {
            return refuse(error);
        }
        // type and check every plugin's values before anything is applied, so a bad edit changes nothing
        Map<String, Map<String, Object>> typed = new LinkedHashMap<>();
        Map<String, Map<String, Map<String, Object>>> typedInstances = new LinkedHashMap<>();
        String why = refusal(doc, typed, typedInstances);
        if (why != null) {
            return refuse(why);
        }
        boolean runtimeChanged = !doc.runtime().equals(good.runtime());
        boolean fileChanged = doc.exists() != good.exists() || !doc.plugins().equals(good.plugins());
        good = doc;
        lastError = null;
        List<String> changed = deliverChanges(typed, typedInstances);
        for (String name : changed) {
            if (typed.containsKey(name)) {
                whiteboard.reloaded(name, InstanceDelivery.checkedView(typed.get(name), typedInstances.get(name)));
            }
        }
        whiteboard.applied(doc);
        if (!changed.isEmpty() || runtimeChanged || fileChanged) {
            hooks.fire(nexcage.api.hooks.HookNames.SYSTEM_CONFIG_RELOAD, "file", file.toString(), "changed_plugins",
                    String.join(",", changed), "runtime_changed", Boolean.toString(runtimeChanged));
        }
        return new ReloadResult(null, changed, runtimeChanged, fileChanged);
    }

    /**
     * Would {@code candidate} be applied if it were the file? Reads it with the same reader and asks
     * the plugins whose values would change; the refusal as {@code FILE:LINE:COLUMN: reason} (its
     * own path), or null. For the one write NexCage makes (a plugin's {@code config_write}).
     */
    public String check(Path candidate) {
        try {
            return refusal(ConfigDocument.read(candidate, System::getenv), new LinkedHashMap<>(), new LinkedHashMap<>());
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    /** Types each plugin's values into {@code typed} (instances': {@code typedInstances}), asks those that change; the first refusal or null. */
    private String refusal(ConfigDocument doc, Map<String, Map<String, Object>> typed,
            Map<String, Map<String, Map<String, Object>>> typedInstances) {
        for (ConfigDocument.PluginSection s : doc.plugins().values()) {
            try {
                typed.put(s.name(), typing.typed(s, metatype));
                typedInstances.put(s.name(), InstanceDelivery.typed(s));
            } catch (ConfigException e) {
                return e.getMessage();
            }
        }
        for (Map.Entry<String, Map<String, Object>> e : typed.entrySet()) {
            Map<String, Map<String, Object>> wanted = typedInstances.get(e.getKey());
            if (sections.changes(e.getKey(), e.getValue()) || !InstanceDelivery.same(instances.delivered(e.getKey()), wanted)
                    || refusedByPlugin.containsKey(e.getKey())) {
                String why = whiteboard.refusal(e.getKey(), InstanceDelivery.checkedView(e.getValue(), wanted));
                if (why != null) {
                    ConfigDocument.PluginSection s = doc.plugins().get(e.getKey());
                    return doc.file() + ":" + InstanceSections.where(s, why) + ": plugin " + e.getKey() + " refused its configuration: " + why;
                }
            }
        }
        return null;
    }

    /** Delivers the sections (and instances) that changed and deletes those that went; returns the plugins concerned. */
    private List<String> deliverChanges(Map<String, Map<String, Object>> typed, Map<String, Map<String, Map<String, Object>>> typedInstances) {
        List<String> changed = new ArrayList<>();
        try {
            for (Map.Entry<String, Map<String, Object>> e : typed.entrySet()) {
                refusedByPlugin.remove(e.getKey());
                boolean touched = false;
                if (sections.changes(e.getKey(), e.getValue())) {
                    sections.deliver(e.getKey(), e.getValue());
                    touched = true;
                }
                if (!instances.apply(e.getKey(), typedInstances.get(e.getKey())).isEmpty() || touched) {
                    changed.add(e.getKey());
                }
            }
            for (String gone : sections.plugins()) {
                if (!typed.containsKey(gone)) {
                    sections.deliver(gone, null);
                    instances.apply(gone, null);
                    changed.add(gone);
                }
            }
        } catch (IOException e) {
            log.error("config", "applying " + file + " failed: " + e.getMessage(), e);
        }
        return changed;
    }

    private ReloadResult refuse(String error) {
        if (!error.equals(lastError)) {
            log.error("config", error + " (the last good configuration stays in force)");
        }
        lastError = error;
        return new ReloadResult(error, List.of(), false, false);
    }

    /** Re-types and re-delivers a plugin's values, e.g. once its bundle (and its Metatype) arrived. */
    public synchronized void pluginInstalled(String plugin) {
        ConfigDocument.PluginSection s = good.plugins().get(plugin);
        if (s == null) {
            return;
        }
        try {
            Map<String, Object> values = typing.typed(s, metatype);
            if (sections.changes(plugin, values)) {
                sections.deliver(plugin, values);
            }
        } catch (ConfigException e) {
            log.error("config", e.getMessage() + " (plugin " + plugin + " keeps its last good configuration)");
        } catch (IOException e) {
            log.error("config", "delivering the configuration of " + plugin + " failed: " + e.getMessage());
        }
    }

    /** The plugin's effective configuration with secrets masked, for output. */
    public Map<String, Object> maskedConfig(String plugin) {
        return MaskedConfig.of(good.plugins().get(plugin), Objects.requireNonNullElse(sections.delivered(plugin), Map.of()));
    }

    /** The plugin's instances (plugins.NAME.instances) with secrets masked, for output. */
    public Map<String, Map<String, Object>> maskedInstances(String plugin) {
        ConfigDocument.PluginSection s = good.plugins().get(plugin);
        return s == null ? Map.of() : MaskedConfig.instances(s, instances.delivered(plugin));
    }

    /** The plugin's effective configuration, unmasked, for the plugin itself (a copy it may not change). */
    public Map<String, Object> config(String plugin) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(sections.delivered(plugin), Map.of())));
    }

    /**
     * Once a plugin is up, asks it about the configuration it was given at install (it could not be
     * asked before it ran); a refusal is reported with the section's position, as for an edit.
     */
    public void pluginStarted(String plugin) {
        ConfigDocument.PluginSection s = good.plugins().get(plugin);
        Map<String, Object> values = sections.delivered(plugin);
        if (s == null || values == null) {
            return;
        }
        String why = whiteboard.refusal(plugin, InstanceDelivery.checkedView(values, instances.delivered(plugin)));
        if (why != null) {
            String error = file + ":" + InstanceSections.where(s, why) + ": plugin " + plugin + " refused its configuration: " + why;
            refusedByPlugin.put(plugin, error);
            log.error("config", error + "; fix the section and the plugin gets it with its next edit");
        }
    }

    /** Configurations the running plugins refused, one sentence each. */
    public java.util.Collection<String> refusals() {
        return List.copyOf(refusedByPlugin.values());
    }
}
