package nexcage.core.internal.hooks;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.api.hooks.HookDispatcher;
import nexcage.api.hooks.HookResult;

/** How the core fires hooks: always as source {@code core}, with string metadata built in pairs. */
@Component(service = CoreHooks.class)
public class CoreHooks {
    private final HookDispatcher dispatcher;

    @Activate
    // the dispatcher itself (registered with its admin side), not the one plugins get
    public CoreHooks(@Reference(target = "(objectClass=nexcage.hooks.admin.HookAdmin)") HookDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Fires {@code hook} with metadata given as key, value, key, value...; null values are left out. */
    public HookResult fire(String hook, String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                m.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return dispatcher.fire(hook, "core", m);
    }
}
