package nexcage.accounting.internal;

import nexcage.accounting.admin.PluginCall;

/** One call into a plugin being measured, on the thread that began it (its {@link ThreadState}). */
final class MeteredCall implements PluginCall {

    private final ThreadMeter meter;
    private final ThreadState state;
    final PluginLedger plugin;
    final EntryLedger entry;
    /** The call this one runs inside on the same thread, which resumes when this one ends; null when outermost. */
    final MeteredCall parent;
    private final long start;
    private boolean ended;

    MeteredCall(ThreadMeter meter, ThreadState state, PluginLedger plugin, EntryLedger entry, long start) {
        this.meter = meter;
        this.state = state;
        this.plugin = plugin;
        this.entry = entry;
        this.parent = state.current();
        this.start = start;
    }

    @Override
    public void end(boolean failed) {
        long now = meter.nanoTime();
        if (finish(now)) {
            long nanos = now - start;
            entry.call(nanos, failed);
            plugin.total.call(nanos, failed);
        }
    }

    @Override
    public void endLate() {
        finish(meter.nanoTime());
    }

    /** Charges the call's allocation and closes its wall time (its CPU follows at the sampler's next reading); false when it was already ended. */
    private boolean finish(long now) {
        if (ended) {
            return false;
        }
        ended = true;
        if (Thread.currentThread().getId() == state.threadId) {
            state.pop(this, now, meter.currentThreadAllocated());
        }
        return true;
    }
}
