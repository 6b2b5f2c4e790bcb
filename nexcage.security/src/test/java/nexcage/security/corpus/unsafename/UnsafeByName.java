package nexcage.security.corpus.unsafename;

/** unsafe: reaches sun.misc.Unsafe by name only, so the finding is the class's. */
public class UnsafeByName {
    public Class<?> find() throws ClassNotFoundException {
        return Class.forName("sun.misc.Unsafe");
    }
}
