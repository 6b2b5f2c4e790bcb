package nexcage.sandbox.child;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nexcage.api.backend.ContainerBackend;
import nexcage.api.cli.CliCommand;
import nexcage.api.hooks.HookHandler;
import nexcage.api.integration.IntegrationExtension;
import nexcage.api.monitoring.MonitoringExtension;
import nexcage.api.security.SecurityExtension;

/** What the daemon's proxy of a plugin service calls, and what it keeps of the service without asking again. */
final class Exports {
    private Exports() {
    }

    /** A command's calls; execute flushes what the command printed before it answers. */
    static final class Command {
        private final CliCommand command;

        Command(CliCommand command) {
            this.command = command;
        }

        public void validate(List<String> args) throws Exception {
            command.validate(args);
        }

        public List<String> complete(List<String> args) {
            return command.complete(args);
        }

        public int execute(ChildContexts.Command context, List<String> args) throws Exception {
            try {
                return command.execute(context, args);
            } finally {
                context.flush();
            }
        }
    }

    /** A hook handler's call; the answer carries what it did to the context. */
    static final class Hook {
        private final HookHandler handler;

        Hook(HookHandler handler) {
            this.handler = handler;
        }

        public Map<String, Object> handle(ChildContexts.Hook context) throws Exception {
            handler.handle(context);
            return context.outcome();
        }
    }

    /** What the daemon's proxy answers itself: the names and texts a service gives once. */
    static Map<String, Object> descriptor(Object service) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (service instanceof CliCommand c) {
            d.put("command.name", c.name());
            d.put("command.description", c.description());
            d.put("command.usage", c.usage());
            d.put("command.examples", List.copyOf(c.examples()));
            d.put("command.help", c.help());
        }
        if (service instanceof ContainerBackend b) {
            d.put("backend.name", b.name());
            d.put("backend.description", b.description());
        }
        if (service instanceof IntegrationExtension i) {
            d.put("integration.name", i.name());
            d.put("integration.description", i.description());
            d.put("integration.version", i.version());
        }
        if (service instanceof MonitoringExtension m) {
            d.put("monitoring.name", m.name());
        }
        if (service instanceof SecurityExtension s) {
            d.put("security.name", s.name());
        }
        return d;
    }
}
