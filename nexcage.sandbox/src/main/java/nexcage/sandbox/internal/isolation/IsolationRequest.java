package nexcage.sandbox.internal.isolation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the child of one plugin needs to run isolated: the command that starts it (before
 * isolation), the paths it may only read and those it may write (its data directory, its private
 * temporary directory, the bridge socket's directory), whether it may use the network (it declares
 * {@code network_client} or {@code network_server}) and its limits.
 */
public record IsolationRequest(String plugin, List<String> argv, Map<String, String> environment, List<Path> readOnlyPaths,
        List<Path> writablePaths, Path dataDir, Path tmpDir, Path socketDir, boolean network, SandboxLimits limits) {

    public IsolationRequest {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        readOnlyPaths = List.copyOf(readOnlyPaths);
        writablePaths = List.copyOf(writablePaths);
    }
}
