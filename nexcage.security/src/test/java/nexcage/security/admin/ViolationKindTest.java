package nexcage.security.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ViolationKindTest {

    @Test
    void theKindFollowsTheOperationThenTheCapability() {
        assertThat(new Violation(Instant.EPOCH, "p", null, "resource.max_threads", "12 threads running", 1).kind())
                .isEqualTo(Violation.KIND_RESOURCE);
        assertThat(new Violation(Instant.EPOCH, "p", null, "service.lookup", "org.osgi.service.cm.ConfigurationAdmin", 1).kind())
                .isEqualTo(Violation.KIND_HIDDEN_SERVICE);
        assertThat(new Violation(Instant.EPOCH, "p", "logging", "log.info", "hello", 1).kind()).isEqualTo(Violation.KIND_CAPABILITY);
    }
}
