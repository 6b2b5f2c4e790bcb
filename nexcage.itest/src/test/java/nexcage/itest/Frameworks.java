package nexcage.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

/**
 * The framework of RuntimeIT for the other test classes: the runtime's real bundles at their start
 * levels, and nexcage.home, nexcage.state and the control socket in a directory of their own.
 * Runs outside the framework (from {@code @Configuration} methods).
 */
final class Frameworks {

    private Frameworks() {
    }

    /** An empty work directory beside RuntimeIT's ({@code target/NAME}), with {@code home/plugins} in it. */
    static Path freshWork(String name) throws IOException {
        Path work = Paths.get(RuntimeIT.property("itest.work")).toAbsolutePath().resolveSibling(name);
        deleteTree(work);
        Files.createDirectories(work.resolve("home").resolve("plugins"));
        return work;
    }

    /** The test kit bundle (PluginJar, for plugin files made inside the framework). */
    static String testkitUri() {
        Path file = Paths.get(RuntimeIT.property("itest.testkit.bundle")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " does not exist; build the reactor first (mvn -DskipTests install)");
        }
        return file.toUri().toString();
    }

    /** The options that start the runtime with {@code WORK/home} as nexcage.home and {@code WORK/state} as nexcage.state. */
    static List<Option> runtime(Path work) throws IOException {
        // a Unix socket path must stay short (the kernel allows 107 bytes): not under target/
        Path socketDir = Files.createTempDirectory(Paths.get("/tmp"), "nexcage-it-");
        socketDir.toFile().deleteOnExit();
        List<Option> options = new ArrayList<>();
        for (String uri : RuntimeIT.runtimeBundleUris()) {
            options.add(bundle(uri).startLevel(RuntimeIT.RUNTIME_START_LEVEL));
        }
        options.addAll(RuntimeIT.httpProperties());
        options.add(bundle(testkitUri()));
        options.add(frameworkStartLevel(RuntimeIT.FRAMEWORK_START_LEVEL));
        options.add(frameworkProperty("felix.startlevel.bundle").value(String.valueOf(RuntimeIT.RUNTIME_START_LEVEL)));
        options.add(RuntimeIT.testBundles());
        options.add(systemPackage("jdk.net"));
        // the accounting's allocation counter, as runtime.bndrun's -runsystempackages
        options.add(systemPackage("com.sun.management"));
        // the metrics bundle's HTTP listener (the JDK's server), likewise
        options.add(systemPackage("com.sun.net.httpserver"));
        options.add(frameworkProperty("nexcage.home").value(work.resolve("home").toString()));
        options.add(frameworkProperty("nexcage.state").value(work.resolve("state").toString()));
        options.add(frameworkProperty("nexcage.socket").value(socketDir.resolve("nexcage.sock").toString()));
        // as runtime.bndrun's -runproperties
        options.add(frameworkProperty("felix.cm.pm").value("memory"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(frameworkProperty("felix.log.level").value("1"));
        options.add(frameworkProperty("ds.loglevel").value("warn"));
        return options;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
