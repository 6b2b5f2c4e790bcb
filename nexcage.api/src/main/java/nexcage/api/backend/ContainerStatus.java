package nexcage.api.backend;

import java.util.Locale;

/** A container's status in OCI terms; Docker's exited and dead are {@link #STOPPED}. */
public enum ContainerStatus {
    CREATED, RUNNING, PAUSED, STOPPED, UNKNOWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
