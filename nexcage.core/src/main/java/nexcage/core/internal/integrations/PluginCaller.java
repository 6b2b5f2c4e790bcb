package nexcage.core.internal.integrations;

import java.util.concurrent.Callable;

/**
 * A call into the plugin that registered an extension, under its timeout and counted by the
 * accounting as {@code entry}; {@code Timed} in the daemon, a direct call in unit tests. It throws
 * with a message ready for users when the call threw or overran.
 */
@FunctionalInterface
interface PluginCaller {
    <T> T call(String entry, String what, Callable<T> call) throws Exception;
}
