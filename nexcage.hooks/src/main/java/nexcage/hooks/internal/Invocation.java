package nexcage.hooks.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import nexcage.api.hooks.HookContext;

/**
 * The context one handler sees in one call. Its writes are staged here and applied to the
 * dispatch only when the call ends in time, so a handler abandoned after its timeout cannot
 * change metadata or veto behind the caller's back.
 */
final class Invocation implements HookContext {

    private final Dispatch dispatch;
    /** Staged metadata; a null value removes the key. */
    private Map<String, String> staged;
    String vetoReason;
    /** Set when the handler vetoed a hook that cannot be vetoed (a failure even if it caught the exception). */
    boolean misused;

    Invocation(Dispatch dispatch) {
        this.dispatch = dispatch;
    }

    @Override
    public String hookName() {
        return dispatch.hook;
    }

    @Override
    public String source() {
        return dispatch.source;
    }

    @Override
    public Optional<String> metadata(String key) {
        if (staged != null && staged.containsKey(key)) {
            return Optional.ofNullable(staged.get(key));
        }
        return Optional.ofNullable(dispatch.metadata.get(key));
    }

    @Override
    public Map<String, String> metadata() {
        if (staged == null) {
            return Map.copyOf(dispatch.metadata);
        }
        Map<String, String> merged = new HashMap<>(dispatch.metadata);
        apply(merged);
        return Map.copyOf(merged);
    }

    /** A null value removes the key, so a handler can also take a fact away from later ones. */
    @Override
    public void putMetadata(String key, String value) {
        Objects.requireNonNull(key, "metadata key");
        if (staged == null) {
            staged = new HashMap<>();
        }
        staged.put(key, value);
    }

    @Override
    public boolean vetoable() {
        return dispatch.vetoable;
    }

    @Override
    public void veto(String reason) {
        if (!dispatch.vetoable) {
            misused = true;
            throw new IllegalStateException("hook " + dispatch.hook + " cannot be vetoed: only pre_* hooks can, "
                    + "so log or record the problem instead");
        }
        if (vetoReason == null) {
            vetoReason = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
        }
    }

    /** Applies the staged metadata to the dispatch (called by the owning thread). */
    void commit() {
        if (staged != null) {
            apply(dispatch.metadata);
        }
    }

    private void apply(Map<String, String> target) {
        staged.forEach((k, v) -> {
            if (v == null) {
                target.remove(k);
            } else {
                target.put(k, v);
            }
        });
    }
}
