package nexcage.core.internal.command;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the launcher's copy of the command table at build time, beside runtime.jar: the help
 * ({@code help.txt}, which the launcher prints without a daemon), the bash completion
 * ({@code completion.bash}) and what its own {@code case} needs ({@code commands.bash}).
 *
 * <p>It starts nothing: the rows are the static {@code COMMAND_ROWS} of nexcage.core's components,
 * found through the bundle's {@code Service-Component} header, so a new command group needs no
 * entry anywhere else.
 */
public final class CommandTableWriter {
    private static final String BUNDLE = "nexcage.core";
    private static final Pattern IMPLEMENTATION = Pattern.compile("<implementation\\s+class=\"([^\"]+)\"");

    private CommandTableWriter() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: CommandTableWriter DIRECTORY (where help.txt, completion.bash and commands.bash are written)");
            System.exit(2);
        }
        CommandTable table = read(CommandTableWriter.class.getClassLoader());
        Path dir = Paths.get(args[0]);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("help.txt"), table.help());
        Files.writeString(dir.resolve("completion.bash"), table.completionScript());
        Files.writeString(dir.resolve("commands.bash"), table.launcherTable());
    }

    /** The table of every component of nexcage.core on this class path that declares its rows. */
    public static CommandTable read(ClassLoader loader) throws IOException, ReflectiveOperationException {
        return CommandTable.of(rowsByComponent(loader));
    }

    /** The rows each component declares, by its class name. */
    static Map<String, List<CommandRow>> rowsByComponent(ClassLoader loader) throws IOException, ReflectiveOperationException {
        Map<String, List<CommandRow>> rows = new HashMap<>();
        for (String className : componentClasses(loader)) {
            Class<?> c = Class.forName(className, false, loader);
            Field f;
            try {
                f = c.getDeclaredField(CommandGroup.ROWS_FIELD);
            } catch (NoSuchFieldException none) {
                continue;
            }
            if (!Modifier.isStatic(f.getModifiers())) {
                throw new IllegalStateException(className + "." + CommandGroup.ROWS_FIELD + " must be static, so the build can read it");
            }
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<CommandRow> declared = (List<CommandRow>) f.get(null);
            rows.put(className, declared);
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("no component of " + BUNDLE + " declares " + CommandGroup.ROWS_FIELD
                    + "; is the bundle (with its OSGI-INF) on the class path?");
        }
        return rows;
    }

    /** The implementation classes the bundle's component descriptions name. */
    static List<String> componentClasses(ClassLoader loader) throws IOException {
        String header = serviceComponentHeader(loader);
        List<String> classes = new ArrayList<>();
        for (String xml : header.split(",")) {
            try (InputStream in = loader.getResourceAsStream(xml.trim())) {
                if (in == null) {
                    throw new IOException("the component description " + xml.trim() + " of " + BUNDLE + " is not on the class path");
                }
                Matcher m = IMPLEMENTATION.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    classes.add(m.group(1));
                }
            }
        }
        return classes;
    }

    private static String serviceComponentHeader(ClassLoader loader) throws IOException {
        Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            try (InputStream in = manifests.nextElement().openStream()) {
                Attributes main = new Manifest(in).getMainAttributes();
                String bsn = main.getValue("Bundle-SymbolicName");
                String header = main.getValue("Service-Component");
                if (bsn != null && bsn.split(";")[0].trim().equals(BUNDLE) && header != null) {
                    return header;
                }
            }
        }
        throw new IOException("no manifest of " + BUNDLE + " with a Service-Component header on the class path");
    }
}
