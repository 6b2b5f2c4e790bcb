package nexcage.security.corpus.halt;

/** system_exit: halts the daemon's JVM. */
public class Halter {
    public void halt() {
        Runtime.getRuntime().halt(3);
    }
}
