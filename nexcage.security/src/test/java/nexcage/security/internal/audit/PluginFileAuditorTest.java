package nexcage.security.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nexcage.security.admin.AuditFinding;
import nexcage.security.admin.AuditReport;
import nexcage.security.admin.AuditSeverity;

class PluginFileAuditorTest {
    private static final String C = "nexcage.security.corpus.";

    @TempDir
    Path dir;

    private final PluginFileAuditor auditor = new PluginFileAuditor();

    /** Each bad plugin of the corpus and the one finding it must produce. */
    static Stream<Arguments> corpus() {
        return Stream.of(
                bad("client", "network_client", "network_client", "client.Dialer", "connect(java.lang.String, int)"),
                bad("url", "network_client", "network_client", "url.Fetcher", "fetch(java.net.URL)"),
                bad("server", "network_server", "network_server", "server.Listener", "listen()"),
                bad("raw", "network_raw", "network_raw", "raw.Datagrams", "open()"),
                bad("spawn", "process_spawn", "process_spawn", "spawn.Spawner", "run(java.lang.String)"),
                bad("signal", "process_signal", "process_signal", "signal.Killer", "stop(java.lang.ProcessHandle)"),
                bad("write", "filesystem_write", "filesystem_write", "write.Writer",
                        "save(java.nio.file.Path, java.lang.String)"),
                bad("read", "filesystem_read", "filesystem_read", "read.Reader", "first(java.lang.String)"),
                bad("perms", "filesystem_permissions", "filesystem_write", "perms.Chmod", "open(java.nio.file.Path)"),
                bad("execute", "filesystem_execute", "filesystem_execute", "execute.Executable", "mark(java.io.File)"),
                bad("exit", "system_exit", null, "exit.Quitter", "quit()"),
                bad("halt", "system_exit", null, "halt.Halter", "halt()"),
                bad("nativelib", "native_library", null, "nativelib.Native", "<clinit>()"),
                bad("reflect", "set_accessible", null, "reflect.Opener", "peek(java.lang.Object, java.lang.String)"),
                bad("lookup", "private_lookup", null, "lookup.Peeker", "into(java.lang.Class)"),
                bad("unsafe", "unsafe", null, "unsafe.UnsafeUser", "address(sun.misc.Unsafe, long)"),
                bad("unsafename", "unsafe", null, "unsafename.UnsafeByName", null),
                bad("methodref", "system_exit", null, "methodref.Exits", null),
                bad("define", "define_class", null, "define.Definer", "make(java.lang.String, byte[])"),
                bad("context", "bundle_context", null, "context.ContextGrabber", "grab(org.osgi.framework.Bundle)"));
    }

    private static Arguments bad(String slug, String rule, String capability, String className, String method) {
        return Arguments.of(slug, rule, capability, C + className, method);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadPluginHasItsOneFinding(String slug, String rule, String capability, String className, String method)
            throws IOException {
        AuditReport report = audit(Corpus.plugin(slug, "logging").writeTo(dir.resolve(slug + ".jar")));

        assertThat(report.findings())
                .extracting(AuditFinding::rule, AuditFinding::capability, AuditFinding::severity,
                        AuditFinding::className, AuditFinding::method)
                .containsExactly(tuple(rule, capability, AuditSeverity.HIGH, className, method));
        assertThat(report.ok()).isFalse();
        assertThat(report.plugin()).isEqualTo(slug);
        assertThat(report.version()).isEqualTo("1.0.0");
    }

    @Test
    void aCleanPluginHasNoFinding() throws IOException {
        AuditReport report = audit(Corpus.plugin("clean", null).writeTo(dir.resolve("clean.jar")));

        assertThat(report.findings()).isEmpty();
        assertThat(report.ok()).isTrue();
    }

    @ParameterizedTest(name = "{0} declaring {1}")
    @MethodSource("declared")
    void aDeclaredCapabilitySuppressesItsFinding(String slug, String capabilities) throws IOException {
        AuditReport report = audit(Corpus.plugin(slug, capabilities).writeTo(dir.resolve(slug + ".jar")));

        assertThat(report.findings()).isEmpty();
    }

    static Stream<Arguments> declared() {
        return Stream.of(Arguments.of("client", "logging, network_client"), Arguments.of("spawn", "process_spawn"),
                Arguments.of("perms", "filesystem_write"), Arguments.of("read", "filesystem_read"));
    }

    @Test
    void noCapabilityAllowsWhatNoPluginMayDo() throws IOException {
        String all = String.join(",", Stream.of(nexcage.api.Capability.values()).map(c -> c.id()).toList());

        AuditReport report = audit(Corpus.plugin("exit", all).writeTo(dir.resolve("exit.jar")));

        assertThat(report.findings()).extracting(AuditFinding::rule).containsExactly("system_exit");
    }

    @Test
    void theDetailNamesTheCallAndTheMissingCapability() throws IOException {
        AuditReport report = audit(Corpus.plugin("client", null).writeTo(dir.resolve("client.jar")));

        assertThat(report.findings().get(0).detail())
                .isEqualTo("creates a java.net.Socket, which needs the capability network_client the plugin does not declare");
    }

    @Test
    void aMethodReferenceIsReportedForItsClass() throws IOException {
        AuditReport report = audit(Corpus.plugin("methodref", null).writeTo(dir.resolve("methodref.jar")));

        assertThat(report.findings().get(0).detail())
                .isEqualTo("takes a method reference to java.lang.System::exit, which no plugin may do");
    }

    @Test
    void theJarsOnTheBundleClassPathAreAuditedToo() throws IOException {
        Path file = Corpus.plugin("clean", null)
                .header("Bundle-ClassPath", ".,lib/inner.jar")
                .entry("lib/inner.jar", Corpus.plugin("exit", null).bytes())
                .writeTo(dir.resolve("nested.jar"));

        assertThat(audit(file).findings()).extracting(AuditFinding::rule, AuditFinding::className)
                .containsExactly(tuple("system_exit", C + "exit.Quitter"));
    }

    private AuditReport audit(Path file) throws IOException {
        return auditor.audit(file, "0".repeat(64));
    }
}
