package nexcage.backend.docker;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.ContainerEvent;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.backend.ManagedLabels;

/**
 * Follows the engine's events for containers labelled {@code nexcage.managed=true} on its own
 * daemon thread and hands them to a listener. When the stream ends (the engine stopped or
 * restarted) it subscribes again, with growing pauses, from the time of the last event it saw,
 * skipping events it already delivered; {@link #close()} stops it. The stream is raw HTTP
 * ({@link EngineEvents}), so following events does not load docker-java's command layer.
 */
final class EventPump implements AutoCloseable {

    static final String[] ACTIONS = {"die", "oom", "kill", "restart", "start", "stop"};

    private final Engine engine;
    private final Consumer<ContainerEvent> listener;
    private final Runnable onClose;
    private final Thread thread;
    private volatile boolean closed;
    private volatile EngineEvents current;
    private volatile boolean subscribed;
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private long lastNano; // only the pump thread touches it
    private long sinceSeconds;
    private boolean resubscribe;

    EventPump(Engine engine, Consumer<ContainerEvent> listener, Runnable onClose) {
        this.engine = engine;
        this.listener = listener;
        this.onClose = onClose;
        this.sinceSeconds = System.currentTimeMillis() / 1000;
        this.thread = new Thread(this::run, "nexcage-docker-events");
        this.thread.setDaemon(true);
    }

    /** Starts following; waits (up to {@code millis}) until the first subscription is in place or failed. */
    void start(long millis) throws InterruptedException {
        thread.start();
        firstAttempt.await(millis, TimeUnit.MILLISECONDS);
    }

    /** True while a subscription is in place (for tests and health). */
    boolean subscribed() {
        return subscribed;
    }

    private void run() {
        long pause = 250;
        while (!closed) {
            EngineConnection c = null;
            try {
                c = engine.connection();
                EngineEvents l = EngineEvents.open(engine, c.apiVersion(), resubscribe ? sinceSeconds : null,
                        engine.heads(), Engine.PROBE_TIMEOUT.toMillis() * 2);
                resubscribe = true;
                current = l;
                if (closed) {
                    Engine.quietly(l);
                    break;
                }
                subscribed = true;
                pause = 250;
                firstAttempt.countDown();
                try {
                    l.forEach(e -> {
                        if (!closed) {
                            deliver(e);
                        }
                    });
                } catch (RuntimeException streamEnded) {
                    // the engine went away: subscribe again below
                }
                subscribed = false;
                if (closed) {
                    break;
                }
                engine.recheck(c);
            } catch (BackendException unavailable) {
                subscribed = false;
                firstAttempt.countDown();
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | TimeoutException e) {
                subscribed = false;
                firstAttempt.countDown();
                if (c != null) {
                    engine.recheck(c);
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                break;
            }
            pause = Math.min(pause * 2, 5000);
        }
        subscribed = false;
    }

    private void deliver(EngineEvents.Event e) {
        Long nano = e.timeNano();
        if (nano != null) {
            if (nano <= lastNano) {
                return; // seen before the stream was re-opened
            }
            lastNano = nano;
        }
        if (e.time() != null) {
            sinceSeconds = e.time();
        }
        Map<String, String> attrs = e.attributes();
        String id = attrs.get("name");
        if (id == null) {
            id = attrs.getOrDefault(ManagedLabels.ID, e.id());
        }
        String action = e.action();
        if (action == null) {
            return;
        }
        Integer exitCode = null;
        if ("die".equals(action)) {
            try {
                exitCode = Integer.valueOf(attrs.get("exitCode"));
            } catch (NumberFormatException ignored) {
                exitCode = null;
            }
        }
        ContainerEvent event = new ContainerEvent(id, action, statusAfter(action), exitCode);
        try {
            listener.accept(event);
        } catch (RuntimeException ignored) {
            // a listener's failure never stops the pump
        }
    }

    /** The container's status right after the engine reported {@code action}. */
    static ContainerStatus statusAfter(String action) {
        return switch (action) {
            case "die", "stop" -> ContainerStatus.STOPPED;
            // kill and oom are reported while the process still runs; a die follows when it ends
            case "start", "restart", "kill", "oom" -> ContainerStatus.RUNNING;
            default -> ContainerStatus.UNKNOWN;
        };
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Engine.quietly(current);
        thread.interrupt();
        onClose.run();
    }
}
