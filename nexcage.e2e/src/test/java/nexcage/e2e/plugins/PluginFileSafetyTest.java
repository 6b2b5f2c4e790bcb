package nexcage.e2e.plugins;

import static nexcage.e2e.Nexcage.entries;
import static nexcage.e2e.Nexcage.plugin;
import static nexcage.e2e.Nexcage.reason;
import static nexcage.e2e.Nexcage.rejected;
import static nexcage.e2e.Nexcage.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * Issue 21 through the real daemon: a zip bomb is refused at the caps and holds nothing up,
 * copies in $NEXCAGE_STATE/plugins that back nothing are pruned, and an unsigned build renamed
 * over a signed plugin is never what runs with {@code require_signatures: true}.
 */
class PluginFileSafetyTest {
    private static final long MB = 1024 * 1024;
    private Nexcage nx;

    @AfterEach
    void closeDaemon() {
        if (nx != null) {
            nx.close();
        }
    }

    /**
     * A plugin-shaped zip of {@code mb} MB of zeros with an empty {@code META-INF/BOMB.SF}, as in the
     * issue (the signature check then read every entry on the deployer's thread).
     */
    static Path bomb(Path file, long mb) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.example.bomb");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Description", "a zip bomb");
        a.putValue("NexCage-Plugin-Name", "bomb");
        a.putValue("NexCage-Api-Version", "1");
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), m)) {
            out.putNextEntry(new ZipEntry("META-INF/BOMB.SF"));
            out.closeEntry();
            byte[] zeros = new byte[(int) MB];
            for (int entry = 0; entry < mb / 64; entry++) {
                out.putNextEntry(new ZipEntry("zeros/" + entry));
                for (int i = 0; i < 64; i++) {
                    out.write(zeros);
                }
                out.closeEntry();
            }
        }
        return Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private Path copies() {
        return nx.state.resolve("plugins");
    }

    private List<String> copyNames() throws IOException {
        if (!Files.isDirectory(copies())) {
            return List.of();
        }
        try (var s = Files.list(copies())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aZipBombIsRefusedAtTheCapWithoutHoldingUpCommandsAndTheCopiesThatBackNothingArePruned() throws Exception {
        nx = Nexcage.withHello("nxzb").javaOpts("-Dnexcage.max_plugin_inflated_mb=32");
        Files.createDirectories(copies());
        Files.writeString(copies().resolve("gone-0.1.0.jar"), "a copy a killed daemon left behind");
        Path scratch = Files.createTempDirectory(nx.plugins().getParent(), "scratch");
        Path staged = bomb(scratch.resolve("aaa-bomb.jar"), 512);
        String bombSha = sha256(staged);
        nx.start();

        JsonNode list = nx.awaitList("hello is active", l -> plugin(l, "hello").map(p -> state(p).equals("active")).orElse(false));
        assertThat(copyNames()).as("a copy that backs no plugin is deleted at start").doesNotContain("gone-0.1.0.jar");

        long t0 = System.nanoTime();
        Files.move(staged, nx.plugins().resolve("aaa-bomb.jar"), StandardCopyOption.ATOMIC_MOVE);
        Nexcage.Result dry = nx.run("plugin", "disable", "hello", "--dry-run");
        long dryMs = (System.nanoTime() - t0) / 1_000_000;
        long t1 = System.nanoTime();
        nx.list();
        long listMs = (System.nanoTime() - t1) / 1_000_000;
        System.out.println("issue 21 measure: with a " + Files.size(nx.plugins().resolve("aaa-bomb.jar")) / 1024
                + " KB bomb of 512 MB being checked: 'plugin disable --dry-run' " + dryMs + " ms, 'plugin list' " + listMs + " ms");
        assertThat(dry.exit()).as(dry.toString()).isZero();

        list = nx.awaitList("the bomb is rejected", l -> rejected(l, "aaa-bomb.jar").isPresent());
        assertThat(reason(rejected(list, "aaa-bomb.jar").orElseThrow())).contains("inflates to more than 32 MB")
                .contains("runtime.max_plugin_inflated_mb").contains("zip bomb");
        assertThat(plugin(list, "bomb")).as("never installed").isEmpty();
        assertThat(plugin(list, "hello").map(Nexcage::state)).hasValue("active");
        Nexcage.await("the bomb's copy is pruned", Nexcage.WAIT, this::names, n -> !n.contains(".checked-" + bombSha + ".jar"));

        String helloSha = sha256(nx.plugins().resolve(Nexcage.HELLO.getFileName()));
        assertThat(copyNames()).contains("hello-1.0.0.jar", ".checked-" + helloSha + ".jar");
        Files.delete(nx.plugins().resolve(Nexcage.HELLO.getFileName()));
        nx.awaitGone("hello");
        Nexcage.await("hello's copies are pruned", Nexcage.WAIT, this::names,
                n -> !n.contains("hello-1.0.0.jar") && !n.contains(".checked-" + helloSha + ".jar"));
    }

    private List<String> names() {
        try {
            return copyNames();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anUnsignedBuildRenamedOverASignedOneIsNeverWhatRuns() throws Exception {
        nx = Nexcage.withHello("nxsw");
        Files.delete(nx.plugins().resolve(Nexcage.HELLO.getFileName()));
        Path scratch = Files.createTempDirectory(nx.plugins().getParent(), "scratch");
        PluginJars.Keys keys = new PluginJars.Keys(scratch.resolve("keys")).generate("trusted", "Swap Trusted");
        Path trusted = keys.exportPem("trusted", scratch.resolve("trusted/swap.pem"));
        Path signed = keys.sign(Nexcage.HELLO, scratch.resolve("signed.jar"), "trusted");
        // the unsigned build tells itself apart by its version
        Path unsigned = PluginJars.withHeaders(Nexcage.HELLO, scratch.resolve("unsigned.jar"), Map.of("Bundle-Version", "1.0.1"));
        // a bomb that sorts after aaa-x.jar: it kept the old deployer busy between checking aaa-x.jar and copying it
        Path bomb = bomb(scratch.resolve("zzz-bomb.jar"), 1024);
        nx.javaOpts("-Dnexcage.require_signatures=true -Dnexcage.trusted_certs_dir=" + trusted.getParent()
                + " -Dnexcage.max_plugin_inflated_mb=64");
        nx.start();

        String bombCopy = ".checked-" + sha256(bomb) + ".jar";
        Files.move(signed, nx.plugins().resolve("aaa-x.jar"), StandardCopyOption.ATOMIC_MOVE);
        Files.move(bomb, nx.plugins().resolve("zzz-bomb.jar"), StandardCopyOption.ATOMIC_MOVE);
        // the replacement lands once the deployer has taken the bomb in hand (its copy made, or already judged),
        // i.e. after it checked aaa-x.jar: the moment the old deployer copied the file it had checked
        Nexcage.waiting("the deployer to reach zzz-bomb.jar", Nexcage.WAIT).pollInSameThread()
                .pollInterval(java.time.Duration.ofMillis(5))
                .until(() -> names().contains(bombCopy) || rejected(nx.list(), "zzz-bomb.jar").isPresent());
        Files.move(unsigned, nx.plugins().resolve("aaa-x.jar"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        long watchedFrom = System.nanoTime();
        // in the test's thread: each poll checks the invariants; the wait lasts at least 6 s and until the bomb is judged
        Nexcage.waiting("the bomb to be rejected (watching hello's versions meanwhile)", java.time.Duration.ofSeconds(16))
                .pollInSameThread().pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
                    JsonNode list = nx.list();
                    List<JsonNode> hello = entries(list).stream().filter(p -> p.get("name").asText().equals("hello")).toList();
                    // the running version and the rejected file are told apart: never the same version both active and rejected
                    assertThat(hello.stream().map(p -> p.get("version").asText()).distinct().count()).as("hello: " + list.toPrettyString())
                            .isEqualTo(hello.size());
                    assertThat(hello).as("the unsigned build never runs: " + list.toPrettyString())
                            .noneSatisfy(p -> assertThat(p.get("version").asText() + " " + state(p)).isEqualTo("1.0.1 active"));
                    return rejected(list, "zzz-bomb.jar").isPresent()
                            && System.nanoTime() - watchedFrom >= java.time.Duration.ofSeconds(6).toNanos();
                });
        assertThat(nx.daemonLog()).contains("rejected aaa-x.jar: is not signed").doesNotContain("hello 1.0.1 from");
    }
}
