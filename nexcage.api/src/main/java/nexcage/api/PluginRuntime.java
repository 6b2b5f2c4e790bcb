package nexcage.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Header;

/**
 * Writes {@code NexCage-Version}: the NexCage runtimes the plugin works with, an OSGi version
 * range such as {@code [0.8,1)} or a bare minimum version such as {@code 0.7.0}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Header(name = PluginHeaders.NEXCAGE_VERSION, value = "${#value}")
public @interface PluginRuntime {
    String value();
}
