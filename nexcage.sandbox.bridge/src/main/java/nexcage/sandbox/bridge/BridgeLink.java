package nexcage.sandbox.bridge;

import org.osgi.annotation.versioning.ProviderType;

/** The live link to one plugin's child JVM. */
@ProviderType
public interface BridgeLink extends AutoCloseable {

    boolean alive();

    /** Unregisters every proxy (in-flight calls fail with a clear message) and closes the socket. */
    @Override
    void close();

    /** Called once when the socket closes from the child's side (it died or exited). */
    void onClosed(Runnable r);
}
