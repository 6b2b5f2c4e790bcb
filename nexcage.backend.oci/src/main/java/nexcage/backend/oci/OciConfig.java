package nexcage.backend.oci;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The OCI backend's settings, {@code plugins.oci.config} in config.yaml, typed by the core through
 * this definition (Metatype).
 */
@ObjectClassDefinition(name = "NexCage OCI backend", description = "Which OCI runtime runs the containers, and how their root file systems are made")
public @interface OciConfig {

    /** The PID the core delivers {@code plugins.oci.config} under. */
    String PID = "nexcage.plugin.oci";

    @AttributeDefinition(description = "The OCI runtime: crun (the default; runc when crun is not installed) or runc")
    String runtime() default "";

    @AttributeDefinition(description = "A container's root file system: overlay (a mount on its image, the default) or copy (cp -a of the image)")
    String rootfs() default "overlay";
}
