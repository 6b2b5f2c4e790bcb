package {{package}};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;

/** A plain unit test: the backend without NexCage. */
class {{className}}Test {

    @Test
    void createsStartsListsAndDeletesAContainer() throws Exception {
        {{className}} backend = new {{className}}();
        backend.create(new ContainerSpec("c1", "busybox", List.of(), Map.of(), false));
        backend.start("c1");

        assertThat(backend.info("c1").status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(backend.list(false)).extracting(c -> c.id()).containsExactly("c1");

        backend.delete("c1", true);
        assertThatThrownBy(() -> backend.info("c1")).isInstanceOf(BackendException.class);
    }
}
