package nexcage.core.internal.integrations;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Calls at once on the test's thread, notes each entry, and words a failure as Timed does. */
final class DirectCaller implements PluginCaller {
    final List<String> entries = new ArrayList<>();

    @Override
    public <T> T call(String entry, String what, Callable<T> call) throws Exception {
        entries.add(entry);
        try {
            return call.call();
        } catch (Exception e) {
            throw new Exception(what + " threw " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
