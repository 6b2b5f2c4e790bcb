package nexcage.sandbox.bridge;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start the child JVM for one plugin, before isolation wraps it.
 *
 * @param argv          the java executable and its arguments
 * @param environment   variables the child needs on top of a clean environment
 * @param readOnlyPaths what the child reads (the JDK, its bundles, the plugin jar)
 * @param writablePaths what the child writes (its framework cache, data and temp directories)
 */
public record ChildCommand(List<String> argv, Map<String, String> environment, List<Path> readOnlyPaths,
        List<Path> writablePaths) {

    public ChildCommand {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        readOnlyPaths = List.copyOf(readOnlyPaths);
        writablePaths = List.copyOf(writablePaths);
    }
}
