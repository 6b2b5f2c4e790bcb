package nexcage.security.admin;

import java.util.Set;

import nexcage.api.Capability;
import nexcage.api.CapabilityDeniedException;
import org.osgi.framework.Bundle;

/**
 * The check every guarded service makes on every call: does the calling plugin declare the
 * capability? A service (registered by nexcage.security); guarded services hold the caller's
 * {@link Bundle} from their {@code ServiceFactory}.
 */
public interface CapabilityGuard {

    /**
     * Returns when {@code caller} may use {@code needed} (it declares it, or it is not a plugin
     * bundle) and notes the use; otherwise records a violation and throws.
     *
     * @param operation what is asked, e.g. {@code containers.create}
     * @param detail the call's subject, e.g. the container id; may be empty
     * @throws CapabilityDeniedException when the plugin did not declare {@code needed}
     */
    void check(Bundle caller, Capability needed, String operation, String detail);

    /** The capabilities {@code plugin} has used through NexCage since the daemon started. */
    Set<Capability> used(String plugin);
}
