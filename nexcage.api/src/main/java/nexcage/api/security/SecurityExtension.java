package nexcage.api.security;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/** Authentication, authorization and audit of operations; registered as a service. */
@ConsumerType
public interface SecurityExtension {

    String name();

    /** The principal the credentials prove, or null when they prove none. */
    String authenticate(Map<String, String> credentials) throws Exception;

    /** True when the principal may perform the action on the resource. */
    boolean authorize(String principal, String action, String resource) throws Exception;

    /** Records that an action happened. */
    void audit(String principal, String action, String resource, boolean allowed) throws Exception;
}
