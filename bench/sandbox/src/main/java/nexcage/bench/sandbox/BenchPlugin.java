package nexcage.bench.sandbox;

import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import nexcage.api.cli.CliCommand;
import nexcage.api.cli.CommandContext;
import nexcage.api.hooks.HookContext;
import nexcage.api.hooks.HookHandler;

/**
 * The benchmark's plugin, copied into a plugin file for the child and also called in-process for
 * the comparison: a hello command and a hook handler that adds one metadata value.
 */
public class BenchPlugin implements BundleActivator, CliCommand, HookHandler {

    @Override
    public void start(BundleContext ctx) {
        ctx.registerService(CliCommand.class, this, null);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(HookHandler.HOOK, "bench.pre_call");
        ctx.registerService(HookHandler.class, this, props);
    }

    @Override
    public void stop(BundleContext ctx) {
    }

    @Override
    public String name() {
        return "benchhello";
    }

    @Override
    public String description() {
        return "Says hello, for the sandbox benchmark";
    }

    @Override
    public int execute(CommandContext context, List<String> args) {
        context.out().println("Hello, " + (args.isEmpty() ? "World" : args.get(0)) + "!");
        return 0;
    }

    @Override
    public void handle(HookContext context) {
        context.putMetadata("seen", "bench");
    }
}
