package nexcage.core.internal.guard;

import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.Capability;
import nexcage.api.integration.Integrations;
import nexcage.core.internal.integrations.IntegrationManager;
import nexcage.security.admin.CapabilityGuard;

/**
 * {@link Integrations} for one plugin (bundle-scoped): each call needs {@code api_client}. The
 * request runs under the integration's plugin's timeout, counted as that plugin's
 * {@code integration:send}, and the caller's {@code service:integrations.send} holds its wait.
 */
@Component(scope = ServiceScope.BUNDLE, service = Integrations.class)
public class GuardedIntegrations implements Integrations {
    private final Bundle caller;
    private final CapabilityGuard guard;
    private final IntegrationManager manager;
    private final ServiceCalls calls;

    @Activate
    public GuardedIntegrations(ComponentContext cc, @Reference CapabilityGuard guard, @Reference IntegrationManager manager,
            @Reference PluginAccounting accounting) {
        this.caller = cc.getUsingBundle();
        this.calls = new ServiceCalls(accounting, caller);
        this.guard = guard;
        this.manager = manager;
    }

    @Override
    public List<String> names() {
        return calls.call("integrations.names", () -> {
            guard.check(caller, Capability.API_CLIENT, "integrations.names", "");
            return manager.names();
        });
    }

    @Override
    public Map<String, Object> send(String name, Map<String, Object> request) {
        return calls.call("integrations.send", () -> {
            guard.check(caller, Capability.API_CLIENT, "integrations.send", String.valueOf(name));
            try {
                return manager.send(name, request);
            } catch (IntegrationManager.UnknownIntegration e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }
}
