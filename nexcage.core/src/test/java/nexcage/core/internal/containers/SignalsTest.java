package nexcage.core.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalsTest {

    @ParameterizedTest
    @CsvSource({"TERM,TERM", "term,TERM", "SIGHUP,HUP", "sigusr1,USR1", "9,9", "64,64", "RTMIN,RTMIN", "rtmin+3,RTMIN+3",
        "SIGRTMAX-14,RTMAX-14"})
    void namesInAnyCaseAndNumbersAreTaken(String raw, String sent) {
        assertThat(Signals.name(raw)).isEqualTo(sent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BOGUS", "0", "65", "09", "-9", "", "SIG", "RTMIN+16", "TERM ", "1.5"})
    void anythingElseIsRefusedWithTheFix(String raw) {
        assertThatThrownBy(() -> Signals.name(raw)).isInstanceOf(ContainerCommands.Usage.class)
                .hasMessage("'" + raw + "' is not a signal; give a name such as TERM, HUP or KILL, or a number from 1 to 64,"
                        + " e.g. nexcage kill -s TERM web1");
    }

    @Test
    void theSignalsAClientPassesOnAreAllKnown() {
        nexcage.core.internal.command.ClientSignals.FORWARDED.forEach(s -> assertThat(Signals.name(s)).isEqualTo(s));
    }
}
