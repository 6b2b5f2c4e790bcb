import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * bench/hotdeploy: makes COUNT distinct, valid plugins out of the hello example's plugin file.
 * Each gets its own Bundle-SymbolicName (nexcage.bench.pNNN) and NexCage-Plugin-Name (bench-NNN);
 * the CLI command component is left out (100 copies of 'hello' would clash), the lifecycle
 * component stays. Usage: java MakePlugins.java HELLO_PLUGIN_FILE OUT_DIR COUNT
 */
public final class MakePlugins {

    private static final String COMMAND_XML = "OSGI-INF/nexcage.example.hello.HelloCommand.xml";
    private static final String COMMAND_CAP = "osgi.service;objectClass:List<String>=\"nexcage.api.cli.CliCommand\";uses:=\"nexcage.api.cli\",";

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: java MakePlugins.java HELLO_PLUGIN_FILE OUT_DIR COUNT");
        }
        Path out = Files.createDirectories(Path.of(args[1]));
        int count = Integer.parseInt(args[2]);
        try (JarFile hello = new JarFile(args[0])) {
            Manifest base = hello.getManifest();
            check(base);
            for (int i = 1; i <= count; i++) {
                String n = String.format("%03d", i);
                String name = "bench-" + n;
                Manifest m = new Manifest(base);
                Attributes a = m.getMainAttributes();
                a.putValue("Bundle-SymbolicName", "nexcage.bench.p" + n);
                a.putValue("Bundle-Name", "NexCage bench plugin " + n + " (hello repackaged)");
                a.putValue("NexCage-Plugin-Name", name);
                a.putValue("Provide-Capability", a.getValue("Provide-Capability").replace(COMMAND_CAP, "")
                        .replace("nexcage.plugin=hello", "nexcage.plugin=" + name));
                a.putValue("Service-Component", a.getValue("Service-Component").replace(COMMAND_XML + ",", "")
                        .replace("," + COMMAND_XML, ""));
                Path file = out.resolve(name + "-" + a.getValue("Bundle-Version") + ".nexcage-plugin");
                try (OutputStream fo = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(fo, m)) {
                    for (Enumeration<JarEntry> e = hello.entries(); e.hasMoreElements();) {
                        JarEntry je = e.nextElement();
                        String en = je.getName();
                        if (en.equals(JarFile.MANIFEST_NAME) || en.equals("META-INF/") || en.equals(COMMAND_XML)) {
                            continue;
                        }
                        jar.putNextEntry(new JarEntry(en));
                        try (InputStream in = hello.getInputStream(je)) {
                            in.transferTo(jar);
                        }
                        jar.closeEntry();
                    }
                }
            }
        }
    }

    /** The rewrite above relies on these; fail loudly if the hello example changes shape. */
    private static void check(Manifest m) {
        Attributes a = m.getMainAttributes();
        String sc = a.getValue("Service-Component");
        String pc = a.getValue("Provide-Capability");
        if (!"hello".equals(a.getValue("NexCage-Plugin-Name")) || sc == null || !sc.contains(COMMAND_XML) || pc == null
                || !pc.contains("nexcage.plugin=hello") || !pc.contains(COMMAND_CAP)) {
            throw new IllegalStateException("the hello plugin's manifest is not what MakePlugins expects: " + a.entrySet());
        }
    }
}
