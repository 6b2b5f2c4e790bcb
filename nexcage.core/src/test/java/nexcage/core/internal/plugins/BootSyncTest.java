package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** When the boot's plugins count as in: no file left being checked, or a slow check has had its time. */
class BootSyncTest {

    @Test
    void aRoundWithNothingBeingCheckedEndsTheBootOnce() throws Exception {
        BootSync boot = new BootSync();
        assertThat(boot.pending()).isTrue();
        assertThat(boot.await(0, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(boot.roundEnded(false, 1_000)).isTrue();
        assertThat(boot.pending()).isFalse();
        assertThat(boot.await(0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(boot.roundEnded(false, 2_000)).as("system.startup fires once").isFalse();
    }

    @Test
    void aSlowCheckHoldsTheBootUpAtMostItsWaitFromTheFirstRound() {
        BootSync boot = new BootSync();
        assertThat(boot.roundEnded(true, 10_000)).isFalse();
        assertThat(boot.roundEnded(true, 10_000 + BootSync.CHECK_WAIT_MS)).isFalse();
        assertThat(boot.pending()).isTrue();
        assertThat(boot.roundEnded(true, 10_001 + BootSync.CHECK_WAIT_MS)).isTrue();
        assertThat(boot.pending()).isFalse();
    }
}
