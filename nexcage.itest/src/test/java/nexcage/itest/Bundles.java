package nexcage.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.VersionRange;

/** Bundles made on the fly, and the bundle list of runtime.bndrun. */
final class Bundles {

    private Bundles() {
    }

    /** A bundle with no code whose manifest has the given headers after the OSGi ones. */
    static byte[] withHeaders(String symbolicName, Map<String, String> headers) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        headers.forEach(main::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Installs from a file under the given location, or returns the bundle already there. */
    static Bundle installOnce(BundleContext context, String location, Path file) throws Exception {
        Bundle existing = context.getBundle(location);
        if (existing != null) {
            return existing;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return context.installBundle(location, in);
        }
    }

    /** One entry of {@code -runbundles} (or {@code -runfw}): a symbolic name and a version range. */
    static final class RunBundle {
        final String symbolicName;
        final VersionRange versions;

        RunBundle(String symbolicName, VersionRange versions) {
            this.symbolicName = symbolicName;
            this.versions = versions;
        }

        boolean matches(Bundle b) {
            return symbolicName.equals(b.getSymbolicName()) && versions.includes(b.getVersion());
        }

        @Override
        public String toString() {
            return symbolicName + " " + versions;
        }
    }

    private static final Pattern VERSION = Pattern.compile("version\\s*=\\s*['\"]([^'\"]+)['\"]");

    /** The entries of one instruction of a bndrun file, e.g. {@code -runbundles}. */
    static List<RunBundle> instruction(Path bndrun, String name) throws IOException {
        String value = null;
        StringBuilder logical = new StringBuilder();
        for (String line : Files.readAllLines(bndrun)) {
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1);
                continue;
            }
            logical.append(line);
            String l = logical.toString().trim();
            logical.setLength(0);
            if (l.startsWith(name + ":")) {
                value = l.substring(name.length() + 1);
            }
        }
        if (value == null) {
            throw new AssertionError(bndrun + " has no " + name);
        }
        List<RunBundle> out = new ArrayList<>();
        for (String clause : splitClauses(value)) {
            String[] parts = clause.split(";", 2);
            Matcher m = VERSION.matcher(parts.length > 1 ? parts[1] : "");
            out.add(new RunBundle(parts[0].trim(), new VersionRange(m.find() ? m.group(1) : "0")));
        }
        return out;
    }

    /** Splits a header at commas outside quotes. */
    private static List<String> splitClauses(String value) {
        List<String> clauses = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : value.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ',') {
                add(clauses, cur);
                continue;
            }
            cur.append(c);
        }
        add(clauses, cur);
        return clauses;
    }

    private static void add(List<String> clauses, StringBuilder cur) {
        String s = cur.toString().trim();
        if (!s.isEmpty()) {
            clauses.add(s);
        }
        cur.setLength(0);
    }
}
