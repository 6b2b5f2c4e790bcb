package nexcage.security.corpus.signal;

/** process_signal: destroys another process. */
public class Killer {
    public boolean stop(ProcessHandle handle) {
        return handle.destroy();
    }
}
