package nexcage.plugintest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;

/**
 * The runtime's bundles (runtime.bndrun's {@code -runbundles}, by symbolic name) and where they are
 * on the test class path, where Maven put them as this kit's dependencies. OSGi-free.
 */
final class RuntimeBundles {

    /** runtime.bndrun's -runbundles in its order (RuntimeBundlesTest keeps the two in step). */
    static final List<String> SYMBOLIC_NAMES = List.of(
            "biz.aQute.bnd.util", "biz.aQute.bndlib",
            "com.fasterxml.jackson.core.jackson-annotations", "com.fasterxml.jackson.core.jackson-core",
            "com.fasterxml.jackson.core.jackson-databind", "com.fasterxml.jackson.dataformat.jackson-dataformat-yaml",
            "nexcage.accounting", "nexcage.api", "nexcage.core", "nexcage.hooks", "nexcage.http", "nexcage.http.slf4j",
            "nexcage.metrics", "nexcage.sandbox", "nexcage.sandbox.bridge", "nexcage.security",
            "org.apache.commons.commons-fileupload", "org.apache.commons.commons-io",
            "org.apache.felix.configadmin", "org.apache.felix.gogo.command", "org.apache.felix.gogo.runtime",
            "org.apache.felix.gogo.shell", "org.apache.felix.http.jetty12", "org.apache.felix.http.servlet-api",
            "org.apache.felix.log", "org.apache.felix.metatype", "org.apache.felix.scr",
            "org.osgi.service.component", "org.osgi.service.repository", "org.osgi.util.function", "org.osgi.util.promise",
            "org.yaml.snakeyaml");

    private RuntimeBundles() {
    }

    /**
     * The jar of each runtime bundle, in {@link #SYMBOLIC_NAMES} order, found among the class
     * loader's jars by their manifest's symbolic name.
     *
     * @throws IllegalStateException naming the bundles that are missing and the dependency to add
     */
    static List<Path> onClassPath(ClassLoader loader) {
        Map<String, Path> found = new LinkedHashMap<>();
        try {
            Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                URL url = manifests.nextElement();
                URLConnection c = url.openConnection();
                if (c instanceof JarURLConnection jar) {
                    jar.setUseCaches(false);
                    String name = symbolicName(readManifest(c));
                    if (name != null) {
                        found.putIfAbsent(name, Path.of(jar.getJarFileURL().toURI()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Path> jars = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : SYMBOLIC_NAMES) {
            Path p = found.get(name);
            if (p == null) {
                missing.add(name);
            } else {
                jars.add(p);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the runtime bundles " + missing + " are not on the test class path; add the test"
                    + " dependency org.nexcage:nexcage.plugintest (it brings them) to the plugin's pom");
        }
        return jars;
    }

    private static Manifest readManifest(URLConnection c) throws IOException {
        try (InputStream in = c.getInputStream()) {
            return new Manifest(in);
        }
    }

    /** The manifest's Bundle-SymbolicName without its directives, or null when it is no bundle. */
    static String symbolicName(Manifest m) {
        String bsn = m.getMainAttributes().getValue("Bundle-SymbolicName");
        if (bsn == null) {
            return null;
        }
        int semi = bsn.indexOf(';');
        return (semi < 0 ? bsn : bsn.substring(0, semi)).trim();
    }
}
