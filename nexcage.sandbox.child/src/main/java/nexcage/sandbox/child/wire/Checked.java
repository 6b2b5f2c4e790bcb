package nexcage.sandbox.child.wire;

import java.lang.reflect.Method;

/** What a proxy throws for a failure of the link that the proxied method does not declare. */
public final class Checked {
    private Checked() {
    }

    public static Throwable fit(Method m, Throwable t) {
        if (t instanceof RuntimeException || t instanceof Error) {
            return t;
        }
        for (Class<?> declared : m.getExceptionTypes()) {
            if (declared.isInstance(t)) {
                return t;
            }
        }
        return new IllegalStateException(t.getMessage(), t);
    }
}
