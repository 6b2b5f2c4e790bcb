package nexcage.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Header;

/**
 * Writes {@code NexCage-Dependencies}: other plugins this one needs, each as
 * {@code name;version="[1.0,2)"}. The core starts the plugin only once all of them are active.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Header(name = PluginHeaders.DEPENDENCIES, value = "${#value}")
public @interface PluginDependencies {
    String[] value();
}
