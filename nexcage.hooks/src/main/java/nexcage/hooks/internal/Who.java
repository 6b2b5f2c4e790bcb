package nexcage.hooks.internal;

/**
 * The bundle that registered a handler, as far as hooks care.
 *
 * @param name its plugin name ({@code NexCage-Plugin-Name}) or, for runtime bundles, its
 *     symbolic name
 * @param plugin true for plugin bundles: their handlers are always timed and named by the header
 * @param timeoutSeconds the plugin's {@code timeout_seconds}, which caps each handler's timeout
 */
public record Who(String name, boolean plugin, int timeoutSeconds) {
}
