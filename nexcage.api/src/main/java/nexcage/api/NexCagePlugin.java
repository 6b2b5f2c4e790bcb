package nexcage.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Header;
import org.osgi.annotation.bundle.Requirement;

/**
 * Makes a bundle a NexCage plugin. Put it on one {@code package-info.java} of the plugin; bnd then
 * writes {@code NexCage-Plugin-Name}, {@code NexCage-Api-Version: 1}, the requirement on API 1
 * that Felix's resolver checks, and the {@code nexcage.plugin} capability. The other metadata
 * come from the annotations beside it, each writing one header: {@link PluginCapabilities},
 * {@link PluginResources}, {@link PluginRuntime} and {@link PluginDependencies}. The description
 * is the bundle's {@code Bundle-Description} (Maven's {@code <description>}).
 *
 * <pre>
 * &#64;NexCagePlugin(name = "hello")
 * &#64;PluginCapabilities(Capability.LOGGING)
 * &#64;PluginResources(maxMemoryMb = 32)
 * package org.example.hello;
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Header(name = PluginHeaders.NAME, value = "${#name}")
@NexCagePlugin.ApiVersion1
@Requirement(namespace = PluginHeaders.API_NAMESPACE, filter = "(&(nexcage.api>=1)(!(nexcage.api>=2)))")
@org.osgi.annotation.bundle.Capability(namespace = PluginHeaders.PLUGIN_NAMESPACE, name = "${#name}")
public @interface NexCagePlugin {

    /** {@code NexCage-Plugin-Name}: 1..64 of {@code [A-Za-z0-9._-]}, not starting or ending with {@code . _ -}. */
    String name();

    /**
     * Writes {@code NexCage-Api-Version: 1}. A separate meta-annotation because bnd expands the
     * annotation's values only in a lone {@code @Header}, not in a repeated one.
     */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.ANNOTATION_TYPE)
    @Header(name = PluginHeaders.API_VERSION, value = "1")
    @interface ApiVersion1 {
    }
}
