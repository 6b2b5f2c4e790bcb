package nexcage.core.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import nexcage.core.admin.RuntimeFigures.OperationLatency;

/** The latency buckets of backend calls: exact counts by bound, a sum, one series per backend and operation. */
class OperationTimesTest {

    @Test
    void eachCallCountsInTheFirstBucketItFitsWithBoundsInclusive() {
        OperationTimes t = new OperationTimes();
        t.record("docker", "start", 1_000_000);      // exactly 1 ms: the first bucket (le="0.001")
        t.record("docker", "start", 1_000_001);      // just over: the second
        t.record("docker", "start", 150_000_000);    // 150 ms: le="0.25"
        t.record("docker", "start", 120_000_000_000L); // 2 minutes: over the last bound
        t.record("docker", "start", -5);             // a clock step back counts as 0
        List<OperationLatency> s = t.snapshot();
        assertThat(s).singleElement().satisfies(l -> {
            assertThat(l.backend()).isEqualTo("docker");
            assertThat(l.operation()).isEqualTo("start");
            assertThat(l.upperBounds()).containsExactly(OperationTimes.BOUNDS);
            assertThat(l.counts()).hasSize(OperationTimes.BOUNDS.length + 1);
            assertThat(l.counts()[0]).isEqualTo(2);
            assertThat(l.counts()[1]).isEqualTo(1);
            assertThat(l.counts()[indexOf(0.25)]).isEqualTo(1);
            assertThat(l.counts()[OperationTimes.BOUNDS.length]).isEqualTo(1);
            assertThat(l.sumSeconds()).isCloseTo(120.152000001, org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    @Test
    void backendsAndOperationsAreApart() {
        OperationTimes t = new OperationTimes();
        t.record("docker", "start", 10);
        t.record("docker", "stop", 10);
        t.record("podman", "start", 10);
        assertThat(t.snapshot()).extracting(l -> l.backend() + ":" + l.operation())
                .containsExactlyInAnyOrder("docker:start", "docker:stop", "podman:start");
    }

    private static int indexOf(double bound) {
        for (int i = 0; i < OperationTimes.BOUNDS.length; i++) {
            if (OperationTimes.BOUNDS[i] == bound) {
                return i;
            }
        }
        throw new AssertionError(bound);
    }
}
