package nexcage.core.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import nexcage.api.backend.BackendHealth;
import nexcage.core.internal.containers.BackendRegistry.Checked;

/** A backend's health check as the registry asks it, every 5 s and for 'backend list'. */
class BackendHealthCheckTest {
    private final FakeBackend oci = new FakeBackend("oci");

    @Test
    void aBackendsOwnAnswerIsTakenAsItIs() {
        Checked c = BackendRegistry.asked(oci);
        assertThat(c.failed()).isFalse();
        assertThat(c.health().state()).isEqualTo(BackendHealth.State.HEALTHY);
    }

    @Test
    void aPluginThatLacksAClassIsUnhealthyWithTheClassNamedNotAnErrorThatEndsTheCommand() {
        oci.bugs.put("health", new NoClassDefFoundError("nexcage/backend/support/KeptAnswer"));
        Checked c = BackendRegistry.asked(oci);
        assertThat(c.failed()).isTrue();
        assertThat(c.health().state()).isEqualTo(BackendHealth.State.UNHEALTHY);
        assertThat(c.health().reason()).isEqualTo("its health check failed (java.lang.NoClassDefFoundError:"
                + " nexcage/backend/support/KeptAnswer); reinstall or update the plugin that provides it");
    }

    @Test
    void aCheckThatThrowsIsUnhealthyAndCountedAsFailed() {
        oci.bugs.put("health", new IllegalStateException("no runtime state directory"));
        Checked c = BackendRegistry.asked(oci);
        assertThat(c.failed()).isTrue();
        assertThat(c.health().reason()).startsWith("its health check failed (java.lang.IllegalStateException: no runtime state");
    }
}
