package nexcage.e2e.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import nexcage.e2e.Nexcage;
import nexcage.security.admin.AuditFinding;
import nexcage.security.admin.AuditReport;
import nexcage.security.admin.AuditSeverity;
import nexcage.security.internal.audit.PluginFileAuditor;

/**
 * The plugins NexCage ships pass their own bytecode audit (DESIGN §5): the examples declare what they
 * use. The Docker backend's own code is clean; what the audit finds in the libraries it embeds
 * (docker-java, its shaded HttpClient 5, Guava, Commons IO and Lang) is pinned here, so that a new
 * use shows up as a failure to decide on rather than passing unseen.
 */
class ShippedPluginsAuditTest {
    private static final Path DOCKER = Nexcage.RUNTIME_JAR.getParent().resolve("plugins/docker-0.8.0.nexcage-plugin");

    static Stream<Path> examples() {
        return Stream.of(Nexcage.HELLO, Nexcage.SHOUT, Nexcage.LOGGER,
                Nexcage.ROOT.resolve("examples/audit-hooks/target/audit-hooks-1.0.0.nexcage-plugin"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void anExamplePassesItsAuditWithNoFinding(Path file) throws IOException {
        AuditReport report = audit(file);

        assertThat(report.findings()).as("findings of %s", report.plugin()).isEmpty();
        assertThat(report.ok()).isTrue();
    }

    @Test
    void theDockerBackendsOwnCodeHasNoFinding() throws IOException {
        AuditReport report = audit(DOCKER);

        assertThat(report.plugin()).isEqualTo("docker");
        assertThat(report.findings())
                .filteredOn(f -> f.className() == null || f.className().startsWith("nexcage."))
                .isEmpty();
    }

    @Test
    void theDockerBackendsEmbeddedLibrariesFindAtMostTheKnownForbiddenUses() throws IOException {
        AuditReport report = audit(DOCKER);

        Set<String> forbidden = report.findings().stream()
                .filter(f -> f.severity() == AuditSeverity.HIGH && f.capability() == null)
                .map(f -> f.rule() + " " + f.className())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> undeclared = report.findings().stream()
                .map(AuditFinding::capability).filter(c -> c != null)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(forbidden).isSubsetOf(KNOWN_FORBIDDEN);
        assertThat(undeclared).isSubsetOf("filesystem_read", "filesystem_write", "network_server");
    }

    /**
     * What docker-java and its libraries do that no plugin may, as the audit of 0.8.0 finds it:
     * reflective equals/hashCode/toString (Commons Lang, called by docker-java's command classes),
     * Guava's and Commons IO's fast paths over sun.misc.Unsafe, and Guava's exiting uncaught-exception
     * handler (a method reference to Runtime::exit).
     */
    private static final Set<String> KNOWN_FORBIDDEN = Set.of(
            "set_accessible com.github.dockerjava.zerodep.shaded.org.apache.hc.core5.util.ReflectionUtils",
            "set_accessible com.google.common.base.internal.Finalizer",
            "set_accessible com.google.common.collect.Serialization$FieldSetter",
            "set_accessible com.google.common.hash.LittleEndianByteArray$UnsafeByteArray",
            "set_accessible com.google.common.primitives.UnsignedBytes$LexicographicalComparatorHolder$UnsafeComparator",
            "set_accessible com.google.common.util.concurrent.AbstractFutureState$UnsafeAtomicHelper",
            "set_accessible org.apache.commons.io.input.ByteBufferCleaner$Java9Cleaner",
            "set_accessible org.apache.commons.lang3.builder.CompareToBuilder",
            "set_accessible org.apache.commons.lang3.builder.EqualsBuilder",
            "set_accessible org.apache.commons.lang3.builder.HashCodeBuilder",
            "set_accessible org.apache.commons.lang3.builder.ReflectionToStringBuilder",
            "set_accessible org.apache.commons.lang3.reflect.AccessibleObjects",
            "set_accessible org.apache.commons.lang3.reflect.FieldUtils",
            "set_accessible org.apache.commons.lang3.reflect.MemberUtils",
            "system_exit com.google.common.util.concurrent.UncaughtExceptionHandlers",
            "unsafe com.google.common.hash.LittleEndianByteArray$UnsafeByteArray",
            "unsafe com.google.common.hash.LittleEndianByteArray$UnsafeByteArray$1",
            "unsafe com.google.common.hash.LittleEndianByteArray$UnsafeByteArray$2",
            "unsafe com.google.common.primitives.UnsignedBytes$LexicographicalComparatorHolder$UnsafeComparator",
            "unsafe com.google.common.util.concurrent.AbstractFutureState$UnsafeAtomicHelper",
            "unsafe org.apache.commons.io.input.ByteBufferCleaner$Java9Cleaner");

    private static AuditReport audit(Path file) throws IOException {
        assertThat(file).as("the build makes %s", file.getFileName()).isRegularFile();
        return new PluginFileAuditor().audit(file, "not-cached");
    }
}
