package nexcage.accounting.internal;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

import nexcage.accounting.admin.WatchedPlugin;

/**
 * Whose thread a thread is, read from its stack: the thread belongs to whoever's code it was
 * started into, i.e. the lowest frame (from the bottom of the stack) whose class is not the JDK's.
 * A plugin's own thread or pool thread has the plugin's class there; the runtime's pools (hook
 * workers, the core's executors, Felix, SCR, the launcher) have theirs, and never count.
 */
final class StackAttribution {

    /** What a thread turned out to be. */
    enum Kind {
        /** One watched plugin's. */
        PLUGIN,
        /** Anybody else's, for good: its entry is not a watched plugin's class. */
        OTHER,
        /** Not known yet: only JDK frames so far (an idle pool thread, say); look again later. */
        UNKNOWN
    }

    record Verdict(Kind kind, WatchedPlugin plugin) {
        static final Verdict OTHER = new Verdict(Kind.OTHER, null);
        static final Verdict UNKNOWN = new Verdict(Kind.UNKNOWN, null);
    }

    private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    private StackAttribution() {
    }

    /** The thread's entry class: its lowest non-JDK frame's class, or null when every frame is the JDK's. */
    static String entryClass(StackTraceElement[] stack) {
        for (int i = stack.length - 1; i >= 0; i--) {
            String c = stack[i].getClassName();
            if (!isJdk(c)) {
                return c;
            }
        }
        return null;
    }

    static boolean isJdk(String className) {
        for (String prefix : JDK) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Threads whose stack is never worth reading: the JVM's own, and the shared common pool (nobody's alone). */
    static boolean neverAPlugins(Thread t) {
        ThreadGroup g = t.getThreadGroup();
        return g != null && g.getParent() == null && "system".equals(g.getName())
                || t instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool();
    }

    static Verdict of(StackTraceElement[] stack, List<WatchedPlugin> watched) {
        String entry = entryClass(stack);
        if (entry == null) {
            return Verdict.UNKNOWN;
        }
        for (WatchedPlugin p : watched) {
            if (p.ownsClass().test(entry)) {
                return new Verdict(Kind.PLUGIN, p);
            }
        }
        return Verdict.OTHER;
    }
}
