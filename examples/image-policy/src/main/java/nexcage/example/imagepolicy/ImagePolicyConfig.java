package nexcage.example.imagepolicy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The plugin's settings ({@code plugins.image-policy.config}). Unconfigured, it allows no image. */
@ObjectClassDefinition(name = "NexCage image-policy", description = "Which images container operations may use")
public @interface ImagePolicyConfig {

    /** The PID the core delivers {@code plugins.image-policy.config} under. */
    String PID = "nexcage.plugin.image-policy";

    @AttributeDefinition(description = "Globs of the images allowed, separated by commas, e.g. nexcage-test/* or busybox:*,alpine:3.*;"
            + " '*' is any run of characters, '?' one. Empty allows none")
    String allow() default "";
}
