package nexcage.sandbox.child;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import nexcage.api.cli.CommandContext;
import nexcage.api.hooks.HookContext;

/** The contexts a command and a hook handler get in the child, standing in for the daemon's. */
final class ChildContexts {
    private ChildContexts() {
    }

    /** The caller's streams, cwd and tty; out and err are flushed at each line and when the command returns. */
    record Command(PrintStream out, PrintStream err, Path cwd, boolean tty) implements CommandContext {
        static Command over(java.io.OutputStream out, java.io.OutputStream err, Path cwd, boolean tty) {
            return new Command(new PrintStream(new BufferedOutputStream(out, 8192), true),
                    new PrintStream(new BufferedOutputStream(err, 8192), true), cwd, tty);
        }

        void flush() {
            out.flush();
            err.flush();
        }
    }

    /** One dispatch's facts; what the handler adds and its veto go back with the answer. */
    static final class Hook implements HookContext {
        private final String hook;
        private final String source;
        private final boolean vetoable;
        private final Map<String, String> metadata;
        private final Map<String, String> added = new LinkedHashMap<>();
        private volatile String veto;

        Hook(String hook, String source, boolean vetoable, Map<String, String> metadata) {
            this.hook = hook;
            this.source = source;
            this.vetoable = vetoable;
            this.metadata = new LinkedHashMap<>(metadata);
        }

        @Override
        public String hookName() {
            return hook;
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public synchronized Optional<String> metadata(String key) {
            return Optional.ofNullable(metadata.get(key));
        }

        @Override
        public synchronized Map<String, String> metadata() {
            return Map.copyOf(metadata);
        }

        @Override
        public synchronized void putMetadata(String key, String value) {
            metadata.put(key, value);
            added.put(key, value);
        }

        @Override
        public boolean vetoable() {
            return vetoable;
        }

        @Override
        public void veto(String reason) {
            if (!vetoable) {
                throw new IllegalStateException("hook " + hook + " cannot be vetoed; only pre_* hooks can");
            }
            veto = reason;
        }

        /** What goes back to the daemon's context: the metadata added and the veto, if any. */
        synchronized Map<String, Object> outcome() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("added", new LinkedHashMap<>(added));
            m.put("veto", veto);
            return m;
        }
    }
}
