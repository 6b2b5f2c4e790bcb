package nexcage.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launch properties bnd's export writes from runtime.bndrun ({@code launcher.properties} in
 * runtime.jar): the run bundles with their start levels, the {@code -runproperties}, the system
 * packages, the storage directory. Read here as bnd's launcher reads them, so that runtime.bndrun
 * stays the one source of what the daemon runs and how.
 */
record LaunchProperties(Map<String, String> all, List<RunBundle> bundles) {

    /** The resource name, in runtime.jar and in the boot jar. */
    static final String RESOURCE = "launcher.properties";

    /** A bundle of {@code -runbundles}: its jar's file name, symbolic name, version and start level (0: the default). */
    record RunBundle(String fileName, String symbolicName, String version, int startLevel) {
    }

    LaunchProperties {
        all = Map.copyOf(all);
        bundles = List.copyOf(bundles);
    }

    /** The properties embedded in the launcher's own class path (the boot jar). */
    static LaunchProperties embedded() {
        try (InputStream in = LaunchProperties.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the boot jar has no " + RESOURCE + "; rebuild NexCage (mvn package)");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LaunchProperties read(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        Map<String, String> all = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            all.put(k, p.getProperty(k));
        }
        return new LaunchProperties(all, bundles(all));
    }

    private static List<RunBundle> bundles(Map<String, String> all) {
        List<String> files = split(all.getOrDefault("launch.bundles", ""));
        List<String> attrs = split(all.getOrDefault("launch.runbundles.attrs", ""));
        if (files.size() != attrs.size()) {
            throw new IllegalStateException("launch.bundles lists " + files.size() + " jars and launch.runbundles.attrs "
                    + attrs.size() + " bundles; rebuild NexCage (mvn package)");
        }
        List<RunBundle> list = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String f = files.get(i);
            String a = attrs.get(i);
            list.add(new RunBundle(f.substring(f.lastIndexOf('/') + 1), a.split(";", 2)[0].trim(), attribute(a, "version"),
                    Integer.parseInt(attribute(a, "startlevel").isEmpty() ? "0" : attribute(a, "startlevel"))));
        }
        return list;
    }

    private static final Pattern ATTRIBUTE = Pattern.compile(";\\s*([\\w.-]+)\\s*=\\s*(\"[^\"]*\"|[^;,]*)");

    private static String attribute(String clause, String name) {
        Matcher m = ATTRIBUTE.matcher(clause);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2).replace("\"", "").trim();
            }
        }
        return "";
    }

    /** Splits a comma-separated list of clauses, not at the commas inside quotes. */
    static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : list.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                add(out, cur);
            } else {
                cur.append(c);
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().trim());
        }
        cur.setLength(0);
    }

    boolean keep() {
        return Boolean.parseBoolean(all.getOrDefault("launch.keep", "false"));
    }

    /** The framework's storage: {@code launch.storage.dir} (the launcher sets it under the state directory). */
    Path storage() {
        String dir = all.get("launch.storage.dir");
        return Path.of(dir != null ? dir : System.getProperty("java.io.tmpdir"), dir != null ? "" : "nexcage-framework");
    }

    /** With every key a -D of the JVM overrides replaced, as bnd's launcher does. */
    LaunchProperties withSystemOverrides(Properties system) {
        Map<String, String> merged = new LinkedHashMap<>(all);
        merged.replaceAll((k, v) -> system.getProperty(k, v));
        for (String k : List.of("launch.storage.dir", "launch.keep")) {
            if (system.getProperty(k) != null) {
                merged.put(k, system.getProperty(k));
            }
        }
        return new LaunchProperties(merged, bundles);
    }
}
