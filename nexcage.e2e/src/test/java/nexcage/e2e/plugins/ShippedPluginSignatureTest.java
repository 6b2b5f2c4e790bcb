package nexcage.e2e.plugins;

import static nexcage.e2e.Nexcage.rejected;
import static nexcage.e2e.Nexcage.reason;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * NexCage's own plugins ship signed (DESIGN §3): with {@code runtime.require_signatures: true} and
 * nothing in the user's trusted certificates the Docker backend still runs, because the release
 * certificate beside runtime.jar is trusted for the system plugin directory; it is trusted there
 * only, and {@code plugin list} says who signed what.
 */
class ShippedPluginSignatureTest {
    private static final Path SHIPPED_DIR = Nexcage.RUNTIME_JAR.getParent();
    private static final Path DOCKER = SHIPPED_DIR.resolve("plugins/docker-0.8.0.nexcage-plugin");
    /** A signed entry of the Docker plugin that is not code: changing it breaks the signature and nothing else. */
    private static final String NOTICE = "META-INF/NOTICE-docker-java/META-INF/NOTICE";
    private static final String HELLO_FILE = Nexcage.HELLO.getFileName().toString();
    private static String releaseSigner;
    private Nexcage nx;

    @BeforeAll
    static void releaseCertificate() throws Exception {
        Path pem = SHIPPED_DIR.resolve("trusted/nexcage-release.pem");
        assertThat(pem).as("the build ships the release certificate beside runtime.jar").exists();
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            List<Rdn> rdns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns();
            releaseSigner = rdns.stream().filter(r -> r.getType().equalsIgnoreCase("CN")).map(r -> r.getValue().toString())
                    .findFirst().orElseThrow();
        }
    }

    @AfterEach
    void closeDaemon() {
        if (nx != null) {
            nx.close();
        }
    }

    /** A copy of the runtime's files (runtime.jar, the digests, the release certificate) whose plugin directory is left to the test. */
    private Path runtimeCopy() throws Exception {
        Path dist = Files.createDirectories(nx.base.resolve("dist"));
        try (Stream<Path> files = Files.list(SHIPPED_DIR)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dist.resolve(f.getFileName()));
            }
        }
        Files.createDirectories(dist.resolve("trusted"));
        Files.copy(SHIPPED_DIR.resolve("trusted/nexcage-release.pem"), dist.resolve("trusted/nexcage-release.pem"));
        return dist;
    }

    /** A daemon that requires signatures and trusts no certificate of the user's. */
    private Nexcage strict(String prefix) throws Exception {
        nx = Nexcage.create(prefix);
        Path noCerts = Files.createDirectories(nx.base.resolve("trusted"));
        return nx.javaOpts("-Dnexcage.require_signatures=true -Dnexcage.trusted_certs_dir=" + noCerts);
    }

    private static String backendHealth(Nexcage d) {
        JsonNode list = d.json("backend", "list", "--json");
        for (JsonNode b : list) {
            if (b.get("name").asText().equals("docker")) {
                return b.get("health").asText();
            }
        }
        return "(no docker backend)";
    }

    @Test
    void theShippedDockerBackendRunsWhenSignaturesAreRequired() throws Exception {
        strict("nxsg");
        Files.copy(Nexcage.HELLO, nx.plugins().resolve(HELLO_FILE));
        nx.start();

        JsonNode docker = nx.awaitState("docker", "active");
        assertThat(docker.get("signer").asText()).isEqualTo(releaseSigner);
        Nexcage.await("the docker backend to be healthy (the Docker engine runs)", Nexcage.START_WAIT,
                () -> backendHealth(nx), "healthy"::equals);

        JsonNode hello = nx.awaitList("the unsigned user plugin hello is rejected", l -> rejected(l, HELLO_FILE).isPresent());
        JsonNode helloEntry = rejected(hello, HELLO_FILE).orElseThrow();
        assertThat(reason(helloEntry)).contains("is not signed").contains("runtime.require_signatures is true");
        assertThat(helloEntry.get("signer").isNull()).as("unsigned: signer is null").isTrue();
        assertThat(nx.json("plugin", "info", "docker", "--json").get("signer").asText()).isEqualTo(releaseSigner);

        Nexcage.Result table = nx.run("plugin", "list");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out().lines().findFirst().orElse("")).matches("NAME +VERSION +STATE +HEALTH +FILE +SIGNER +SANDBOX +REASON");
        assertThat(table.out()).containsPattern("docker +0\\.8\\.0 +active +\\S+ +docker-0\\.8\\.0\\.nexcage-plugin +\\Q"
                + releaseSigner + "\\E +-")
                .containsPattern("hello +1\\.0\\.0 +rejected +\\S+ +\\Q" + HELLO_FILE + "\\E +- +\\S");
        assertThat(nx.daemonLog()).contains("installed plugin docker 0.8.0 from docker-0.8.0.nexcage-plugin (signed by CN="
                + releaseSigner);

        // at the next boot the cached bundle is verified again and taken over, signer and all
        nx.restart();
        JsonNode again = nx.awaitList("docker active again after the restart, with its signer",
                l -> Nexcage.plugin(l, "docker").map(d -> Nexcage.state(d).equals("active") && d.get("signer").asText()
                        .equals(releaseSigner)).orElse(false));
        assertThat(rejected(again, HELLO_FILE)).isPresent();
        Nexcage.await("the docker backend to be healthy after the restart", Nexcage.START_WAIT, () -> backendHealth(nx),
                "healthy"::equals);
    }

    /**
     * Issue 22: the build lists the digests of the system plugins it verified (system-plugins.sha256
     * beside runtime.jar) and the daemon takes the build's verdict for exactly those bytes. A system
     * plugin file changed after the build has another digest: it is checked in full and refused.
     */
    @Test
    void aSystemPluginChangedAfterTheBuildIsCheckedInFullAndRefused() throws Exception {
        strict("nxsd");
        Path digests = SHIPPED_DIR.resolve("system-plugins.sha256");
        assertThat(digests).as("the build ships the system plugins' digests beside runtime.jar").exists();
        assertThat(Files.readString(digests)).contains("\t" + DOCKER.getFileName() + "\tCN=" + releaseSigner);
        Path dist = runtimeCopy();
        // one signed entry's bytes changed, the signature files kept: the listed digest no longer matches
        PluginJars.rewrite(DOCKER, Files.createDirectories(dist.resolve("plugins")).resolve(DOCKER.getFileName()),
                e -> e.getName().equals(NOTICE) ? bytes -> "changed after the build".getBytes() : null, java.util.Map.of());
        nx.env.put("NEXCAGE_JAR", dist.resolve("runtime.jar").toString());
        nx.start();

        String dockerFile = DOCKER.getFileName().toString();
        JsonNode list = nx.awaitList("the changed docker plugin is rejected", Duration.ofSeconds(20), l -> rejected(l, dockerFile).isPresent());
        assertThat(reason(rejected(list, dockerFile).orElseThrow())).contains("the signature does not match entry " + NOTICE);
        assertThat(Nexcage.plugin(list, "docker")).as("no docker plugin runs").isEmpty();
    }

    /**
     * A copy of the runtime whose system plugin directory holds hello signed by a stranger, while the
     * user's plugin directory holds the shipped docker plugin: neither is trusted.
     */
    @Test
    void theReleaseCertificateVouchesForTheSystemPluginDirectoryOnly() throws Exception {
        strict("nxsu");
        Path dist = runtimeCopy();
        PluginJars.Keys keys = new PluginJars.Keys(nx.base.resolve("keys")).generate("stranger", "Stranger");
        keys.sign(Nexcage.HELLO, Files.createDirectories(dist.resolve("plugins")).resolve(HELLO_FILE), "stranger");
        Files.copy(DOCKER, nx.plugins().resolve(DOCKER.getFileName()));
        nx.env.put("NEXCAGE_JAR", dist.resolve("runtime.jar").toString());
        nx.start();

        String dockerFile = DOCKER.getFileName().toString();
        JsonNode list = nx.awaitList("hello (system directory) and docker (user directory) are rejected",
                Duration.ofSeconds(20), l -> rejected(l, HELLO_FILE).isPresent() && rejected(l, dockerFile).isPresent());
        JsonNode hello = rejected(list, HELLO_FILE).orElseThrow();
        assertThat(reason(hello)).contains("CN=Stranger").contains("is not trusted");
        assertThat(hello.get("signer").asText()).as("a rejected file still says who signed it").isEqualTo("Stranger");
        JsonNode docker = rejected(list, dockerFile).orElseThrow();
        assertThat(reason(docker)).contains("CN=" + releaseSigner).contains("is not trusted");
        assertThat(docker.get("signer").asText()).isEqualTo(releaseSigner);
        assertThat(Nexcage.plugin(list, "docker")).as("no docker plugin runs").isEmpty();
        assertThat(Nexcage.plugin(list, "hello")).as("no hello plugin runs").isEmpty();
    }
}
