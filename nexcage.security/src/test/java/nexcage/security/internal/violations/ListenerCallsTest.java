package nexcage.security.internal.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import nexcage.security.admin.Violation;
import nexcage.security.admin.ViolationListener;

class ListenerCallsTest {

    @Test
    void aListenerThatThrowsDoesNotKeepTheOthersFromBeingTold() {
        Violation v = new Violation(Instant.EPOCH, "a", "logging", "log", "", 1);
        List<Violation> told = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        ViolationListener bad = x -> {
            throw new IllegalStateException("bad listener");
        };
        ViolationListener linkage = x -> {
            throw new NoClassDefFoundError("gone");
        };

        ListenerCalls.tellEach(List.of(bad, told::add, linkage, told::add), v, (l, e) -> failures.add(e));

        assertThat(told).containsExactly(v, v);
        assertThat(failures).hasSize(2);
    }
}
