package nexcage.e2e.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;
import nexcage.e2e.sandbox.PluginPlacement;

/**
 * config.yaml edited while the daemon runs, through the real launcher: a change is applied within a
 * second and only where it changed; a broken edit is reported as FILE:LINE:COLUMN by
 * {@code config reload} and in the log while the last good configuration stays in force; and no
 * secret (by key name, from the daemon's environment, in a URL's user-info) is ever printed, by
 * {@code config show [--json]}, {@code plugin info}, an error, or any log. Run with hello in the
 * daemon here, and sandboxed in {@link SandboxedConfigLiveEditTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigLiveEditTest {
    private static final Duration APPLIED = Duration.ofSeconds(1);
    private static final String MASK = "********";

    // every secret is unique to this run, so finding one anywhere is a leak
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String API_KEY = "sk-live-apikey-" + RUN;
    private static final String URL_PASSWORD = "urlpw-" + RUN;
    private static final String VAULT_PASSWORD = "vaultpw-" + RUN;
    private static final String ENV_MOTD = "envmotd-" + RUN;
    private static final String ENV_TOKEN = "envtoken-" + RUN;
    private static final String ENV_REPEAT = "envrepeat-" + RUN;
    private static final List<String> SECRETS = List.of(API_KEY, URL_PASSWORD, VAULT_PASSWORD, ENV_MOTD, ENV_TOKEN, ENV_REPEAT);

    private Nexcage nx;
    private String greeting = "Hi";
    private String region = "eu-west-1";

    /** Where hello runs in this run of the cases. */
    PluginPlacement placement() {
        return PluginPlacement.IN_DAEMON;
    }

    /**
     * The file; each line's number is fixed, the tests point at them. Sandboxed, hello's section
     * starts with its sandbox line after line 5, and {@link #where} moves the numbers after it.
     */
    String config(String greeting, String repeat, String region) {
        String file = String.join("\n",
                "# NexCage end-to-end test configuration",          // 1
                "runtime:",                                          // 2
                "  max_plugin_size_mb: 50",                          // 3
                "plugins:",                                          // 4
                "  hello:",                                          // 5
                "    config:",                                       // 6
                "      greeting: \"" + greeting + "\"",              // 7
                "      repeat: " + repeat,                           // 8
                "      names: [Ada, Grace]",                         // 9
                "      api_key: \"" + API_KEY + "\"",                // 10
                "      endpoint: \"https://svc:" + URL_PASSWORD + "@api.example.com/v1\"", // 11
                "      motd: \"${NX_E2E_MOTD}\"",                    // 12
                "  vault:",                                          // 13
                "    config:",                                       // 14
                "      password: \"" + VAULT_PASSWORD + "\"",        // 15
                "      token: ${NX_E2E_TOKEN}",                      // 16
                "      region: " + region,                           // 17
                "");
        return file.replace("\n  hello:\n", "\n  hello:\n" + placement().sandboxLine());
    }

    /** A line's number in {@link #config}'s comments as it is in this placement's file. */
    private int line(int inDaemon) {
        return placement().sandboxed() && inDaemon > 5 ? inDaemon + 1 : inDaemon;
    }

    String good() {
        return config(greeting, "2", region);
    }

    @BeforeAll
    void start() throws Exception {
        placement().requireHost();
        nx = Nexcage.withHello("nxcfg").daemonEnv("NX_E2E_MOTD", ENV_MOTD).daemonEnv("NX_E2E_TOKEN", ENV_TOKEN)
                .daemonEnv("NX_E2E_REPEAT", ENV_REPEAT);
        nx.writeConfig(good());
        nx.start();
        Nexcage.await("hello to be active", Nexcage.START_WAIT, () -> nx.pluginState("hello"), "active"::equals);
        placement().assertRunsHere(nx, "hello");
    }

    @AfterAll
    void stop() throws Exception {
        if (nx != null) {
            nx.stopAndClose();
        }
    }

    private String helloWorld() {
        return nx.run("hello", "World").out();
    }

    private static String twice(String greeting) {
        return greeting + ", World!\n" + greeting + ", World!\n";
    }

    private String where(int line, int column) {
        return nx.configFile() + ":" + line(line) + ":" + column + ": ";
    }

    private int helloReloads() {
        Matcher m = Pattern.compile("\\[hello\\] configuration reloaded: ").matcher(nx.logFileText());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private JsonNode shown() {
        return nx.json("config", "show", "--json");
    }

    /** Writes the file and waits (bounded) until config show has the vault region in it. */
    private void setRegion(String r) {
        region = r;
        nx.writeConfig(good());
        Nexcage.await("region " + r + " in config show", Nexcage.WAIT,
                () -> shown().path("plugins").path("vault").path("config").path("region").asText(), r::equals);
    }

    // ---- typed values at boot

    @Test
    @Order(1)
    void theConfigurationAtBootReachesThePluginTyped() {
        assertThat(helloWorld()).isEqualTo(twice("Hi"));
        assertThat(nx.run("hello").out()).isEqualTo("Hi, Ada!\nHi, Grace!\nHi, Ada!\nHi, Grace!\n");
        JsonNode hello = shown().path("plugins").path("hello");
        assertThat(hello.path("config").path("repeat").isInt()).as(hello.toString()).isTrue();
        assertThat(hello.path("config").path("names").isArray()).as(hello.toString()).isTrue();
        assertThat(hello.path("effective_enabled").asBoolean()).isTrue();
    }

    // ---- live edits

    @Test
    @Order(2)
    void anEditIsAppliedWithinASecond() {
        greeting = "Hey";
        nx.writeConfig(good());
        // the await's bound is the promise: the edit is in force within APPLIED of the write
        Nexcage.await("hello to greet with Hey", APPLIED, this::helloWorld, twice("Hey")::equals);
        assertThat(shown().path("plugins").path("hello").path("config").path("greeting").asText()).isEqualTo("Hey");
        // the watcher logs once every section is delivered, which may be just after hello already greets anew
        Nexcage.await("the watcher to log the applied file", Nexcage.WAIT, nx::logFileText,
                log -> log.contains("[config] applied " + nx.configFile()));
    }

    @Test
    @Order(3)
    void editingAPluginsSectionCallsItsConfigReload() {
        int before = helloReloads();
        greeting = "Hello again";
        nx.writeConfig(good());
        Nexcage.await("hello to greet with Hello again", Nexcage.WAIT, this::helloWorld,
                twice("Hello again")::equals);
        Nexcage.await("hello's config_reload to be called", Nexcage.WAIT, this::helloReloads,
                n -> n > before);
    }

    @Test
    @Order(4)
    void reloadingAnUnchangedFileChangesNothing() {
        Nexcage.Result r = nx.run("config", "reload");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).contains("configuration reloaded from " + nx.configFile())
                .contains("no plugin configuration changed");
    }

    @Test
    @Order(5)
    void editingAnotherPluginsSectionDoesNotTouchHello() {
        setRegion("us-east-1");
        int before = helloReloads();
        setRegion("ap-south-1");
        // applied one after the other: every call made for the first edit has returned by now
        setRegion("sa-east-1");
        assertThat(helloReloads()).as("hello's config_reload calls while only vault's section changed; log:\n" + nx.logFileText())
                .isEqualTo(before);
        assertThat(helloWorld()).isEqualTo(twice(greeting));
    }

    // ---- broken edits: FILE:LINE:COLUMN, and the last good configuration stays

    /** Writes a broken file; the error must come at LINE:COLUMN with these words, in the log and from config reload. */
    private void assertRefused(String broken, int line, int column, String... words) {
        String at = where(line, column);
        long before = nx.logFileText().lines().filter(l -> l.contains(at)).count();
        nx.writeConfig(broken);
        // the daemon finds it by itself and logs it
        String logged = Nexcage.await("the log to report " + at, Nexcage.WAIT, nx::logFileText,
                l -> l.lines().filter(x -> x.contains(at)).count() > before);
        String logLine = logged.lines().filter(l -> l.contains(at)).reduce((a, b) -> b).orElseThrow();
        assertThat(logLine).contains("ERROR").contains(words).contains("last good configuration");
        // config reload says so and fails
        Nexcage.Result r = nx.run("config", "reload");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains(at).contains(words);
        assertThat(r.err().strip().lines().count()).as("one line: " + r.err()).isEqualTo(1);
        // the last good configuration is in force
        assertThat(helloWorld()).isEqualTo(twice(greeting));
        JsonNode shown = shown();
        assertThat(shown.path("error").asText()).contains(at);
        assertThat(shown.path("plugins").path("hello").path("config").path("greeting").asText()).isEqualTo(greeting);
        assertThat(shown.path("plugins").path("hello").path("config").path("repeat").asInt()).isEqualTo(2);
        Nexcage.Result text = nx.run("config", "show");
        assertThat(text.out()).contains("last edit refused: " + at);
        // and a good file is taken again
        nx.writeConfig(good());
        Nexcage.Result again = nx.run("config", "reload");
        assertThat(again.exit()).as(again.toString()).isZero();
        Nexcage.await("config show to have no error", Nexcage.WAIT, () -> shown().path("error"), JsonNode::isNull);
    }

    @Test
    @Order(10)
    void aYamlSyntaxErrorIsRefusedWithItsPosition() {
        // line 8 "      repeat: 2: 3": a second colon after a plain value, at column 16
        assertRefused(good().replace("      repeat: 2\n", "      repeat: 2: 3\n"), 8, 16, "not valid YAML");
    }

    @Test
    @Order(11)
    void aWrongTypeForHellosRepeatIsRefusedAtTheValue() {
        assertRefused(config(greeting, "many", region), 8, 15, "plugins.hello.config.repeat", "whole number");
        assertRefused(config(greeting, "2.5", region), 8, 15, "plugins.hello.config.repeat");
    }

    @Test
    @Order(12)
    void anUnknownRuntimeKeyIsRefusedAtTheKey() {
        assertRefused(good().replace("  max_plugin_size_mb: 50\n", "  max_plugin_size: 50\n"), 3, 3, "runtime.max_plugin_size");
    }

    @Test
    @Order(13)
    void aRepeatThePluginRefusesIsRefusedWithThePluginsReason() {
        assertRefused(config(greeting, "0", region), 5, 3, "plugin hello refused", "repeat must be from 1 to 10");
        assertRefused(config(greeting, "11", region), 5, 3, "plugin hello refused");
    }

    @Test
    @Order(14)
    void aPluginKeyOtherThanEnabledAndConfigIsRefused() {
        assertRefused(good().replace("  vault:\n    config:\n", "  vault:\n    settings:\n"), 14, 5, "plugins.vault.settings");
    }

    @Test
    @Order(15)
    void anUnsetVariableIsRefusedNamingIt() {
        assertRefused(good().replace("${NX_E2E_MOTD}", "${NX_E2E_NOT_SET}"), 12, 13, "NX_E2E_NOT_SET");
    }

    @Test
    @Order(16)
    void removingAPluginsSectionReturnsItToItsDefaults() {
        List<String> lines = good().lines().toList();
        // lines 5 to 12 are hello's section
        String withoutHello = String.join("\n", lines.subList(0, 4)) + "\n" + String.join("\n", lines.subList(line(12), lines.size()))
                + "\n";
        nx.writeConfig(withoutHello);
        // per mode: sandboxed, the section held hello's sandbox line too, so hello moves into the
        // daemon (a changed plugins.NAME.sandbox installs it again, DESIGN section 5) and back after
        awaitPlacement(PluginPlacement.IN_DAEMON);
        Nexcage.await("hello to greet with its defaults", Nexcage.WAIT, this::helloWorld,
                "Hello, World!\n"::equals);
        assertThat(nx.run("hello").out()).isEqualTo("Hello, World!\n");
        assertThat(shown().path("plugins").has("hello")).isFalse();
        assertThat(nx.json("plugin", "info", "hello", "--json").path("config").size()).isZero();
        nx.writeConfig(good());
        awaitPlacement(placement());
        Nexcage.await("hello to greet with " + greeting + " again", Nexcage.WAIT, this::helloWorld,
                twice(greeting)::equals);
    }

    /** Waits until hello is active where this placement puts it. */
    private void awaitPlacement(PluginPlacement where) {
        Nexcage.await("hello to be active with sandbox " + where.sandbox, Nexcage.START_WAIT, () -> Nexcage.plugin(nx.list(), "hello")
                .map(p -> p.path("sandbox").asText() + " " + p.path("state").asText()).orElse(""), (where.sandbox + " active")::equals);
    }

    // ---- secrets

    private void assertNoSecret(String what, String text) {
        for (String s : SECRETS) {
            assertThat(text).as(what + " shows a secret").doesNotContain(s);
        }
    }

    @Test
    @Order(20)
    void configShowMasksEverySecret() {
        Nexcage.Result text = nx.run("config", "show");
        assertThat(text.exit()).as(text.toString()).isZero();
        assertNoSecret("config show", text.out() + text.err());
        assertThat(text.out()).contains("# " + nx.configFile()).contains("greeting: " + greeting).contains("repeat: 2")
                .contains("region: " + region).contains("api_key: " + MASK).contains("password: " + MASK)
                .contains("endpoint: https://" + MASK + "@api.example.com/v1");

        Nexcage.Result json = nx.run("config", "show", "--json");
        assertThat(json.exit()).as(json.toString()).isZero();
        assertNoSecret("config show --json", json.out() + json.err());
        JsonNode j = shown();
        assertThat(j.path("file").asText()).isEqualTo(nx.configFile().toString());
        assertThat(j.path("exists").asBoolean()).isTrue();
        JsonNode hello = j.path("plugins").path("hello").path("config");
        assertThat(hello.path("api_key").asText()).isEqualTo(MASK);
        assertThat(hello.path("motd").asText()).as("a value from ${...}").isEqualTo(MASK);
        assertThat(hello.path("endpoint").asText()).isEqualTo("https://" + MASK + "@api.example.com/v1");
        assertThat(hello.path("greeting").asText()).isEqualTo(greeting);
        JsonNode vault = j.path("plugins").path("vault").path("config");
        assertThat(vault.path("password").asText()).isEqualTo(MASK);
        assertThat(vault.path("token").asText()).isEqualTo(MASK);
        assertThat(vault.path("region").asText()).isEqualTo(region);
        assertThat(j.path("runtime").path("max_plugin_size_mb").asInt()).isEqualTo(50);
    }

    @Test
    @Order(21)
    void pluginInfoShowsTheMaskedConfiguration() {
        Nexcage.Result text = nx.run("plugin", "info", "hello");
        assertThat(text.exit()).as(text.toString()).isZero();
        assertNoSecret("plugin info hello", text.out() + text.err());
        assertThat(text.out()).contains("greeting=" + greeting).contains("api_key=" + MASK);

        Nexcage.Result json = nx.run("plugin", "info", "hello", "--json");
        assertThat(json.exit()).as(json.toString()).isZero();
        assertNoSecret("plugin info hello --json", json.out() + json.err());
        JsonNode config = nx.json("plugin", "info", "hello", "--json").path("config");
        assertThat(config.path("greeting").asText()).isEqualTo(greeting);
        assertThat(config.path("repeat").asInt()).isEqualTo(2);
        assertThat(config.path("names").isArray()).isTrue();
        assertThat(config.path("api_key").asText()).isEqualTo(MASK);
        assertThat(config.path("motd").asText()).isEqualTo(MASK);
        assertThat(config.path("endpoint").asText()).isEqualTo("https://" + MASK + "@api.example.com/v1");
    }

    @Test
    @Order(22)
    void aBrokenLineHoldingASecretIsReportedWithoutIt() {
        // an unterminated quoted secret
        nx.writeConfig(good().replace("      api_key: \"" + API_KEY + "\"\n", "      api_key: \"" + API_KEY + "\n"));
        Nexcage.Result r = nx.run("config", "reload");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains(nx.configFile() + ":");
        assertNoSecret("config reload", r.out() + r.err());
        nx.writeConfig(good());
        assertThat(nx.run("config", "reload").exit()).isZero();
    }

    @Test
    @Order(23)
    void aWrongTypeFromTheEnvironmentIsReportedWithoutTheValue() {
        nx.writeConfig(config(greeting, "\"${NX_E2E_REPEAT}\"", region));
        Nexcage.Result r = nx.run("config", "reload");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains(where(8, 15)).contains("plugins.hello.config.repeat");
        try {
            assertNoSecret("config reload", r.out() + r.err());
            Nexcage.Result show = nx.run("config", "show");
            assertNoSecret("config show after the refused edit", show.out() + show.err());
        } finally {
            nx.writeConfig(good());
            assertThat(nx.run("config", "reload").exit()).isZero();
        }
    }

    @Test
    @Order(24)
    void everyAppliedEditIsLoggedTheRuntimeOnesAndTheOneAfterARefusal() {
        String applied = "[config] applied " + nx.configFile();
        java.util.function.Predicate<String> runtimeApplied = l -> l.contains(applied) && l.contains("runtime settings changed");
        long before = nx.logFileText().lines().filter(runtimeApplied).count();
        nx.writeConfig(good().replace("max_plugin_size_mb: 50", "max_plugin_size_mb: 60"));
        Nexcage.await("a runtime-only edit to be logged", Nexcage.WAIT, nx::logFileText,
                l -> l.lines().filter(runtimeApplied).count() > before);
        // refused, then the same good file again: the log must not end on the refusal
        nx.writeConfig(good().replace("max_plugin_size_mb: 50", "max_plugin_size_mb: many"));
        Nexcage.await("the refusal to be logged", Nexcage.WAIT, () -> shown().path("error"), e -> !e.isNull());
        nx.writeConfig(good().replace("max_plugin_size_mb: 50", "max_plugin_size_mb: 60"));
        Nexcage.await("the good file after a refusal to be logged", Nexcage.WAIT, nx::logFileText,
                l -> l.lines().filter(x -> x.contains(applied)).reduce((x, y) -> y).orElse("")
                        .endsWith("; it replaces the refused edit reported before"));
        // config show writes the routing rules as config.yaml has them
        nx.writeConfig(good().replace("  max_plugin_size_mb: 50\n", "  max_plugin_size_mb: 50\n  routing:\n    - pattern: \"/db-\\\\d+/\"\n"
                + "      backend: docker\n"));
        assertThat(nx.run("config", "reload").exit()).isZero();
        assertThat(nx.run("config", "show").out()).contains("  routing:\n    - pattern: \"/db-\\\\d+/\"\n      backend: docker\n");
        nx.writeConfig(good());
        assertThat(nx.run("config", "reload").exit()).isZero();
    }

    @Test
    @Order(99)
    void noSecretWasEverLogged() throws Exception {
        // everything above ran with these secrets in the file and the environment
        Map<Path, String> logged = nx.everythingLogged();
        assertThat(logged).as("the daemon wrote no log").isNotEmpty();
        assertThat(logged.keySet()).contains(nx.logFile());
        for (Map.Entry<Path, String> e : logged.entrySet()) {
            for (String s : SECRETS) {
                assertThat(e.getValue()).as("a secret in " + e.getKey()).doesNotContain(s);
            }
        }
        if (placement().sandboxed()) {
            // per mode: the child holds hello's configuration in memory only (DESIGN section 5), so no
            // file the sandbox or the child wrote (its cache, archive, temp and data directories) has a secret
            for (Path f : filesUnder(nx.state.resolve("sandbox"), nx.state.resolve("data"))) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : SECRETS) {
                    assertThat(bytes).as("a secret in " + f).doesNotContain(s);
                }
            }
        }
    }

    private static List<Path> filesUnder(Path... dirs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path d : dirs) {
            if (Files.isDirectory(d)) {
                try (var walk = Files.walk(d)) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        assertThat(files).as("the sandbox's files").isNotEmpty();
        return files;
    }
}
