package nexcage.security.internal.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import aQute.bnd.header.OSGiHeader;
import aQute.bnd.osgi.Analyzer;
import aQute.bnd.osgi.Clazz;
import aQute.bnd.osgi.EmbeddedResource;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.osgi.Resource;
import nexcage.security.admin.AuditFinding;
import nexcage.security.admin.AuditReport;
import nexcage.security.admin.AuditSeverity;

/**
 * The audit of one plugin file, free of OSGi: bnd opens the file, the constant pool of every class
 * (of the bundle and of the jars on its {@code Bundle-ClassPath}) is scanned, bnd's class parser
 * walks the classes whose pool names something of the table, and the manifest rules check the
 * headers. The inflated classes stay in bnd's resources until the file is closed: about twice the
 * file's size (15 MB for the Docker backend), for as long as one audit runs.
 */
public final class PluginFileAuditor implements FileAuditor {

    /** Orders findings: manifest ones (no class) first, then by class, method (class-wide first) and rule. */
    static final Comparator<AuditFinding> ORDER = Comparator
            .comparing(AuditFinding::className, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(AuditFinding::method, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(AuditFinding::rule);

    private final RuleTable rules;

    public PluginFileAuditor() {
        this(AuditRules.TABLE);
    }

    PluginFileAuditor(List<AuditRule> table) {
        this.rules = new RuleTable(table);
    }

    @Override
    public AuditReport audit(Path file, String sha256) throws IOException {
        try (Jar jar = new Jar(file.toFile()); Analyzer analyzer = new Analyzer()) {
            Manifest manifest = jar.getManifest();
            Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
            CodeCollector code = new CodeCollector(rules, declaredCapabilities(main));
            List<AuditFinding> findings = new ArrayList<>(ManifestRules.check(main));
            parseClasses(jar, analyzer, code, findings);
            for (String inner : bundleClassPath(main)) {
                Resource r = jar.getResource(inner);
                if (r != null) {
                    try (Jar nested = new Jar(inner, r.openInputStream())) {
                        parseClasses(nested, analyzer, code, findings);
                    }
                }
            }
            findings.addAll(code.findings());
            findings.sort(ORDER);
            return new AuditReport(pluginName(main, file), main.getValue("Bundle-Version"), sha256, findings);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(file + " cannot be read as a plugin file: " + e.getMessage(), e);
        }
    }

    /**
     * Runs bnd's class parser once over one of this bundle's own classes (one the table flags), so
     * that the first real audit does not pay for loading and first running it: about 0.4 s of the
     * Docker backend's first audit on two cores. Best effort: a failure only loses that time.
     */
    public void warmUp() {
        String path = AuditCache.class.getName().replace('.', '/') + ".class";
        try (Jar jar = new Jar("warm-up"); Analyzer analyzer = new Analyzer();
                InputStream in = AuditCache.class.getClassLoader().getResourceAsStream(path)) {
            if (in != null) {
                jar.putResource(path, new EmbeddedResource(in.readAllBytes(), 0L));
                parseClasses(jar, analyzer, new CodeCollector(rules, Set.of()), new ArrayList<>());
            }
        } catch (Exception | LinkageError e) {
            // nothing is lost but time: the first audit loads what it needs
        }
    }

    /** A class whose constant pool names something of the table, or that could not be read. */
    private record Suspect(String path, Resource resource, List<PoolScan.Hit> hits, Exception error) {
    }

    /**
     * Scans every class's constant pool (in parallel, on the common pool: the scans are independent
     * and most of the time), then parses only the classes that name something of the table, one
     * after the other through one collector.
     */
    private void parseClasses(Jar jar, Analyzer analyzer, CodeCollector code, List<AuditFinding> findings) {
        List<Suspect> suspects = jar.getResources().entrySet().parallelStream()
                .filter(e -> e.getKey().endsWith(".class"))
                .map(e -> scan(e.getKey(), e.getValue()))
                .filter(s -> s != null)
                .toList();
        for (Suspect s : suspects) {
            Exception error = s.error();
            if (error == null) {
                try {
                    code.expect(s.hits());
                    new Clazz(analyzer, s.path(), s.resource()).parseClassFileWithCollector(code);
                } catch (Exception ex) {
                    error = ex;
                }
            }
            if (error != null) {
                // the JVM would refuse such a class too, but an unread class is an unchecked one
                String path = s.path();
                findings.add(new AuditFinding("unreadable_class", null, AuditSeverity.MEDIUM,
                        path.substring(0, path.length() - ".class".length()).replace('/', '.'), null,
                        path + " is not a class file the audit can read (" + error.getMessage()
                                + "); rebuild the plugin"));
            }
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.limit() == buffer.array().length) {
            return buffer.array();
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    private Suspect scan(String path, Resource resource) {
        try {
            List<PoolScan.Hit> hits = PoolScan.scan(bytes(resource.buffer()), rules);
            return hits.isEmpty() ? null : new Suspect(path, resource, hits, null);
        } catch (Exception e) {
            return new Suspect(path, resource, List.of(), e);
        }
    }

    static Set<String> declaredCapabilities(Attributes main) {
        Set<String> declared = new LinkedHashSet<>();
        String header = main.getValue("NexCage-Capabilities");
        if (header != null) {
            for (String id : header.split(",")) {
                if (!id.isBlank()) {
                    declared.add(id.trim());
                }
            }
        }
        return declared;
    }

    private static List<String> bundleClassPath(Attributes main) {
        String header = main.getValue("Bundle-ClassPath");
        if (header == null) {
            return List.of();
        }
        return OSGiHeader.parseHeader(header).keySet().stream()
                .map(Processor::removeDuplicateMarker)
                .filter(p -> !p.equals(".") && p.endsWith(".jar"))
                .toList();
    }

    private static String pluginName(Attributes main, Path file) {
        String name = main.getValue("NexCage-Plugin-Name");
        if (name == null) {
            String bsn = main.getValue("Bundle-SymbolicName");
            name = bsn == null ? file.getFileName().toString() : bsn.split(";", 2)[0].trim();
        }
        return name;
    }
}
