package nexcage.core.internal.security;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.core.admin.SecurityCheck;

/** {@link SecurityCheck} over the daemon's {@link SecurityGate}. */
@Component(service = SecurityCheck.class)
public class SecurityCheckService implements SecurityCheck {

    private final SecurityGate gate;

    @Activate
    public SecurityCheckService(@Reference SecurityGate gate) {
        this.gate = gate;
    }

    @Override
    public boolean active() {
        return gate.active();
    }

    @Override
    public Refusal check(Map<String, String> credentials, String action, String resource) {
        try {
            gate.check(credentials, action, resource);
            return null;
        } catch (SecurityGate.Refused r) {
            return new Refusal(r.extension(), r.getMessage());
        }
    }
}
