package nexcage.security.corpus.reflect;

import java.lang.reflect.Field;

/** set_accessible: opens a private field of another class. */
public class Opener {
    public Object peek(Object target, String name) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }
}
