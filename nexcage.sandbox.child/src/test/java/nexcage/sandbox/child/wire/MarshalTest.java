package nexcage.sandbox.child.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexcage.api.CapabilityDeniedException;
import nexcage.api.HealthStatus;
import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendHealth;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.hooks.HookResult;
import nexcage.api.runtime.RuntimeFacts;
import nexcage.api.validation.ValidationErrorKind;
import nexcage.api.validation.ValidationException;

class MarshalTest {
    private final Marshal marshal = new Marshal(new Marshal.Special() {
        @Override
        public Values.Tagged encode(Object o) {
            return null;
        }

        @Override
        public Object decode(Values.Tagged t) {
            return null;
        }
    });

    private Object roundTrip(Object o) {
        return marshal.decode(Values.decode(Values.encode(marshal.encode(o))));
    }

    @Test
    void theApisRecordsAndEnumsCrossWhole() {
        ContainerInfo info = new ContainerInfo("c1", "e1", "alpine", ContainerStatus.RUNNING, "docker", Instant.parse("2026-01-02T03:04:05Z"),
                42, null, Map.of("a", "b"));
        assertThat(roundTrip(info)).isEqualTo(info);
        assertThat(roundTrip(HealthStatus.DEGRADED)).isSameAs(HealthStatus.DEGRADED);
        assertThat(roundTrip(BackendHealth.unhealthy("down"))).isEqualTo(BackendHealth.unhealthy("down"));
        HookResult r = new HookResult("x.pre_y", true, "p", "no", Map.of("k", "v"), 2, 0, 0, false);
        assertThat(roundTrip(r)).isEqualTo(r);
        RuntimeFacts facts = new RuntimeFacts("0.8.0", "17", Duration.ofSeconds(5), Map.of("hello", "active"));
        assertThat(roundTrip(facts)).isEqualTo(facts);
        assertThat(roundTrip(List.of(Path.of("/a/b")))).isEqualTo(List.of(Path.of("/a/b")));
    }

    @Test
    void theApisExceptionsAreRebuiltWithTheirFields() {
        Exception denied = Marshal.exception(Values.decode(Values.encode(Marshal.describe(
                new CapabilityDeniedException("p", "container_list", "containers.list")))));
        assertThat(denied).isInstanceOf(CapabilityDeniedException.class);
        assertThat(((CapabilityDeniedException) denied).capability()).isEqualTo("container_list");
        assertThat(((CapabilityDeniedException) denied).operation()).isEqualTo("containers.list");

        Exception backend = Marshal.exception(Marshal.describe(new BackendException(BackendException.Reason.NO_SUCH_IMAGE, "no image x")));
        assertThat(backend).isInstanceOf(BackendException.class).hasMessage("no image x");
        assertThat(((BackendException) backend).reason()).isEqualTo(BackendException.Reason.NO_SUCH_IMAGE);

        Exception invalid = Marshal.exception(Marshal.describe(new ValidationException(ValidationErrorKind.INVALID_COMMAND, "bad")));
        assertThat(((ValidationException) invalid).kind()).isEqualTo(ValidationErrorKind.INVALID_COMMAND);
    }

    @Test
    void anyOtherExceptionKeepsItsMessage() {
        Exception e = Marshal.exception(Marshal.describe(new java.io.FileNotFoundException("/x is missing")));
        assertThat(e).isInstanceOf(RemoteException.class).hasMessage("/x is missing");
        assertThat(((RemoteException) e).type()).isEqualTo("java.io.FileNotFoundException");
    }
}
