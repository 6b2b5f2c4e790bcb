package nexcage.security.corpus.nativelib;

/** native_library: loads a native library. */
public class Native {
    static {
        System.loadLibrary("evil");
    }
}
