package nexcage.sdk;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code nexcage plugin new NAME [--type TYPE] [--dir DIR]}, run by the launcher in the client (no
 * daemon needed): writes a plugin project made for this NexCage. The launcher passes the system
 * properties {@code nexcage.sdk.repository} (the Maven repository of the API and the test kit),
 * {@code nexcage.checkout} (the source tree, kept free of projects) and {@code nexcage.reserved}
 * (the built-in commands' first words, from the command table). Exit 0, 1 when writing failed,
 * 2 for a bad command line (nothing written).
 */
public final class PluginNew {
    private PluginNew() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() == 1 && (args.get(0).equals("-h") || args.get(0).equals("--help"))) {
            out.println("Usage: " + PluginRequest.USAGE);
            out.println("Writes a plugin project (default folder ./NAME) that `mvn package` turns into target/NAME-1.0.0.nexcage-plugin.");
            return 0;
        }
        String repository = System.getProperty("nexcage.sdk.repository");
        if (repository == null) {
            err.println("nexcage: the SDK's Maven repository is not known (system property nexcage.sdk.repository); run 'nexcage plugin new' through the nexcage launcher");
            return 1;
        }
        PluginRequest request;
        try {
            String checkout = System.getProperty("nexcage.checkout");
            request = PluginRequest.parse(args, Path.of("").toAbsolutePath(), checkout == null ? null : Path.of(checkout),
                    Path.of(System.getProperty("user.home")), reserved());
        } catch (BadRequest e) {
            err.println("nexcage: " + e.getMessage());
            return 2;
        }
        SdkSettings sdk = new SdkSettings(SdkSettings.buildVersion(), repository);
        try {
            ProjectWriter.write(request.dir(), ProjectFiles.of(request.name(), request.type(), sdk));
        } catch (IOException e) {
            err.println("nexcage: cannot write " + request.dir() + " (" + e + "); check that its parent folder is writable");
            return 1;
        }
        String file = "target/" + request.name() + "-1.0.0.nexcage-plugin";
        out.println("wrote the " + request.type().description() + " plugin project " + request.name() + " (NexCage "
                + sdk.nexcageVersion() + ") in " + request.dir());
        out.println("next: cd " + request.dir() + " && mvn package && nexcage plugin install " + file);
        return 0;
    }

    private static Set<String> reserved() {
        Set<String> words = new HashSet<>(List.of("daemon", "shell", "completion", "help", "version"));
        String given = System.getProperty("nexcage.reserved", "");
        Arrays.stream(given.split(",")).map(String::trim).filter(w -> !w.isEmpty()).forEach(words::add);
        return words;
    }
}
