package nexcage.security.corpus.lookup;

import java.lang.invoke.MethodHandles;

/** private_lookup: a private lookup into another class. */
public class Peeker {
    public MethodHandles.Lookup into(Class<?> target) throws IllegalAccessException {
        return MethodHandles.privateLookupIn(target, MethodHandles.lookup());
    }
}
