package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import nexcage.api.HealthStatus;
import nexcage.api.backend.BackendHealth;

/** What users see of a plugin, from the facts its record holds. */
class PluginRecordTest {
    private static PluginRecord record(PluginState bundleState) {
        return new PluginRecord("hello", "1.0.0", "hello.jar", PluginReconcilerTest.metadata("hello", "1.0.0", null), 7, bundleState, null,
                true, PluginHealth.UNKNOWN, null, null, false, -1, Path.of("/plugins/hello.jar"), "a", null);
    }

    @Test
    void aFailureShowsAsFailedWithItsReason() {
        PluginRecord r = record(PluginState.RESOLVED).withFailure("start failed: boom");
        assertThat(r.state()).isEqualTo(PluginState.FAILED);
        assertThat(r.reason()).isEqualTo("start failed: boom");
        assertThat(r.withFailure(null).reason()).isNull();
    }

    @Test
    void aDisabledPluginThatIsNotRunningShowsDisabled() {
        assertThat(record(PluginState.RESOLVED).withEnabled(false, null).state()).isEqualTo(PluginState.DISABLED);
        assertThat(record(PluginState.INSTALLED).withEnabled(false, null).state()).isEqualTo(PluginState.DISABLED);
        // started by hand (felix:start) while disabled: it runs, and says so
        assertThat(record(PluginState.ACTIVE).withEnabled(false, null).state()).isEqualTo(PluginState.ACTIVE);
    }

    @Test
    void aPluginTheCoreDisabledShowsWhyUntilItIsEnabledAgain() {
        PluginRecord r = record(PluginState.RESOLVED).withEnabled(false, "disabled after 101 capability violations");
        assertThat(r.state()).isEqualTo(PluginState.DISABLED);
        assertThat(r.reason()).isEqualTo("disabled after 101 capability violations");
        assertThat(r.withEnabled(true, "stale").reason()).isNull();
        assertThat(r.withEnabled(true, "stale").withEnabled(false, null).reason()).isNull();
    }

    @Test
    void aRejectedFileKeepsItsReason() {
        PluginRecord r = PluginRecord.rejected("junk.jar", "", "junk.jar", "is not a zip file", null);
        assertThat(r.state()).isEqualTo(PluginState.REJECTED);
        assertThat(r.reason()).isEqualTo("is not a zip file");
        assertThat(r.installed()).isFalse();
    }

    @Test
    void healthIsKnownOnlyWhileActiveAndABackendsWordWins() {
        PluginRecord checked = record(PluginState.ACTIVE).withHealth(PluginHealth.of(HealthStatus.UNHEALTHY), null);
        assertThat(checked.health()).isEqualTo(PluginHealth.UNHEALTHY);
        PluginRecord backend = checked.withHealth(checked.checkedHealth(), PluginHealth.of(BackendHealth.State.UNDETECTED));
        assertThat(backend.health().id()).isEqualTo("undetected");
        assertThat(backend.withBundleState(PluginState.RESOLVED).health()).isEqualTo(PluginHealth.UNKNOWN);
    }

    @Test
    void theOneMappingFromBackendHealthKeepsTheWord() {
        for (BackendHealth.State s : BackendHealth.State.values()) {
            assertThat(PluginHealth.of(s).id()).isEqualTo(s.id());
        }
        for (HealthStatus h : HealthStatus.values()) {
            assertThat(PluginHealth.of(h).id()).isEqualTo(h.id());
        }
    }
}
