package nexcage.backend.docker;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The default backend's settings, {@code plugins.docker.config} in config.yaml, typed by the core
 * through this definition (Metatype). The engine settings are read by {@link EngineSettings},
 * which the instances share; {@code warm_up} is the default backend's alone.
 */
@ObjectClassDefinition(name = "NexCage Docker backend", description = "Which Docker engine the docker backend uses, and when it loads docker-java")
public @interface DockerConfig {

    /** The PID the core delivers {@code plugins.docker.config} under. */
    String PID = "nexcage.plugin.docker";

    /** {@link #warm_up()}: at the first container or image command (the default). */
    String WARM_UP_LAZY = "lazy";
    /** {@link #warm_up()}: when the backend activates, at the daemon's start. */
    String WARM_UP_ACTIVATION = "activation";

    @AttributeDefinition(description = "The engine: unix:///PATH or tcp://HOST:PORT; default DOCKER_HOST, else unix:///var/run/docker.sock",
            required = false)
    String host() default "";

    @AttributeDefinition(description = "For a tcp:// host: the CA that signed the engine's certificate (PEM, absolute path)",
            required = false)
    String tls_ca() default "";

    @AttributeDefinition(description = "For a tcp:// host: the client's certificate (PEM, absolute path), with tls.key",
            required = false)
    String tls_cert() default "";

    @AttributeDefinition(description = "For a tcp:// host: the client's PKCS#8 key (PEM, absolute path), with tls.cert",
            required = false)
    String tls_key() default "";

    /**
     * When docker-java is loaded and exercised (about 14 MB of an idle daemon's memory): {@code lazy}
     * at the first container or image command, which then runs 0.3-0.5 s slower while it overlaps
     * the warm-up; {@code activation} at the daemon's start, so the first command does not wait.
     */
    @AttributeDefinition(description = "When docker-java is loaded and warmed up: lazy (at the first container or image command) or "
            + "activation (at the daemon's start: the first command is faster, the idle daemon uses about 14 MB more)",
            required = false)
    String warm__up() default WARM_UP_LAZY;
}
