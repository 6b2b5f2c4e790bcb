package nexcage.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema of config.yaml (DESIGN §7): what is accepted, and where each mistake is reported. */
class ConfigDocumentTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private ConfigDocument parse(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), yaml);
        return ConfigDocument.of(file, new YamlReader(file, env::get).read());
    }

    /** The error for this file; it must be at LINE:COLUMN and its message must be FILE:LINE:COLUMN: reason. */
    private ConfigException error(String yaml, int line, int column) throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), yaml);
        ConfigException e = catchThrowableOfType(() -> ConfigDocument.of(file, new YamlReader(file, env::get).read()),
                ConfigException.class);
        assertThat(e).as("the file should be refused:\n" + yaml).isNotNull();
        assertThat(new int[] {e.line(), e.column()}).as(e.getMessage()).containsExactly(line, column);
        assertThat(e.getMessage()).isEqualTo(file + ":" + line + ":" + column + ": " + e.reason());
        return e;
    }

    // ---- what is accepted

    @Test
    void readingGivesDefaultsForNoFileAndAConfigExceptionForAnythingElseThatGoesWrong() throws Exception {
        Path file = dir.resolve("config.yaml");
        assertThat(ConfigDocument.read(file, env::get).exists()).isFalse();

        Files.createDirectory(file);
        ConfigException e = catchThrowableOfType(() -> ConfigDocument.read(file, env::get), ConfigException.class);
        assertThat(e.getMessage()).startsWith(file + ":1:1: cannot be read");
        Files.delete(file);

        Files.writeString(file, "plugins:\n  hello:\n    config:\n      x: " + "[".repeat(10_000) + "\n");
        e = catchThrowableOfType(() -> ConfigDocument.read(file, env::get), ConfigException.class);
        assertThat(new int[] {e.line(), e.column()}).as(e.getMessage()).containsExactly(4, 38);
    }


    @Test
    void noFileMeansDefaults() {
        ConfigDocument d = ConfigDocument.absent(dir.resolve("config.yaml"));
        assertThat(d.exists()).isFalse();
        assertThat(d.runtime()).isEqualTo(RuntimeSettings.DEFAULTS);
        assertThat(d.plugins()).isEmpty();
        assertThat(RuntimeSettings.DEFAULTS.pluginDir()).isNull();
        assertThat(RuntimeSettings.DEFAULTS.requireSignatures()).isFalse();
        assertThat(RuntimeSettings.DEFAULTS.maxPluginSizeMb()).isEqualTo(100);
        assertThat(RuntimeSettings.DEFAULTS.defaultBackend()).isEqualTo("docker");
        assertThat(RuntimeSettings.DEFAULTS.routing()).isEmpty();
    }

    @Test
    void anEmptyFileMeansDefaults() throws Exception {
        for (String yaml : List.of("", "# all defaults\n", "runtime:\nplugins:\n")) {
            ConfigDocument d = parse(yaml);
            assertThat(d.exists()).isTrue();
            assertThat(d.runtime()).isEqualTo(RuntimeSettings.DEFAULTS);
            assertThat(d.plugins()).isEmpty();
        }
    }

    /** Issue 21, defect 5: every runtime value that came from ${...}, routing rules included, is never shown. */
    @Test
    void runtimeValuesFromTheEnvironmentAreKnownByTheirPathAndNeverShown() throws Exception {
        env.put("NX_DIR", "/srv/secret-dir");
        env.put("NX_BACKEND", "secret-backend");
        env.put("NX_PATTERN", "secret-*");
        RuntimeSettings r = parse("""
                runtime:
                  plugin_dir: ${NX_DIR}
                  default_backend: docker
                  routing:
                    - pattern: "db-*"
                      backend: docker
                    - pattern: ${NX_PATTERN}
                      backend: "x-${NX_BACKEND}"
                """).runtime();
        assertThat(r.fromEnv()).containsOnlyKeys("plugin_dir", "routing[1].pattern", "routing[1].backend");
        assertThat(r.routing().get(1)).isEqualTo(new RuntimeSettings.Route("secret-*", "x-secret-backend"));
        assertThat(r.shown("routing[1].backend", "x-secret-backend")).isEqualTo(Secrets.MASK);
        assertThat(r.shown("routing[0].backend", "docker")).isEqualTo("docker");
        assertThat(r.shown("default_backend", "docker")).isEqualTo("docker");
        // in messages, wherever the value occurs
        assertThat(r.masked("there is no backend 'x-secret-backend' (named by the runtime.routing rule for 'secret-*')"))
                .isEqualTo("there is no backend '" + Secrets.MASK + "' (named by the runtime.routing rule for '" + Secrets.MASK + "')");
        assertThat(r.masked("the plugin directory is now /srv/secret-dir/sub (was /home/u/plugins)"))
                .isEqualTo("the plugin directory is now " + Secrets.MASK + "/sub (was /home/u/plugins)");
        assertThat(RuntimeSettings.DEFAULTS.masked("nothing to mask")).isEqualTo("nothing to mask");
    }

    @Test
    void aDefaultBackendFromTheEnvironmentIsMaskedInMessages() throws Exception {
        env.put("NX_DEFAULT", "probe-backend");
        RuntimeSettings r = parse("runtime:\n  default_backend: ${NX_DEFAULT}\n").runtime();
        assertThat(r.shown("default_backend", r.defaultBackend())).isEqualTo(Secrets.MASK);
        assertThat(r.masked("there is no backend '" + r.defaultBackend() + "' (named by runtime.default_backend in config.yaml)"))
                .doesNotContain("probe-backend");
    }

    @Test
    void aBadRoutingPatternFromTheEnvironmentIsReportedWithoutIt() throws Exception {
        env.put("NX_BAD_RE", "/secret-([/");
        ConfigException e = error("runtime:\n  routing:\n    - pattern: ${NX_BAD_RE}\n      backend: docker\n", 3, 16);
        assertThat(e.getMessage()).doesNotContain("secret-").contains(Secrets.MASK);
    }

    @Test
    void theDesignExampleIsAccepted() throws Exception {
        env.put("MY_PLUGIN_API_KEY", "k-123");
        ConfigDocument d = parse(String.join("\n",
                "runtime:",
                "  plugin_dir: /etc/nexcage/plugins   # default: $NEXCAGE_HOME/plugins",
                "  require_signatures: false",
                "  trusted_certs_dir: /etc/nexcage/trusted",
                "  max_plugin_size_mb: 100",
                "  default_backend: docker",
                "  routing:",
                "    - pattern: \"db-*\"",
                "      backend: docker",
                "    - pattern: \"/^web-[0-9]+$/\"",
                "      backend: other",
                "plugins:",
                "  my-plugin:",
                "    enabled: true",
                "    config:",
                "      host: \"api.example.com\"",
                "      port: 8080",
                "      api_key: \"${MY_PLUGIN_API_KEY}\"",
                "  quiet:",
                "    enabled: false",
                "  bare:",
                ""));
        RuntimeSettings r = d.runtime();
        assertThat(r.pluginDir()).isEqualTo(Path.of("/etc/nexcage/plugins"));
        assertThat(r.requireSignatures()).isFalse();
        assertThat(r.trustedCertsDir()).isEqualTo(Path.of("/etc/nexcage/trusted"));
        assertThat(r.maxPluginSizeMb()).isEqualTo(100);
        assertThat(r.defaultBackend()).isEqualTo("docker");
        assertThat(r.routing()).containsExactly(new RuntimeSettings.Route("db-*", "docker"),
                new RuntimeSettings.Route("/^web-[0-9]+$/", "other"));

        assertThat(d.plugins().keySet()).containsExactly("my-plugin", "quiet", "bare");
        ConfigDocument.PluginSection p = d.plugins().get("my-plugin");
        assertThat(p.enabled()).isTrue();
        assertThat(new int[] {p.line(), p.column()}).containsExactly(13, 3);
        assertThat(p.config().keySet()).containsExactly("host", "port", "api_key");
        assertThat(((Node.Scalar) p.config().get("port")).value()).isEqualTo(8080L);
        Node.Scalar key = (Node.Scalar) p.config().get("api_key");
        assertThat(key.value()).isEqualTo("k-123");
        assertThat(key.fromEnv()).isTrue();

        assertThat(d.plugins().get("quiet").enabled()).isFalse();
        assertThat(d.plugins().get("quiet").config()).isEmpty();
        assertThat(d.plugins().get("bare").enabled()).as("no enabled: key").isNull();
        assertThat(d.plugins().get("bare").config()).isEmpty();
    }

    @Test
    void aPluginWithoutEnabledHasNoFlagAndAnEmptyConfigIsEmpty() throws Exception {
        ConfigDocument d = parse("plugins:\n  a:\n    config:\n  b:\n    config: {}\n    enabled: true\n");
        assertThat(d.plugins().get("a").enabled()).isNull();
        assertThat(d.plugins().get("a").config()).isEmpty();
        assertThat(d.plugins().get("b").enabled()).isTrue();
        assertThat(d.plugins().get("b").config()).isEmpty();
    }

    @Test
    void configValuesMayBeScalarsAndListsOfScalars() throws Exception {
        ConfigDocument d = parse("plugins:\n  p:\n    config:\n      s: text\n      n: 3\n      f: 1.5\n      b: true\n"
                + "      l: [a, b]\n      e: []\n      nothing:\n");
        assertThat(d.plugins().get("p").config().keySet()).containsExactly("s", "n", "f", "b", "l", "e", "nothing");
    }

    // ---- mistakes, each with its line and column

    @Test
    void anUnknownSectionIsReportedAtItsKey() throws Exception {
        ConfigException e = error("runtime:\n  default_backend: docker\nplugin:\n  hello:\n    enabled: true\n", 3, 1);
        assertThat(e.reason()).contains("'plugin'").contains("runtime").contains("plugins");
    }

    @Test
    void anUnknownRuntimeKeyIsReportedAtItsKey() throws Exception {
        ConfigException e = error("runtime:\n  plugin_dir: /x\n  max_plugin_size: 3\nplugins: {}\n", 3, 3);
        assertThat(e.reason()).contains("runtime.max_plugin_size").contains("max_plugin_size_mb");
    }

    @Test
    void aPluginKeyOtherThanEnabledAndConfigIsReportedAtItsKey() throws Exception {
        ConfigException e = error("plugins:\n  hello:\n    enabled: true\n    greeting: Hi\n", 4, 5);
        assertThat(e.reason()).contains("plugins.hello.greeting").contains("enabled").contains("config");
    }

    @Test
    void aNestedMapInAPluginConfigIsReportedWhereTheMapBegins() throws Exception {
        ConfigException e = error("plugins:\n  p:\n    config:\n      host: x\n      db:\n        user: u\n        port: 1\n", 6, 9);
        assertThat(e.reason()).contains("plugins.p.config.db").contains("nested map");
        e = error("plugins:\n  p:\n    config:\n      db: {user: u}\n", 4, 11);
        assertThat(e.reason()).contains("plugins.p.config.db");
    }

    @Test
    void aMapOrListInsideAConfigListIsReportedAtTheItem() throws Exception {
        ConfigException e = error("plugins:\n  p:\n    config:\n      items:\n        - a\n        - x: 1\n", 6, 11);
        assertThat(e.reason()).contains("plugins.p.config.items");
        error("plugins:\n  p:\n    config:\n      items: [a, [b, c]]\n", 4, 18);
    }

    @Test
    void aBadPluginNameIsReportedAtItsKey() throws Exception {
        ConfigException e = error("plugins:\n  good:\n    enabled: true\n  \"bad name\":\n    enabled: true\n", 4, 3);
        assertThat(e.reason()).startsWith("plugins.bad name: ");
        error("plugins:\n  -dash:\n    enabled: true\n", 2, 3);
    }

    @Test
    void aBadRoutingRuleIsReportedAtTheRule() throws Exception {
        // a rule without backend
        ConfigException e = error("runtime:\n  routing:\n    - pattern: \"db-*\"\n      backend: docker\n    - pattern: \"web-*\"\n", 5, 7);
        assertThat(e.reason()).contains("pattern").contains("backend");
        // a rule with a key too many
        error("runtime:\n  routing:\n    - pattern: \"db-*\"\n      backend: docker\n      weight: 2\n", 3, 7);
        // a rule that is not a map
        error("runtime:\n  routing:\n    - db-*\n", 3, 7);
        // routing that is not a list
        e = error("runtime:\n  routing:\n    pattern: \"db-*\"\n    backend: docker\n", 3, 5);
        assertThat(e.reason()).contains("runtime.routing").contains("list");
        error("runtime:\n  routing: docker\n", 2, 12);
    }

    @Test
    void anInvalidRegexInARoutingRuleIsReportedAtThePattern() throws Exception {
        ConfigException e = error("runtime:\n  routing:\n    - backend: docker\n      pattern: \"/db-[/\"\n", 4, 16);
        assertThat(e.reason()).contains("/db-[/").contains("regular expression");
    }

    @Test
    void wrongTypesInRuntimeAreReportedAtTheValue() throws Exception {
        error("runtime:\n  require_signatures: \"yes please\"\n", 2, 23);
        error("runtime:\n  require_signatures: 1\n", 2, 23);
        assertThat(parse("runtime:\n  max_plugin_inflated_mb: 64\n  max_plugin_entries: 500\n").runtime())
                .satisfies(r -> assertThat(r.maxPluginInflatedMb()).isEqualTo(64))
                .satisfies(r -> assertThat(r.maxPluginEntries()).isEqualTo(500));
        assertThat(RuntimeSettings.DEFAULTS.maxPluginInflatedMb()).isEqualTo(512);
        assertThat(RuntimeSettings.DEFAULTS.maxPluginEntries()).isEqualTo(65_536);
        assertThat(error("runtime:\n  max_plugin_inflated_mb: 0\n", 2, 27).reason()).contains("runtime.max_plugin_inflated_mb");
        assertThat(error("runtime:\n  max_plugin_entries: lots\n", 2, 23).reason()).contains("runtime.max_plugin_entries");
        ConfigException e = error("runtime:\n  max_plugin_size_mb: big\n", 2, 23);
        assertThat(e.reason()).contains("runtime.max_plugin_size_mb").contains("whole number");
        error("runtime:\n  max_plugin_size_mb: 0\n", 2, 23);
        error("runtime:\n  max_plugin_size_mb: 1.5\n", 2, 23);
        error("runtime:\n  max_plugin_size_mb: \"100\"\n", 2, 23);
        error("runtime:\n  plugin_dir: [a, b]\n", 2, 15);
        error("runtime:\n  plugin_dir: true\n", 2, 15);
        error("runtime:\n  trusted_certs_dir:\n", 2, 21);
        error("runtime:\n  default_backend: {name: docker}\n", 2, 20);
    }

    @Test
    void wrongTypesInPluginsAreReportedAtTheValue() throws Exception {
        ConfigException e = error("plugins:\n  hello:\n    enabled: yes-ish\n", 3, 14);
        assertThat(e.reason()).contains("plugins.hello.enabled").contains("true or false");
        error("plugins:\n  hello:\n    enabled: 1\n", 3, 14);
        error("plugins:\n  hello:\n    enabled: \"true\"\n", 3, 14);
        error("plugins:\n  hello:\n    config: [a, b]\n", 3, 13);
        error("plugins:\n  hello:\n    config: text\n", 3, 13);
        error("plugins:\n  hello: true\n", 2, 10);
        error("plugins:\n  - hello\n", 2, 3);
        error("plugins: hello\n", 1, 10);
        error("runtime: docker\n", 1, 10);
    }

    @Test
    void aFileThatIsNotAMapIsRefusedAtItsStart() throws Exception {
        error("- runtime\n- plugins\n", 1, 1);
        error("just text\n", 1, 1);
    }

    // ---- runtime.security (DESIGN §5)

    @Test
    void securityHasDefaultsAndTakesEachKeyOnItsOwn() throws Exception {
        assertThat(parse("runtime:\n  default_backend: docker\n").runtime().security()).isEqualTo(SecuritySettings.DEFAULTS);
        assertThat(SecuritySettings.DEFAULTS).isEqualTo(new SecuritySettings(SecuritySettings.OnViolation.LOG, 100, SecuritySettings.AuditMode.WARN));
        assertThat(parse("runtime:\n  security:\n").runtime().security()).isEqualTo(SecuritySettings.DEFAULTS);
        SecuritySettings s = parse("runtime:\n  security:\n    on_violation: disable\n    max_violations: 3\n    audit: enforce\n")
                .runtime().security();
        assertThat(s).isEqualTo(new SecuritySettings(SecuritySettings.OnViolation.DISABLE, 3, SecuritySettings.AuditMode.ENFORCE));
        assertThat(parse("runtime:\n  security:\n    audit: off\n").runtime().security())
                .isEqualTo(new SecuritySettings(SecuritySettings.OnViolation.LOG, 100, SecuritySettings.AuditMode.OFF));
    }

    @Test
    void aBadSecurityValueIsReportedWhereItIsWritten() throws Exception {
        assertThat(error("runtime:\n  security:\n    on_violation: kill\n", 3, 19).reason())
                .isEqualTo("runtime.security.on_violation is 'kill'; it must be one of log, disable");
        assertThat(error("runtime:\n  security:\n    audit: strict\n", 3, 12).reason())
                .isEqualTo("runtime.security.audit is 'strict'; it must be one of off, warn, enforce");
        assertThat(error("runtime:\n  security:\n    max_violations: 0\n", 3, 21).reason())
                .isEqualTo("runtime.security.max_violations must be a whole number of at least 1, e.g. 100");
        error("runtime:\n  security:\n    max_violations: 2.5\n", 3, 21);
        error("runtime:\n  security:\n    max_violations: many\n", 3, 21);
        assertThat(error("runtime:\n  security:\n    audit: warn\n    on_violations: log\n", 4, 5).reason())
                .contains("runtime.security.on_violations").contains("audit, max_violations, on_violation");
        assertThat(error("runtime:\n  security: strict\n", 2, 13).reason()).contains("runtime.security must be a map");
        env.put("NX_MODE", "s3cr3t");
        assertThat(error("runtime:\n  security:\n    audit: ${NX_MODE}\n", 3, 12).reason()).doesNotContain("s3cr3t");
    }

    // ---- runtime.metrics (DESIGN §7)

    @Test
    void metricsHasDefaultsAndTakesEachKeyOnItsOwn() throws Exception {
        assertThat(parse("runtime:\n  default_backend: docker\n").runtime().metrics()).isEqualTo(new MetricsSettings(15, null));
        assertThat(parse("runtime:\n  metrics:\n").runtime().metrics()).isEqualTo(MetricsSettings.DEFAULTS);
        assertThat(parse("runtime:\n  metrics:\n    interval: 1\n").runtime().metrics()).isEqualTo(new MetricsSettings(1, null));
        assertThat(parse("runtime:\n  metrics:\n    interval: 3600\n    listen: null\n").runtime().metrics())
                .isEqualTo(new MetricsSettings(3600, null));
        MetricsSettings m = parse("runtime:\n  metrics:\n    listen: 127.0.0.1:9464\n").runtime().metrics();
        assertThat(m).isEqualTo(new MetricsSettings(15, "127.0.0.1:9464"));
        assertThat(m.address()).isEqualTo(new MetricsSettings.Address("127.0.0.1", 9464));
        assertThat(parse("runtime:\n  metrics:\n    listen: \"[::1]:80\"\n").runtime().metrics().address())
                .isEqualTo(new MetricsSettings.Address("::1", 80));
        assertThat(parse("runtime:\n  metrics:\n    listen: metrics-host.local:65535\n").runtime().metrics().address())
                .isEqualTo(new MetricsSettings.Address("metrics-host.local", 65535));
        assertThat(MetricsSettings.DEFAULTS.address()).isNull();
    }

    @Test
    void aBadMetricsValueIsReportedWhereItIsWritten() throws Exception {
        String range = "runtime.metrics.interval must be a whole number of seconds from 1 to 3600, e.g. 15";
        assertThat(error("runtime:\n  metrics:\n    interval: 0\n", 3, 15).reason()).isEqualTo(range);
        assertThat(error("runtime:\n  metrics:\n    interval: 3601\n", 3, 15).reason()).isEqualTo(range);
        assertThat(error("runtime:\n  metrics:\n    interval: 1.5\n", 3, 15).reason()).isEqualTo(range);
        assertThat(error("runtime:\n  metrics:\n    interval: often\n", 3, 15).reason()).isEqualTo(range);
        assertThat(error("runtime:\n  metrics:\n    listen: 9464\n", 3, 13).reason()).isEqualTo("runtime.metrics.listen '9464' must be HOST:PORT, e.g. 127.0.0.1:9464");
        assertThat(error("runtime:\n  metrics:\n    listen: localhost\n", 3, 13).reason())
                .isEqualTo("runtime.metrics.listen 'localhost' must be HOST:PORT, e.g. 127.0.0.1:9464");
        assertThat(error("runtime:\n  metrics:\n    listen: \":9464\"\n", 3, 13).reason()).contains("must be HOST:PORT");
        assertThat(error("runtime:\n  metrics:\n    listen: localhost:99999\n", 3, 13).reason())
                .isEqualTo("runtime.metrics.listen 'localhost:99999' has the port '99999'; a port is a number from 1 to 65535");
        assertThat(error("runtime:\n  metrics:\n    listen: localhost:0\n", 3, 13).reason()).contains("has the port '0'");
        assertThat(error("runtime:\n  metrics:\n    listen: \"::1:80\"\n", 3, 13).reason()).contains("an IPv6 one goes in brackets");
        assertThat(error("runtime:\n  metrics:\n    listen: \"a b:80\"\n", 3, 13).reason()).contains("has the host 'a b'");
        assertThat(error("runtime:\n  metrics:\n    port: 80\n", 3, 5).reason()).contains("runtime.metrics.port").contains("interval, listen");
        assertThat(error("runtime:\n  metrics: fast\n", 2, 12).reason()).contains("runtime.metrics must be a map");
        env.put("NX_LISTEN", "s3cr3t-host");
        assertThat(error("runtime:\n  metrics:\n    listen: ${NX_LISTEN}\n", 3, 13).reason()).doesNotContain("s3cr3t");
    }

    // ---- runtime.api (DESIGN §7)

    @Test
    void theApiIsOffByDefaultAndTakesListenAndTlsFiles() throws Exception {
        assertThat(parse("runtime:\n  default_backend: docker\n").runtime().api()).isEqualTo(ApiSettings.DEFAULTS);
        assertThat(parse("runtime:\n  api:\n").runtime().api()).isEqualTo(ApiSettings.DEFAULTS);
        assertThat(parse("runtime:\n  api:\n    listen: 127.0.0.1:8443\n").runtime().api())
                .isEqualTo(new ApiSettings("127.0.0.1:8443", null, null));
        ApiSettings tls = parse("runtime:\n  api:\n    listen: 127.0.0.1:8443\n    tls:\n      cert: /etc/c.pem\n      key: k.pem\n")
                .runtime().api();
        assertThat(tls.tls()).isTrue();
        assertThat(tls.tlsCert()).isEqualTo(java.nio.file.Path.of("/etc/c.pem"));
        // a relative path is taken from the config file's folder
        assertThat(tls.tlsKey().isAbsolute()).isTrue();
        assertThat(tls.tlsKey().getFileName().toString()).isEqualTo("k.pem");
    }

    @Test
    void aBadApiValueIsReportedWhereItIsWritten() throws Exception {
        assertThat(error("runtime:\n  api:\n    listen: 8443\n", 3, 13).reason())
                .isEqualTo("runtime.api.listen '8443' must be HOST:PORT, e.g. 127.0.0.1:8443");
        assertThat(error("runtime:\n  api:\n    listen: localhost:99999\n", 3, 13).reason()).contains("has the port '99999'");
        assertThat(error("runtime:\n  api:\n    port: 80\n", 3, 5).reason()).contains("runtime.api.port").contains("listen, tls");
        assertThat(error("runtime:\n  api:\n    tls:\n      cert: c.pem\n", 4, 7).reason()).contains("needs both cert").contains("key");
        assertThat(error("runtime:\n  api:\n    tls:\n      pem: c.pem\n", 4, 7).reason()).contains("runtime.api.tls.pem");
    }

    @Test
    void aListenAddressFromTheEnvironmentIsNeverShown() throws Exception {
        env.put("NX_LISTEN", "10.1.2.3:9464");
        RuntimeSettings r = parse("runtime:\n  metrics:\n    listen: ${NX_LISTEN}\n").runtime();
        assertThat(r.metrics().listen()).isEqualTo("10.1.2.3:9464");
        assertThat(r.shown("metrics.listen", r.metrics().listen())).isEqualTo(Secrets.MASK);
    }

    // ---- plugin instances (plugins.NAME.instances.KEY: factory configurations)

    @Test
    void instancesAreNamedMapsWithOneLevelFlattenedToDottedKeys() throws Exception {
        ConfigDocument d = parse("plugins:\n  docker:\n    instances:\n      podman:\n        host: unix:///run/podman/podman.sock\n"
                + "      remote:\n        host: tcp://127.0.0.1:2376\n        tls: {ca: /c/ca.pem, cert: /c/cert.pem, key: /c/key.pem}\n");
        Map<String, ConfigDocument.Instance> in = d.plugins().get("docker").instances();
        assertThat(in).containsOnlyKeys("podman", "remote");
        assertThat(in.get("remote").config()).containsOnlyKeys("host", "tls.ca", "tls.cert", "tls.key");
        assertThat(((Node.Scalar) in.get("remote").config().get("tls.key")).value()).isEqualTo("/c/key.pem");
        assertThat(new int[] {in.get("remote").line(), in.get("remote").column()}).containsExactly(6, 7);
        assertThat(d.plugins().get("docker").config()).isEmpty();
        assertThat(parse("plugins:\n  docker:\n    enabled: true\n").plugins().get("docker").instances()).isEmpty();
    }

    @Test
    void badInstancesAreRefusedWhereTheyAre() throws Exception {
        assertThat(error("plugins:\n  docker:\n    instances: [a]\n", 3, 16).reason())
                .isEqualTo("plugins.docker.instances must be a map of key: value lines");
        assertThat(error("plugins:\n  docker:\n    instances:\n      -bad:\n        host: x\n", 4, 7).reason())
                .startsWith("plugins.docker.instances.-bad: instance name ");
        assertThat(error("plugins:\n  docker:\n    instances:\n      a:\n        tls: {ca: {deep: x}}\n", 5, 19).reason())
                .startsWith("plugins.docker.instances.a.tls.ca is a nested map");
        assertThat(error("plugins:\n  docker:\n    instances:\n      a: {host: x}\n  other:\n    instances:\n      a: {host: y}\n", 7, 7)
                .reason()).isEqualTo("plugins.other.instances.a: plugin docker declares an instance of that name already; give one of them another name");
        assertThat(error("plugins:\n  docker:\n    instance:\n      a: {host: x}\n", 3, 5).reason())
                .isEqualTo("plugins.docker.instance is not a setting; a plugin section has only 'enabled', 'sandbox', 'config' and 'instances'");
    }

    @Test
    void aPluginsRefusalOfAnInstancePointsAtTheInstance() throws Exception {
        ConfigDocument.PluginSection s = parse("plugins:\n  docker:\n    instances:\n      podman: {host: x}\n      remote:\n        host: y\n")
                .plugins().get("docker");
        assertThat(InstanceSections.where(s, "instances.remote.host 'y' is not an engine address")).isEqualTo("5:7");
        assertThat(InstanceSections.where(s, "instances.podman: a reason")).isEqualTo("4:7");
        assertThat(InstanceSections.where(s, "host 'z' is not an engine address")).isEqualTo("2:3");
    }
}
