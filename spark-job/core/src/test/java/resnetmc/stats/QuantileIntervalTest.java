package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import resnetmc.testing.FalseFailureRate;

/** The order-statistic interval of a quantile. */
@FalseFailureRate(1e-5)
class QuantileIntervalTest {

    private static double[] ranks(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1; // X_(i) = i
        }
        return v;
    }

    /**
     * Known answer: the 95% interval of the median of 100 values is (X_(40), X_(61)) (Binomial(100, 1/2):
     * P(B <= 39) = 0.0176 <= 0.025 < P(B <= 40) = 0.0284, P(B <= 59) = 0.9716 < 0.975 <= P(B <= 60) = 0.9824;
     * the standard table, e.g. Conover, Practical Nonparametric Statistics, table A3).
     */
    @Test
    void medianOfHundred() {
        QuantileInterval q = QuantileInterval.of(ranks(100), 0.5, 0.95);
        assertEquals(40, q.lowRank());
        assertEquals(61, q.highRank());
        assertEquals(40.0, q.low());
        assertEquals(61.0, q.high());
        assertEquals(50.5, q.value()); // type 7: h = 99 / 2
    }

    /** With 10 values no rank bounds the 0.99 quantile from above: (1 - 0.99^10 = 0.096 > 0.025). */
    @Test
    void smallSamplesGiveInfiniteEnds() {
        QuantileInterval q = QuantileInterval.of(ranks(10), 0.99, 0.95);
        assertEquals(Double.POSITIVE_INFINITY, q.high());
        assertEquals(11, q.highRank());
        QuantileInterval lo = QuantileInterval.of(ranks(10), 0.01, 0.95);
        assertEquals(Double.NEGATIVE_INFINITY, lo.low());
        assertEquals(0, lo.lowRank());
    }

    /**
     * Coverage of the 0.9 quantile of Uniform(0, 1) (true value 0.9) by the 90% interval from 200
     * values, over 2000 samples: misses at most 10% by construction. Fails only if the 99.999% one-sided
     * Clopper-Pearson lower bound of the miss rate exceeds 0.1: probability at most 1e-5 for a correct
     * interval.
     */
    @Test
    void coverage() {
        SplittableRandom rng = new SplittableRandom(11);
        int reps = 2000;
        int misses = 0;
        for (int r = 0; r < reps; r++) {
            double[] v = new double[200];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextDouble();
            }
            QuantileInterval q = QuantileInterval.of(v, 0.9, 0.9);
            misses += q.low() <= 0.9 && 0.9 <= q.high() ? 0 : 1;
        }
        double low = ClopperPearson.of(misses, reps, 0.99998).low();
        assertTrue(low <= 0.1, "misses " + misses + " of " + reps);
    }

    /** The read-out of a merged buffer equals that of all values: the buffer is the add/merge step. */
    @Test
    void fromMergedBuffers() {
        SplittableRandom rng = new SplittableRandom(12);
        double[] all = new double[300];
        SampleBuffer a = new SampleBuffer();
        SampleBuffer b = new SampleBuffer();
        for (int i = 0; i < all.length; i++) {
            all[i] = rng.nextGaussian();
            (i % 3 == 0 ? a : b).add(i, all[i]);
        }
        QuantileInterval merged = QuantileInterval.of(a.merge(b).merge(new SampleBuffer()), 0.95, 0.99);
        assertEquals(QuantileInterval.of(all, 0.95, 0.99), merged);
    }
}
