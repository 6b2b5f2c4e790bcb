package nexcage.api.hooks;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One dispatch of a hook, handed to each handler in turn. Handlers may add metadata that later
 * handlers of the same dispatch see.
 */
@ProviderType
public interface HookContext {

    /** The hook's name, e.g. {@code container.pre_create}. */
    String hookName();

    /** Who fired it: a plugin's name, or {@code core}. */
    String source();

    /** A metadata value ({@code container_id}, {@code backend}, {@code image}, {@code command}, ...). */
    Optional<String> metadata(String key);

    /** All metadata, read-only. */
    Map<String, String> metadata();

    /** Adds or replaces a metadata value for the handlers that follow. */
    void putMetadata(String key, String value);

    /** True for {@code pre_*} hooks, whose handlers may veto. */
    boolean vetoable();

    /**
     * Stops the operation this {@code pre_*} hook guards; the user sees
     * {@code vetoed by PLUGIN: REASON}.
     *
     * @throws IllegalStateException when the hook cannot be vetoed
     */
    void veto(String reason);
}
