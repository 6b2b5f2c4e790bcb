package nexcage.accounting.admin;

/** One call into a plugin being measured; ended exactly once, on the thread that began it. */
public interface PluginCall {

    /** For callers with no accounting at hand: measures nothing. */
    PluginCall NONE = new PluginCall() {
        @Override
        public void end(boolean failed) {
        }

        @Override
        public void endLate() {
        }
    };

    /** The call returned to a caller still waiting; {@code failed} when it threw or reported a failure. */
    void end(boolean failed);

    /**
     * The call returned after its caller gave up ({@link PluginAccounting#timedOut} counted it):
     * only its CPU time and allocation are added.
     */
    void endLate();
}
