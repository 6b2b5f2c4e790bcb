package nexcage.core.internal.containers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

import nexcage.api.backend.BackendException;
import nexcage.core.internal.command.ClientSignals;

/** Streaming to a client that may hang up at any time. */
final class ClientStreams {
    private ClientStreams() {
    }

    /** A backend call that streams to the client (and may wait long for output that never comes). */
    @FunctionalInterface
    interface Streaming<T> {
        T run() throws BackendException;
    }

    /**
     * Runs {@code call}, interrupting it if the client hangs up (Ctrl-C ended it) meanwhile:
     * then {@code ifHungUp} is returned, as nobody is left to read a result or an error.
     */
    static <T> T untilHangUp(ClientSignals signals, T ifHungUp, Streaming<T> call) throws BackendException {
        Thread command = Thread.currentThread();
        AtomicBoolean hungUp = new AtomicBoolean();
        try (ClientSignals.Forwarding watch = signals.onHangUp(() -> {
            hungUp.set(true);
            command.interrupt();
        })) {
            return call.run();
        } catch (BackendException e) {
            if (hungUp.get()) {
                return ifHungUp;
            }
            throw e;
        } finally {
            if (hungUp.get()) {
                Thread.interrupted(); // the interrupt was for this call only, not for the pooled thread's next client
            }
        }
    }

    /** Each write goes out at once, so attached output and followed logs stream. */
    static OutputStream streaming(PrintStream target) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                target.write(b);
                target.flush();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                target.write(b, off, len);
                target.flush();
            }

            @Override
            public void flush() throws IOException {
                target.flush();
            }
        };
    }
}
