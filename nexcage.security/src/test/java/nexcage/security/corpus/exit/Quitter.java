package nexcage.security.corpus.exit;

/** system_exit: ends the daemon. */
public class Quitter {
    public void quit() {
        System.exit(3);
    }
}
