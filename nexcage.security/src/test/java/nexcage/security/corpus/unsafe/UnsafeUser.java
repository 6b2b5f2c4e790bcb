package nexcage.security.corpus.unsafe;

import sun.misc.Unsafe;

/** unsafe: calls sun.misc.Unsafe. */
public class UnsafeUser {
    public long address(Unsafe unsafe, long bytes) {
        return unsafe.allocateMemory(bytes);
    }
}
