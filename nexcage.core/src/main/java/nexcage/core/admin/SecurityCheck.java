package nexcage.core.admin;

import java.util.Map;

/** The core's security gate for another runtime bundle: every registered {@code SecurityExtension}, asked in order. */
public interface SecurityCheck {

    /** The first extension that refused, by the name it gave, and the sentence a user reads. */
    record Refusal(String extension, String message) {
    }

    /** True while some extension is registered, i.e. while {@link #check} asks anything. */
    boolean active();

    /** Null when every extension allowed {@code action} on {@code resource} for these credentials (or none is registered), else the refusal. */
    Refusal check(Map<String, String> credentials, String action, String resource);
}
