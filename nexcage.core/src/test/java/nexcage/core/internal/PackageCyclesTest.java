package nexcage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import aQute.bnd.osgi.Analyzer;
import aQute.bnd.osgi.Descriptors.PackageRef;
import aQute.bnd.osgi.Jar;

/**
 * No package of the core may use a package that uses it back, directly or through others: read
 * from the compiled classes with bnd's analyzer, so names written in full count as much as imports.
 */
class PackageCyclesTest {

    private static final String CORE = "nexcage.core.internal";

    @Test
    void theCorePackagesFormNoCycle() throws Exception {
        Map<String, Set<String>> uses = corePackageUses();
        assertThat(uses).as("packages of %s found in target/classes", CORE).hasSizeGreaterThan(3);
        List<String> cycles = new ArrayList<>();
        for (String from : uses.keySet()) {
            for (String to : uses.get(from)) {
                if (from.compareTo(to) < 0 && reaches(uses, to, from, new TreeSet<>())) {
                    cycles.add(from + " <-> " + to);
                }
            }
        }
        assertThat(cycles).as("package cycles (each pair uses the other, directly or through others)").isEmpty();
    }

    private static Map<String, Set<String>> corePackageUses() throws Exception {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Analyzer analyzer = new Analyzer(); Jar classes = new Jar(new File("target/classes"))) {
            analyzer.setJar(classes);
            analyzer.analyze();
            for (Map.Entry<PackageRef, List<PackageRef>> e : analyzer.getUses().entrySet()) {
                String from = e.getKey().getFQN();
                if (!from.startsWith(CORE + ".")) {
                    continue;
                }
                Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
                e.getValue().stream().map(PackageRef::getFQN).filter(p -> p.startsWith(CORE + ".") && !p.equals(from)).forEach(to::add);
            }
        }
        return uses;
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        if (from.equals(target)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (reaches(uses, next, target, seen)) {
                return true;
            }
        }
        return false;
    }
}
