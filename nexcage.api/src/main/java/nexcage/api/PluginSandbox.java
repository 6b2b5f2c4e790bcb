package nexcage.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Header;

/**
 * Writes {@code NexCage-Sandbox}: {@code process} runs the plugin in a child JVM of its own, with
 * namespaces, a read-only root and cgroup limits (DESIGN §5); {@code none} in the daemon's JVM.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Header(name = PluginHeaders.SANDBOX, value = "${#value}")
public @interface PluginSandbox {
    /** {@code process} or {@code none}. */
    String value();
}
