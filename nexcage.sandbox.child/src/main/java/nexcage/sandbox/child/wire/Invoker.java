package nexcage.sandbox.child.wire;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Calls a method by its name and number of arguments on an object through one of its interfaces (or its own public methods). */
public class Invoker {
    private final Map<String, Method> cache = new ConcurrentHashMap<>();
    private final Object target;
    private final List<Class<?>> types;

    public Invoker(Object target, List<Class<?>> types) {
        this.target = target;
        this.types = List.copyOf(types);
    }

    public Object invoke(String method, Object[] args) throws Exception {
        Method m = cache.computeIfAbsent(method + "/" + args.length, k -> find(method, args.length));
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    private Method find(String name, int arity) {
        for (Class<?> type : types) {
            for (Method m : type.getMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == arity) {
                    m.setAccessible(true);
                    return m;
                }
            }
        }
        throw new UnsupportedOperationException("no method " + name + " with " + arity + " arguments in " + types);
    }
}
