package nexcage.accounting.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void bucketsCoverEveryValueInOrder() {
        long previous = -1;
        for (int i = 0; i < 400; i++) {
            long low = LatencyHistogram.lowerBound(i);
            assertThat(low).isGreaterThan(previous);
            assertThat(LatencyHistogram.index(low)).isEqualTo(i);
            assertThat(LatencyHistogram.index(LatencyHistogram.lowerBound(i + 1) - 1)).isEqualTo(i);
            previous = low;
        }
    }

    @Test
    void percentilesAreWithinAFewPercent() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v * 1000);
        }
        assertThat((double) h.percentile(0.99)).isCloseTo(99_000_000.0, within(99_000_000.0 * 0.035));
        assertThat((double) h.percentile(0.5)).isCloseTo(50_000_000.0, within(50_000_000.0 * 0.035));
        assertThat(new LatencyHistogram().percentile(0.99)).isZero();
    }

    @Test
    void hugeAndNegativeValuesDoNotBreakIt() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(Long.MAX_VALUE);
        h.record(-5);
        assertThat(h.percentile(1.0)).isPositive();
    }
}
