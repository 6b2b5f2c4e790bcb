package nexcage.core.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignerNameTest {

    @Test
    void theCommonNameOfTheSubjectIsShown() {
        assertThat(SignerName.of("CN=NexCage development build,O=NexCage")).isEqualTo("NexCage development build");
        assertThat(SignerName.of("O=Example,CN=Ada\\, Lovelace")).isEqualTo("Ada, Lovelace");
    }

    @Test
    void aSubjectWithoutCommonNameIsShownWhole() {
        assertThat(SignerName.of("O=Example,C=DE")).isEqualTo("O=Example,C=DE");
        assertThat(SignerName.of("not a name")).isEqualTo("not a name");
    }

    @Test
    void unsignedHasNoSigner() {
        assertThat(SignerName.of(null)).isNull();
    }
}
