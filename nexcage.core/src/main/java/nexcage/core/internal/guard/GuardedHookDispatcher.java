package nexcage.core.internal.guard;

import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.hooks.HookDispatcher;
import nexcage.api.hooks.HookResult;
import nexcage.security.admin.HiddenFromPlugins;
import nexcage.security.admin.Violations;

/**
 * {@link HookDispatcher} for one plugin (bundle-scoped). The dispatcher itself is hidden from
 * plugins (it is registered with its admin side); through this one a plugin fires hooks under its
 * own name, so it cannot pose as the core, and it may not fire the runtime's own hooks, which
 * handlers trust to mean that the runtime did something (an audit trail, a veto).
 */
@Component(scope = ServiceScope.BUNDLE, service = HookDispatcher.class, property = GuardedHookDispatcher.MARK + "=plugin")
public class GuardedHookDispatcher implements HookDispatcher {
    /** The property that tells this dispatcher from the real one (the core's CoreHooks filters it out). */
    public static final String MARK = "nexcage.hook.dispatcher";

    private final Bundle caller;
    private final HookDispatcher dispatcher;
    private final Violations violations;
    private final ServiceCalls calls;

    @Activate
    public GuardedHookDispatcher(ComponentContext cc,
            @Reference(target = "(objectClass=nexcage.hooks.admin.HookAdmin)") HookDispatcher dispatcher,
            @Reference Violations violations, @Reference PluginAccounting accounting) {
        this(cc.getUsingBundle(), dispatcher, violations, accounting);
    }

    GuardedHookDispatcher(Bundle caller, HookDispatcher dispatcher, Violations violations, PluginAccounting accounting) {
        this.caller = caller;
        this.dispatcher = dispatcher;
        this.violations = violations;
        this.calls = new ServiceCalls(accounting, caller);
    }

    /** Counted as the plugin's {@code service:hooks.fire}; the handlers it reaches are counted as theirs. */
    @Override
    public HookResult fire(String hook, String source, Map<String, String> metadata) {
        return calls.call("hooks.fire", () -> fireChecked(hook, source, metadata));
    }

    private HookResult fireChecked(String hook, String source, Map<String, String> metadata) {
        String plugin = HiddenFromPlugins.pluginName(caller.getLocation());
        if (plugin == null) {
            return dispatcher.fire(hook, source, metadata);
        }
        if (hook != null && RuntimeHooks.isRuntimes(hook)) {
            violations.record(plugin, null, "hooks.fire", hook);
            throw new SecurityException("plugin " + plugin + " may not fire " + hook + ": hooks under " + RuntimeHooks.PREFIXES
                    + " are fired by the runtime only; fire a hook of the plugin's own, e.g. " + plugin + ".event");
        }
        return dispatcher.fire(hook, plugin, metadata);
    }
}
