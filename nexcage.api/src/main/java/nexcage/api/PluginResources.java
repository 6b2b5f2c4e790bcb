package nexcage.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Header;

/**
 * Writes {@code NexCage-Resources}: the resources the plugin asks for. The defaults and bounds are
 * those of {@link ResourceRequirements}; {@code timeoutSeconds} also limits every call NexCage
 * makes into the plugin.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Header(name = PluginHeaders.RESOURCES, value = "max_memory_mb=${#maxMemoryMb};max_cpu_percent=${#maxCpuPercent};"
        + "max_file_descriptors=${#maxFileDescriptors};max_threads=${#maxThreads};timeout_seconds=${#timeoutSeconds};"
        + "max_network_connections=${#maxNetworkConnections};max_disk_usage_mb=${#maxDiskUsageMb}")
public @interface PluginResources {
    int maxMemoryMb() default 64;

    int maxCpuPercent() default 5;

    int maxFileDescriptors() default 100;

    int maxThreads() default 10;

    int timeoutSeconds() default 30;

    int maxNetworkConnections() default 50;

    int maxDiskUsageMb() default 100;
}
