package nexcage.security.admin;

import java.util.List;

/**
 * The violations record, kept in {@code $NEXCAGE_STATE/security/violations.json} (bounded, it
 * survives restarts). Equal plugin, capability, operation and detail are counted in one entry.
 */
public interface Violations {

    /** Records one occurrence and tells every {@link ViolationListener}; returns the entry after counting. */
    Violation record(String plugin, String capability, String operation, String detail);

    /** Newest first; every plugin's when {@code plugin} is null. */
    List<Violation> list(String plugin);
}
