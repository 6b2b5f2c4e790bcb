package nexcage.backend.lxc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import nexcage.api.backend.BackendException;

class ImageNameTest {

    @Test
    void aNameWithoutTagIsLatest() throws Exception {
        assertThat(ImageStore.normalize("busybox")).isEqualTo("busybox:latest");
        assertThat(ImageStore.normalize("nexcage-test/busybox")).isEqualTo("nexcage-test/busybox:latest");
        assertThat(ImageStore.normalize("debian:12.11")).isEqualTo("debian:12.11");
    }

    @Test
    void aBadNameIsRefusedInOneSentence() {
        assertThatThrownBy(() -> ImageStore.normalize("Upper/Case")).isInstanceOf(BackendException.class)
                .hasMessageContaining("is not REPOSITORY[:TAG]");
        assertThatThrownBy(() -> ImageStore.normalize("../escape")).isInstanceOf(BackendException.class);
        assertThatThrownBy(() -> ImageStore.normalize("")).isInstanceOf(BackendException.class);
    }
}
