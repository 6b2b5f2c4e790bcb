package nexcage.backend.lxc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignalsTest {

    @Test
    void namesInAnyCaseWithOrWithoutSigAndNumbers() {
        assertThat(Signals.number("TERM")).isEqualTo(15);
        assertThat(Signals.number("sigterm")).isEqualTo(15);
        assertThat(Signals.number("hup")).isEqualTo(1);
        assertThat(Signals.number("9")).isEqualTo(9);
        assertThat(Signals.number("SIGUSR2")).isEqualTo(12);
        assertThat(Signals.number("RTMIN+2")).isEqualTo(36);
        assertThat(Signals.number(null)).isEqualTo(9);
        assertThat(Signals.number(" ")).isEqualTo(9);
    }

    @Test
    void unknownOnesAreRefusedInOneSentence() {
        assertThatThrownBy(() -> Signals.number("BOGUS")).hasMessageContaining("unknown signal BOGUS").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Signals.number("65")).hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> Signals.number("0")).isInstanceOf(IllegalArgumentException.class);
    }
}
