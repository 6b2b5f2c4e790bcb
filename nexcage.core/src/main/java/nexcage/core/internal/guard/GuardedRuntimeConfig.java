package nexcage.core.internal.guard;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.Capability;
import nexcage.api.runtime.RuntimeConfig;
import nexcage.api.validation.Validation;
import nexcage.core.internal.config.ConfigDocument;
import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.config.ShownRuntime;
import nexcage.core.internal.plugins.PluginRegistry;
import nexcage.security.admin.CapabilityGuard;
import nexcage.security.admin.HiddenFromPlugins;

/**
 * {@link RuntimeConfig} for one plugin (bundle-scoped): its own section is free; the effective
 * configuration and other plugins' sections need {@code config_read}, changing another plugin's
 * section {@code config_write}. Secrets are always masked.
 */
@Component(scope = ServiceScope.BUNDLE, service = RuntimeConfig.class)
public class GuardedRuntimeConfig implements RuntimeConfig {
    private final Bundle caller;
    /** The caller's plugin name; null for a bundle of the runtime (it owns no section). */
    private final String self;
    private final CapabilityGuard guard;
    private final ConfigService config;
    private final PluginRegistry registry;
    private final PluginConfigWriter writer;
    private final ServiceCalls calls;

    @Activate
    public GuardedRuntimeConfig(ComponentContext cc, @Reference CapabilityGuard guard, @Reference ConfigService config,
            @Reference PluginRegistry registry, @Reference PluginConfigWriter writer, @Reference PluginAccounting accounting) {
        this.caller = cc.getUsingBundle();
        this.calls = new ServiceCalls(accounting, caller);
        this.self = HiddenFromPlugins.pluginName(caller.getLocation());
        this.guard = guard;
        this.config = config;
        this.registry = registry;
        this.writer = writer;
    }

    /** As {@code config show --json} has them: {@code runtime}, and {@code plugins} with each one's flag and masked values. */
    @Override
    public Map<String, Object> effective() {
        return calls.call("config.effective", this::effectiveChecked);
    }

    private Map<String, Object> effectiveChecked() {
        guard.check(caller, Capability.CONFIG_READ, "config.effective", "");
        Map<String, Object> plugins = new LinkedHashMap<>();
        for (ConfigDocument.PluginSection s : config.current().plugins().values()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("enabled", registry.isEnabled(s.name()));
            p.put("config", config.maskedConfig(s.name()));
            plugins.put(s.name(), p);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runtime", ShownRuntime.of(config));
        out.put("plugins", plugins);
        return out;
    }

    @Override
    public Map<String, Object> pluginConfig(String plugin) {
        return calls.call("config.plugin_config", () -> {
            if (!java.util.Objects.equals(plugin, self)) {
                guard.check(caller, Capability.CONFIG_READ, "config.plugin_config", String.valueOf(plugin));
            }
            return config.maskedConfig(Validation.pluginName(plugin));
        });
    }

    @Override
    public void updatePluginConfig(String plugin, Map<String, Object> values) {
        calls.run("config.update_plugin_config", () -> updateChecked(plugin, values));
    }

    private void updateChecked(String plugin, Map<String, Object> values) {
        if (!java.util.Objects.equals(plugin, self)) {
            guard.check(caller, Capability.CONFIG_WRITE, "config.update_plugin_config", String.valueOf(plugin));
        }
        if (values == null) {
            throw new IllegalArgumentException("the configuration of plugin " + plugin + " is missing (null); pass a map, empty to clear it");
        }
        writer.replace(Validation.pluginName(plugin), new LinkedHashMap<>(values), Callers.name(caller));
    }
}
