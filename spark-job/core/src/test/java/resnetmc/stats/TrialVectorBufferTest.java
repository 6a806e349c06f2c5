package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrialVectorBufferTest {

    /** Columns come back in trial order whatever order the vectors were added and merged in. */
    @Test
    void columnsAreInTrialOrder() {
        TrialVectorBuffer a = new TrialVectorBuffer().add(3, new double[] {3, 30}).add(0, new double[] {0, 0});
        TrialVectorBuffer b = new TrialVectorBuffer().add(2, new double[] {2, 20}).add(1, new double[] {1, 10});
        TrialVectorBuffer m = a.merge(new TrialVectorBuffer()).merge(b);
        assertEquals(4, m.count());
        assertArrayEquals(new double[] {0, 1, 2, 3}, m.column(0));
        assertArrayEquals(new double[] {0, 10, 20, 30}, m.column(1));
        assertEquals(4, new TrialVectorBuffer().merge(m).count());
        assertEquals(2, new TrialVectorBuffer().merge(m).dimension());
    }

    /**
     * Means bit-identical for any split: 1000 random vectors added in one buffer, or spread over 7
     * buffers in shuffled order and merged; the estimate equals the two-pass mean and sample sd by hand,
     * interval mean +- 1.959964 sd / sqrt(n) (95% normal quantile).
     */
    @Test
    void estimateIsPartitionInvariantAndCorrect() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 1000;
        double[][] v = new double[n][3];
        for (double[] row : v) {
            for (int j = 0; j < 3; j++) {
                row[j] = Math.exp(r.nextGaussian() * 3); // heavy tails make sums order-sensitive
            }
        }
        TrialVectorBuffer one = new TrialVectorBuffer();
        for (int t = 0; t < n; t++) {
            one.add(t, v[t]);
        }
        TrialVectorBuffer[] parts = new TrialVectorBuffer[7];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new TrialVectorBuffer();
        }
        for (int t = n - 1; t >= 0; t--) {
            parts[r.nextInt(parts.length)].add(t, v[t]);
        }
        TrialVectorBuffer merged = new TrialVectorBuffer();
        for (int i = parts.length - 1; i >= 0; i--) {
            merged.merge(parts[i]);
        }
        for (int j = 0; j < 3; j++) {
            TrialVectorBuffer.Estimate e1 = one.estimate(j, 0.95);
            assertEquals(e1, merged.estimate(j, 0.95));
            double sum = 0;
            for (double[] row : v) {
                sum += row[j];
            }
            double mean = sum / n;
            double ss = 0;
            for (double[] row : v) {
                ss += (row[j] - mean) * (row[j] - mean);
            }
            double half = 1.959963984540054 * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
            assertEquals(mean, e1.mean(), 0.0);
            assertEquals(mean - half, e1.low(), 1e-12 * Math.abs(mean));
            assertEquals(mean + half, e1.high(), 1e-12 * Math.abs(mean));
        }
    }

    @Test
    void nonFiniteMeanHasNoInterval() {
        TrialVectorBuffer b = new TrialVectorBuffer().add(0, new double[] {1}).add(1, new double[] {Double.POSITIVE_INFINITY});
        TrialVectorBuffer.Estimate e = b.estimate(0, 0.95);
        assertEquals(Double.POSITIVE_INFINITY, e.mean());
        assertTrue(Double.isNaN(e.low()) && Double.isNaN(e.high()));
    }

    @Test
    void duplicateTrialAndWrongLengthAreErrors() {
        TrialVectorBuffer b = new TrialVectorBuffer().add(0, new double[] {1, 2}).add(0, new double[] {1, 2});
        assertThrows(IllegalStateException.class, () -> b.column(0));
        assertThrows(IllegalArgumentException.class, () -> b.add(1, new double[] {1}));
    }
}
