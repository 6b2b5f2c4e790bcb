package nexcage.hooks.internal;

import java.util.Comparator;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.hooks.HookHandler;
import nexcage.api.hooks.HookPriority;
import nexcage.hooks.admin.HookLatency;
import nexcage.hooks.admin.HookRegistrationInfo;

/** One handler service registered for one hook, with its effective settings and statistics. */
final class Registration {

    /** Run order: priority, then registration order (service id), so equals stay stable. */
    static final Comparator<Registration> RUN_ORDER =
            Comparator.comparing((Registration r) -> r.priority).thenComparingLong(r -> r.serviceId);

    final long serviceId;
    final String hook;
    final HookHandler handler;
    final HandlerSpec spec;
    final long timeoutNanos;
    final HandlerStats stats = new HandlerStats();
    volatile boolean enabled = true;

    /** Copied from the spec so the dispatch loop reads fields of one object only. */
    final HookPriority priority;
    final String plugin;
    final boolean failClosed;
    final boolean inline;
    /** The accounting entry of a plugin's handler ({@code hook:NAME}); null for the runtime's own, which are not accounted. */
    final String entry;

    Registration(long serviceId, String hook, HookHandler handler, HandlerSpec spec) {
        this.serviceId = serviceId;
        this.hook = hook;
        this.handler = handler;
        this.spec = spec;
        this.timeoutNanos = spec.timeoutMs() * 1_000_000L;
        this.priority = spec.priority();
        this.plugin = spec.plugin();
        this.failClosed = spec.failClosed();
        this.inline = spec.inline();
        this.entry = spec.ofPlugin() ? PluginAccounting.HOOK + hook : null;
    }

    HookLatency latency() {
        return new HookLatency(hook, plugin, stats.buckets().upperBounds(), stats.buckets().counts(), stats.sumSeconds());
    }

    HookRegistrationInfo info() {
        return new HookRegistrationInfo(hook, plugin, serviceId, priority.id(), inline ? 0 : spec.timeoutMs(), failClosed,
                enabled, stats.executions(), stats.failures(), stats.timeouts(), stats.vetoes(), stats.minMs(),
                stats.avgMs(), stats.maxMs(), stats.p99Ms());
    }
}
