package nexcage.accounting.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClassicBucketsTest {

    @Test
    void aDurationCountsInTheFirstBucketItDoesNotExceed() {
        ClassicBuckets b = new ClassicBuckets(0.001, 0.01, 1);
        b.record(1_000_000);     // exactly 1 ms: le="0.001"
        b.record(1_000_001);     // just over: le="0.01"
        b.record(-3);            // a clock step back: the first
        b.record(5_000_000_000L); // over every bound
        assertThat(b.counts()).containsExactly(2, 1, 0, 1);
        assertThat(b.upperBounds()).containsExactly(0.001, 0.01, 1);
    }

    @Test
    void boundsMustAscend() {
        assertThatThrownBy(() -> new ClassicBuckets(0.1, 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bucket bounds must ascend: 0.1 then 0.1");
    }
}
