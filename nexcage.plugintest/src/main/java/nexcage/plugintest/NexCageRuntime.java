package nexcage.plugintest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * NexCage's runtime (its core and the bundles {@code nexcage daemon} runs) in a real Felix
 * framework inside the test's JVM, with a home, a state directory and a control socket of its own.
 * A test installs its plugin, then drives it as a user would ({@link #run}), fires hooks at its
 * handlers ({@link #fireHook}) and reads its state and health. Close it to stop the framework.
 *
 * <p>Not thread-safe: one test at a time per runtime.
 */
public final class NexCageRuntime implements AutoCloseable {
    /** How long a plugin may take from {@code plugin install} to active. */
    public static final Duration START_WAIT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path work;
    private final Path socketDir;
    private final Framework framework;
    private final ControlClient client;
    private final HookFiring hooks;

    private NexCageRuntime(Path work, Path socketDir, Framework framework) {
        this.work = work;
        this.socketDir = socketDir;
        this.framework = framework;
        this.client = new ControlClient(socketDir.resolve("nexcage.sock"));
        this.hooks = new HookFiring(framework.getBundleContext());
    }

    /** Starts the runtime in a fresh folder under {@code target/nexcage-test/} of the working directory. */
    public static NexCageRuntime start() throws IOException, BundleException {
        Path parent = Files.createDirectories(Paths.get("target", "nexcage-test"));
        return start(Files.createTempDirectory(parent.toAbsolutePath(), "run-"));
    }

    /**
     * Starts the runtime with {@code work/home} as NEXCAGE_HOME and {@code work/state} as
     * NEXCAGE_STATE, and returns once it answers commands.
     */
    public static NexCageRuntime start(Path work) throws IOException, BundleException {
        Files.createDirectories(work.resolve("home").resolve("plugins"));
        // a Unix socket path must stay short (about 107 bytes): not under the project's target/
        Path socketDir = Files.createTempDirectory(Paths.get("/tmp"), "nexcage-test-");
        Framework fw = FrameworkRunner.start(RuntimeBundles.onClassPath(NexCageRuntime.class.getClassLoader()),
                FrameworkRunner.properties(work.toAbsolutePath(), socketDir.resolve("nexcage.sock")));
        NexCageRuntime runtime = new NexCageRuntime(work.toAbsolutePath(), socketDir, fw);
        try {
            runtime.awaitSocket(START_WAIT);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    /** NEXCAGE_HOME: config.yaml and {@code plugins/}. */
    public Path home() {
        return work.resolve("home");
    }

    /** NEXCAGE_STATE: logs (the daemon's in {@code logs/nexcage.log}, each plugin's in {@code logs/plugins/}). */
    public Path state() {
        return work.resolve("state");
    }

    /**
     * Runs one command as {@code nexcage ARGV...} would, e.g. {@code run("hello", "World")} or
     * {@code run("plugin", "info", "hello", "--json")}.
     */
    public CommandResult run(String... argv) {
        return client.run(work, List.of(argv));
    }

    /**
     * Runs the command again until {@code done} accepts its answer, for effects NexCage applies on
     * its own threads (a new configuration, an integration connecting); returns that answer.
     *
     * @throws AssertionError after {@link #START_WAIT} with the last answer
     */
    public CommandResult runUntil(Predicate<CommandResult> done, String... argv) {
        String what = "nexcage " + String.join(" ", argv) + " to answer as expected";
        try {
            return waiting(what, START_WAIT).until(() -> run(argv), done);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /**
     * Packs the project's compiled plugin ({@code target/classes} with bnd's manifest) and installs
     * it; returns its name once it is active.
     */
    public String installBuiltPlugin() throws IOException {
        return install(PluginFiles.fromClasses(Paths.get("target", "classes"), work.resolve("files")));
    }

    /**
     * {@code nexcage plugin install FILE}, then waits until the plugin is active; returns its name.
     *
     * @throws AssertionError when the install fails or the plugin does not become active, with why
     */
    public String install(Path pluginFile) throws IOException {
        String name = PluginFiles.pluginName(pluginFile);
        CommandResult r = run("plugin", "install", pluginFile.toAbsolutePath().toString());
        if (!r.ok()) {
            throw new AssertionError("nexcage plugin install " + pluginFile + " failed: " + r);
        }
        awaitState(name, "active", START_WAIT);
        return name;
    }

    /**
     * Writes {@code yaml} as config.yaml (e.g. {@code plugins: {hello: {config: {greeting: Hi}}}})
     * and applies it with {@code nexcage config reload}; returns that command's answer. Plugins get
     * their new configuration on NexCage's own threads a moment later: wait for its effect with
     * {@link #runUntil}.
     */
    public CommandResult configure(String yaml) throws IOException {
        Files.writeString(home().resolve("config.yaml"), yaml);
        return run("config", "reload");
    }

    /** The plugin's state in {@code plugin list} ({@code active}, {@code failed}, ...), or null when there is no such plugin. */
    public String state(String plugin) {
        JsonNode p = pluginRow(plugin);
        return p == null ? null : p.path("state").asText();
    }

    /** The plugin's health as {@code plugin health NAME} reports it: healthy, degraded, unhealthy or unknown. */
    public String health(String plugin) {
        CommandResult r = run("plugin", "health", plugin, "--json");
        if (!r.ok()) {
            throw new AssertionError("nexcage plugin health " + plugin + " failed: " + r);
        }
        for (JsonNode n : readJson(r.out())) {
            if (plugin.equals(n.path("name").asText())) {
                return n.path("health").asText();
            }
        }
        throw new AssertionError("nexcage plugin health " + plugin + " did not name it: " + r);
    }

    /**
     * Fires {@code hook} as the core does, with {@code metadata}, at every handler registered for it
     * (the plugin's among them), and returns the outcome.
     */
    public HookOutcome fireHook(String hook, Map<String, String> metadata) {
        return hooks.fire(hook, metadata);
    }

    /** Waits until the plugin reaches {@code state}; fails with its last row of {@code plugin list} otherwise. */
    public void awaitState(String plugin, String state, Duration timeout) {
        try {
            waiting("plugin " + plugin + " to be " + state, timeout).until(() -> pluginRow(plugin),
                    row -> row != null && state.equals(row.path("state").asText()));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + " Its log: " + state().resolve("logs/plugins/" + plugin + ".log"), e);
        }
    }

    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(TimeUnit.SECONDS.toMillis(30));
        } catch (BundleException e) {
            throw new IllegalStateException("the framework did not stop: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(socketDir.resolve("nexcage.sock"));
                Files.deleteIfExists(socketDir);
            } catch (IOException ignored) {
                // a socket folder left in /tmp costs nothing; the test's outcome matters more
            }
        }
    }

    private JsonNode pluginRow(String plugin) {
        for (JsonNode n : pluginList()) {
            if (plugin.equals(n.path("name").asText())) {
                return n;
            }
        }
        return null;
    }

    private JsonNode pluginList() {
        CommandResult r = run("plugin", "list", "--json");
        if (!r.ok()) {
            throw new AssertionError("nexcage plugin list failed: " + r);
        }
        return readJson(r.out());
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    private void awaitSocket(Duration timeout) {
        try {
            waiting("NexCage's runtime to answer on its control socket", timeout).ignoreException(UncheckedIOException.class)
                    .until(() -> Files.exists(socketDir.resolve("nexcage.sock")) && run("version").ok());
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(e.getMessage() + " See " + state().resolve("logs/nexcage.log"), e);
        }
    }

    /** A bounded wait, polling: the runtime's answers are what the tests synchronise on. */
    private static ConditionFactory waiting(String what, Duration timeout) {
        return Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50));
    }
}
