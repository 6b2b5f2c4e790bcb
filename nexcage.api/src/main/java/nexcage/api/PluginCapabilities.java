package nexcage.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Header;

/** Writes {@code NexCage-Capabilities}: what the plugin does through NexCage's API. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Header(name = PluginHeaders.CAPABILITIES, value = "${tolower;${#value}}")
public @interface PluginCapabilities {
    Capability[] value();
}
