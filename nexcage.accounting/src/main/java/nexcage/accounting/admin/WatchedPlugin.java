package nexcage.accounting.admin;

import java.nio.file.Path;
import java.util.function.Predicate;

import nexcage.api.ResourceRequirements;

/**
 * A plugin whose threads, CPU, disk and limits are watched while it runs.
 *
 * @param name the plugin's name
 * @param limits its declared resource requirements ({@code NexCage-Resources}, defaults filled in)
 * @param dataDirectory its data directory, whose size counts against {@code max_disk_usage_mb}
 * @param ownsClass whether a class (by binary name) is the plugin's own code: a thread whose entry
 *     point (the lowest frame not in the JDK) is such a class was started by the plugin
 */
public record WatchedPlugin(String name, ResourceRequirements limits, Path dataDirectory, Predicate<String> ownsClass) {
}
