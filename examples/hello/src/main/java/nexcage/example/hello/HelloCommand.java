package nexcage.example.hello;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import nexcage.api.cli.CliCommand;
import nexcage.api.cli.CommandContext;
import org.nexcage.examples.greeting.Greetings;

/**
 * {@code nexcage hello [NAME]}: prints {@code GREETING, NAME!} {@code repeat} times; without a name
 * it greets each of the configured {@code names}, or the World. Unconfigured it prints
 * {@code Hello, World!}. A configuration change is taken in place ({@link Modified}): the command
 * is not restarted.
 */
@Component(configurationPid = HelloConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HelloConfig.class)
public class HelloCommand implements CliCommand {

    /** What one configuration says, read once so a command never sees half of a change. */
    private record Settings(String greeting, int repeat, List<String> names) {
        static Settings of(HelloConfig c) {
            List<String> names = new ArrayList<>();
            for (String n : c.names() == null ? new String[0] : c.names()) {
                if (n != null && !n.isBlank()) {
                    names.add(n);
                }
            }
            // the plugin's checkConfig refuses other counts; stay within them whatever arrives
            int repeat = Math.max(HelloConfig.MIN_REPEAT, Math.min(HelloConfig.MAX_REPEAT, c.repeat()));
            return new Settings(c.greeting(), repeat, List.copyOf(names));
        }
    }

    private volatile Settings settings;

    @Activate
    void activate(HelloConfig config) {
        settings = Settings.of(config);
    }

    @Modified
    void modified(HelloConfig config) {
        settings = Settings.of(config);
    }

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public String description() {
        return "Say hello from a plugin";
    }

    @Override
    public String usage() {
        return "nexcage hello [NAME]";
    }

    @Override
    public List<String> examples() {
        return List.of("nexcage hello", "nexcage hello World");
    }

    /** A name is printed, never run, so any characters are fine; only the count is checked. */
    @Override
    public void validate(List<String> args) {
        if (args.size() > 1) {
            throw new nexcage.api.validation.ValidationException(
                    nexcage.api.validation.ValidationErrorKind.INVALID_COMMAND,
                    "hello takes at most one name, got " + args.size() + " words; quote a name with spaces, e.g. nexcage hello 'Ada Lovelace'");
        }
    }

    @Override
    public int execute(CommandContext context, List<String> args) {
        Settings s = settings;
        List<String> who = !args.isEmpty() ? List.of(args.get(0)) : s.names().isEmpty() ? List.of("World") : s.names();
        for (int i = 0; i < s.repeat(); i++) {
            for (String name : who) {
                context.out().println(Greetings.greet(s.greeting(), name));
            }
        }
        return 0;
    }
}
