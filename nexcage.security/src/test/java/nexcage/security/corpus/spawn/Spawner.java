package nexcage.security.corpus.spawn;

import java.io.IOException;

/** process_spawn: starts a process. */
public class Spawner {
    public Process run(String command) throws IOException {
        return new ProcessBuilder(command).start();
    }
}
