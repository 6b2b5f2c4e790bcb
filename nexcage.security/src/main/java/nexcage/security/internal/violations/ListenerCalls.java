package nexcage.security.internal.violations;

import java.util.function.BiConsumer;

import nexcage.security.admin.Violation;
import nexcage.security.admin.ViolationListener;

/** Tells listeners one by one; one that throws (or whose classes are gone) is reported and the others are still told. */
final class ListenerCalls {

    private ListenerCalls() {
    }

    static void tellEach(Iterable<ViolationListener> listeners, Violation v, BiConsumer<ViolationListener, Throwable> failed) {
        for (ViolationListener l : listeners) {
            try {
                l.violated(v);
            } catch (RuntimeException | LinkageError e) {
                failed.accept(l, e);
            }
        }
    }
}
