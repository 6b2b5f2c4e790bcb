package nexcage.example.audit;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The plugin's settings ({@code plugins.audit-hooks.config}); the defaults work without any. */
@ObjectClassDefinition(name = "NexCage audit-hooks", description = "Audit log of hook events and a container-id deny rule")
public @interface AuditConfig {

    /** The PID the core delivers {@code plugins.audit-hooks.config} under. */
    String PID = "nexcage.plugin.audit-hooks";

    @AttributeDefinition(description = "The JSON-lines file to append to; empty means $NEXCAGE_STATE/audit-hooks.jsonl")
    String file() default "";

    /** Property {@code deny_pattern} (a double underscore is one underscore in DS names). */
    @AttributeDefinition(description = "A regular expression; container.pre_create is vetoed for container ids matching it whole. Empty denies nothing")
    String deny__pattern() default "";
}
