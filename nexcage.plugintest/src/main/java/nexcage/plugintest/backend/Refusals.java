package nexcage.plugintest.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;

/** How BackendConformance checks a refusal: a one-line message, UNSUPPORTED, and a line in the test output. */
final class Refusals {

    private Refusals() {
    }

    /** Checks that {@code call} is refused as UNSUPPORTED with a one-line message, and says so in the output. */
    static void refusedAsUnsupported(String backend, String what, BackendConformance.Call call) {
        BackendException e = BackendConformance.thrown(call);
        assertEquals(Reason.UNSUPPORTED, e.reason(), e.getMessage());
        assertOneLine(e);
        report(backend, what, "refused as UNSUPPORTED: " + e.getMessage());
    }

    /** Says in the test output which case the backend declared it cannot do. */
    static void report(String backend, String what, String how) {
        System.out.println("[BackendConformance] " + backend + " does not support " + what
                + " (its supports method returns false), so only its refusal was checked; " + how);
    }

    static void assertOneLine(BackendException e) {
        assertNotNull(e.getMessage(), "a BackendException has a message");
        assertFalse(e.getMessage().isBlank() || e.getMessage().contains("\n"),
                "the message is one line: " + e.getMessage());
    }
}
