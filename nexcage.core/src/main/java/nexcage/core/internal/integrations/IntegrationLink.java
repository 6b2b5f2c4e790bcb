package nexcage.core.internal.integrations;

import java.util.Map;

import nexcage.api.HealthStatus;
import nexcage.api.integration.IntegrationExtension;
import nexcage.core.internal.integrations.IntegrationState.State;

/**
 * One integration's connection, OSGi-free, and the only writer of its {@link IntegrationState}:
 * connect when it comes, check its health every {@link #HEALTH_EVERY_MS}, and after a failed
 * connect or an unhealthy or failed health check disconnect it (so it may clean up) and connect
 * again after a {@link Backoff}; disconnect it when it goes. Each step is one scheduled task; the
 * methods are synchronized so a step and {@link #stop} never overlap.
 */
final class IntegrationLink {
    /** The health of integrations is checked as often as the backends' (BackendRegistry). */
    static final long HEALTH_EVERY_MS = 5_000;

    static final String CONNECT = "integration:connect";
    static final String HEALTH = "integration:health";
    static final String DISCONNECT = "integration:disconnect";
    static final String SEND = "integration:send";

    /** Told each change of state, for the daemon log. */
    interface Changes {
        void changed(IntegrationState before, IntegrationState now);
    }

    private final IntegrationExtension extension;
    private final PluginCaller caller;
    private final Scheduler scheduler;
    private final Changes changes;
    private volatile IntegrationState state;
    private Scheduler.Cancel next;
    private int failures;
    private boolean stopped;

    IntegrationLink(IntegrationExtension extension, String name, String plugin, PluginCaller caller, Scheduler scheduler, Changes changes) {
        this.extension = extension;
        this.caller = caller;
        this.scheduler = scheduler;
        this.changes = changes;
        this.state = new IntegrationState(name, plugin, State.CONNECTING, HealthStatus.UNKNOWN.id(), null, quietly(extension::version),
                quietly(extension::description));
    }

    IntegrationState state() {
        return state;
    }

    IntegrationExtension extension() {
        return extension;
    }

    /** Schedules the first connect. */
    synchronized void start() {
        next = scheduler.schedule(this::connect, 0);
    }

    synchronized void connect() {
        if (stopped) {
            return;
        }
        set(State.CONNECTING, state.health(), null);
        try {
            caller.call(CONNECT, "connect of integration " + state.name(), () -> {
                extension.connect();
                return null;
            });
        } catch (Exception e) {
            retry(e.getMessage());
            return;
        }
        failures = 0;
        // what the last connection's checks said no longer holds
        set(State.CONNECTED, HealthStatus.UNKNOWN.id(), null);
        next = scheduler.schedule(this::checkHealth, HEALTH_EVERY_MS);
    }

    synchronized void checkHealth() {
        if (stopped || state.state() != State.CONNECTED) {
            return;
        }
        HealthStatus h;
        try {
            h = caller.call(HEALTH, "health check of integration " + state.name(), extension::healthCheck);
        } catch (Exception e) {
            reconnect(e.getMessage());
            return;
        }
        h = h == null ? HealthStatus.UNKNOWN : h;
        if (h == HealthStatus.UNHEALTHY) {
            reconnect("its health check answered unhealthy");
            return;
        }
        set(State.CONNECTED, h.id(), null);
        next = scheduler.schedule(this::checkHealth, HEALTH_EVERY_MS);
    }

    /** Sends one request while connected. */
    Map<String, Object> send(Map<String, Object> request) throws Exception {
        IntegrationState s = state;
        if (s.state() != State.CONNECTED) {
            throw new IllegalStateException("integration " + s.name() + " is " + s.state().id()
                    + (s.reason() == null ? "" : " (" + s.reason() + ")") + "; see nexcage integration list");
        }
        return caller.call(SEND, "request to integration " + s.name(), () -> extension.sendRequest(request));
    }

    /** Its service went or the daemon stops: no more steps, and a disconnect when it was connected. */
    synchronized void stop(String reason) {
        stopped = true;
        if (next != null) {
            next.cancel();
        }
        if (state.state() == State.CONNECTED) {
            disconnect();
        }
        set(State.DISCONNECTED, state.health(), reason);
    }

    /** An unhealthy answer, or a check that failed: disconnected so it may clean up, then connected again. */
    private void reconnect(String reason) {
        disconnect();
        retry(reason, HealthStatus.UNHEALTHY.id());
    }

    private void retry(String reason) {
        retry(reason, state.health());
    }

    private void retry(String reason, String health) {
        failures++;
        long delay = Backoff.delayMs(failures);
        set(State.FAILED, health, reason + "; connecting again in " + delay / 1000 + " s");
        next = scheduler.schedule(this::connect, delay);
    }

    private void disconnect() {
        try {
            caller.call(DISCONNECT, "disconnect of integration " + state.name(), () -> {
                extension.disconnect();
                return null;
            });
        } catch (Exception e) {
            set(state.state(), state.health(), e.getMessage());
        }
    }

    private void set(State s, String health, String reason) {
        IntegrationState before = state;
        state = before.with(s, health, reason);
        if (before.state() != s || !java.util.Objects.equals(before.health(), health)) {
            changes.changed(before, state);
        }
    }

    /** A name, version or description that throws is shown as null rather than losing the integration. */
    private static String quietly(java.util.function.Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
