package nexcage.core.internal.plugins;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.api.PluginDependency;
import nexcage.api.PluginMetadata;
import nexcage.core.internal.daemon.Daemon;

/**
 * {@code plugin test NAME|FILE}: runs the plugin in a separate, throw-away JVM and framework
 * (never the live one), so a plugin that hangs or crashes in init harms nothing; reports the
 * steps that framework prints ({@link PluginTestRun}).
 */
@Component(service = PluginTester.class)
public class PluginTester {
    private final Daemon daemon;
    private final PluginDeployer deployer;
    private final PluginOperations operations;

    @Activate
    public PluginTester(@Reference Daemon daemon, @Reference PluginDeployer deployer, @Reference PluginOperations operations) {
        this.daemon = daemon;
        this.deployer = deployer;
        this.operations = operations;
    }

    public Outcome test(String target, Path cwd) throws IOException, InterruptedException {
        Outcome o = new Outcome();
        Map<String, Path> sources = operations.sources();
        Path file = cwd.resolve(target).normalize();
        if (!Files.isRegularFile(file)) {
            file = sources.get(target);
            if (file == null) {
                return o.fail(2, "nexcage: '" + target + "' is neither a file nor an installed plugin; give a plugin file or a name from 'nexcage plugin list'");
            }
        }
        PluginFileChecker.Checked c = deployer.checker().check(file);
        if (!c.ok()) {
            c.problems().forEach(p -> o.fail(1, "nexcage: " + c.fileName() + ": " + p));
            return o;
        }
        String jar = daemon.runtimeJar();
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            return o.fail(1, "nexcage: plugin test needs the runtime jar, which this daemon does not know; start the daemon with 'nexcage daemon'");
        }
        PluginMetadata m = c.metadata();
        Path dir = Files.createTempDirectory(Files.createDirectories(daemon.paths().state().resolve("tests")), m.name() + "-");
        try {
            Path plugins = Files.createDirectories(dir.resolve("home/plugins"));
            Files.copy(file, plugins.resolve(file.getFileName()));
            for (Path dep : dependencyFiles(m, sources)) {
                Files.copy(dep, plugins.resolve(dep.getFileName()));
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dnexcage.home=" + dir.resolve("home"), "-Dnexcage.state=" + dir.resolve("state"),
                    "-Dorg.osgi.framework.storage=" + dir.resolve("state/framework"), "-Dnexcage.test.plugin=" + m.name(),
                    "-Dnexcage.log.level=warn", "-jar", jar));
            Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("framework.log").toFile()).start();
            o.say("testing plugin " + m.name() + " " + m.version() + " from " + c.fileName() + " in a separate framework");
            boolean passed = false;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.matches("(install|start|init|health_check|stop|deinit|error): .*")) {
                        o.say("  " + line);
                    } else if (line.equals("result: passed")) {
                        passed = true;
                    }
                }
            }
            long limit = 3L * m.resources().timeoutSeconds() + 30;
            if (!p.waitFor(limit, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return o.fail(1, "nexcage: the test framework of " + m.name() + " did not finish within " + limit + " s");
            }
            return passed ? o.say("plugin " + m.name() + ": test passed")
                    : o.fail(1, "nexcage: plugin " + m.name() + ": test failed (see the steps above)");
        } finally {
            deleteTree(dir);
        }
    }

    /** The files of the installed plugins this one needs, transitively. */
    private static List<Path> dependencyFiles(PluginMetadata m, Map<String, Path> sources) {
        List<Path> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<PluginDependency> todo = new ArrayDeque<>(m.dependencies());
        while (!todo.isEmpty()) {
            PluginDependency d = todo.pop();
            Path f = sources.get(d.name());
            if (f == null || !seen.add(d.name())) {
                continue;
            }
            out.add(f);
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(f.toFile(), false)) {
                String deps = jar.getManifest().getMainAttributes().getValue(nexcage.api.PluginHeaders.DEPENDENCIES);
                if (deps != null) {
                    for (var c : org.apache.felix.utils.manifest.Parser.parseHeader(deps)) {
                        todo.add(new PluginDependency(c.getName(), c.getAttribute("version")));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the test framework will report the missing dependency itself
            }
        }
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory under state/tests is harmless
        }
    }
}
