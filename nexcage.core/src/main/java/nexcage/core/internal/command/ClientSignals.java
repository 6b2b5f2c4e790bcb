package nexcage.core.internal.command;

import java.util.List;
import java.util.function.Consumer;

/**
 * The signals the caller's terminal sends while it waits for a command (Ctrl-C, {@code kill}),
 * passed on to the command as Docker's client passes them to an attached container
 * ({@code --sig-proxy}). A client forwards them only while a command asks for them; otherwise a
 * signal simply ends the client, as before.
 */
public interface ClientSignals {

    /** The signals a client passes on, by name without {@code SIG}. */
    List<String> FORWARDED = List.of("INT", "TERM", "HUP", "QUIT", "USR1", "USR2");

    /** For callers that cannot pass signals on (the Gogo shell): nothing is ever forwarded, no hang-up seen. */
    ClientSignals NONE = new ClientSignals() {
        @Override
        public Forwarding forward(String farewell, Consumer<String> handler) {
            return () -> { };
        }

        @Override
        public Forwarding onHangUp(Runnable action) {
            return () -> { };
        }

        @Override
        public boolean hungUp() {
            return false;
        }
    };

    /**
     * Asks the client to pass its signals on to {@code handler} until the returned handle is
     * closed. {@code farewell} is the sentence the client prints if the user insists on leaving
     * (a third Ctrl-C) while the command goes on in the daemon. The handler runs on another
     * thread than the command. A client that has gone away gets nothing, and the command goes on
     * as it would without one.
     */
    Forwarding forward(String farewell, Consumer<String> handler);

    /**
     * Runs {@code action} once if the client hangs up (Ctrl-C ended it) before the returned handle
     * is closed; it runs on another thread, never after {@code close} has returned. For commands
     * that would otherwise wait for output that may never come ({@code logs -f}).
     */
    Forwarding onHangUp(Runnable action);

    /** True once the client is known to be gone: a write to it failed, or it closed its end. */
    boolean hungUp();

    /** Ends the forwarding (or the watch for a hang-up); later signals are dropped. */
    interface Forwarding extends AutoCloseable {
        @Override
        void close();
    }
}
