package nexcage.security.corpus.methodref;

import java.util.function.IntConsumer;

/** system_exit through a method reference: no instruction calls it, so the finding is the class's. */
public class Exits {
    public IntConsumer later() {
        return System::exit;
    }
}
