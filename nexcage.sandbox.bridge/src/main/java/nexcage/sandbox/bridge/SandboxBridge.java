package nexcage.sandbox.bridge;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.BundleContext;

/** Starts and links a sandboxed plugin's child JVM; a service of nexcage.sandbox.bridge. */
@ProviderType
public interface SandboxBridge {

    /** The command that starts a child for this plugin jar; the child connects to socket. */
    ChildCommand childCommand(String plugin, Path pluginJar, Path socket, Path dataDir, Path tmpDir);

    /**
     * Waits (bounded) for the child started with childCommand to connect on socket, then registers
     * the proxies of the plugin's services with stub (the stub bundle's context) and serves the
     * child's calls to guarded services through it. Throws with a one-line reason on failure.
     */
    BridgeLink open(String plugin, Path socket, BundleContext stub, Duration timeout) throws IOException;
}
