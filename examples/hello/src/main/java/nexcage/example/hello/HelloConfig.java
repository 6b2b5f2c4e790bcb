package nexcage.example.hello;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The hello plugin's settings, {@code plugins.hello.config} in config.yaml. The core types the
 * YAML values by this definition (Metatype): {@code repeat} arrives as an int, {@code names} as a
 * list of strings. Without any configuration the plugin prints {@code Hello, World!}.
 */
@ObjectClassDefinition(name = "NexCage hello", description = "How the hello plugin greets")
public @interface HelloConfig {

    /** The PID the core delivers {@code plugins.hello.config} under. */
    String PID = "nexcage.plugin.hello";

    /** The fewest and the most times a greeting may be printed; {@link HelloLifecycle} refuses others. */
    int MIN_REPEAT = 1;
    int MAX_REPEAT = 10;

    @AttributeDefinition(description = "The word(s) before the name, e.g. Hello or Good morning")
    String greeting() default "Hello";

    @AttributeDefinition(description = "How many times the greeting is printed, 1 to 10")
    int repeat() default 1;

    @AttributeDefinition(description = "Who 'nexcage hello' without a name greets; nobody listed greets the World")
    String[] names() default {};
}
