package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link TrialVectorBuffer#estimate}: one trial, a sum of squares that overflows, a non-finite mean. */
class TrialVectorEstimateEdgesTest {

    @Test
    void oneTrialHasAPointInterval() {
        // sd = 0 for a single trial (no spread to estimate), so the interval is the mean itself
        TrialVectorBuffer b = new TrialVectorBuffer().add(7, new double[] {2.5, -1});
        assertEquals(new TrialVectorBuffer.Estimate(2.5, 2.5, 2.5), b.estimate(0, 0.95));
        assertEquals(new TrialVectorBuffer.Estimate(-1, -1, -1), b.estimate(1, 0.95));
    }

    @Test
    void overflowingSpreadHasNoInterval() {
        // mean 0 is finite, but (1e308)^2 overflows: sd = Infinity, no interval
        TrialVectorBuffer b = new TrialVectorBuffer().add(0, new double[] {1e308}).add(1, new double[] {-1e308});
        TrialVectorBuffer.Estimate e = b.estimate(0, 0.95);
        assertEquals(0.0, e.mean(), 0.0);
        assertTrue(Double.isNaN(e.low()) && Double.isNaN(e.high()), e.toString());
        TrialVectorBuffer inf = new TrialVectorBuffer().add(0, new double[] {Double.POSITIVE_INFINITY})
                .add(1, new double[] {1});
        TrialVectorBuffer.Estimate ei = inf.estimate(0, 0.95);
        assertEquals(Double.POSITIVE_INFINITY, ei.mean());
        assertTrue(Double.isNaN(ei.low()) && Double.isNaN(ei.high()));
    }

    @Test
    void vectorsOfOneBufferHaveOneLength() {
        TrialVectorBuffer b = new TrialVectorBuffer().add(0, new double[] {1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.add(1, new double[] {1}));
        assertEquals("vector of length 1 in a buffer of length 2", e.getMessage());
        assertEquals(2, b.dimension());
        // an empty vector fixes the length at 0
        TrialVectorBuffer z = new TrialVectorBuffer().add(0, new double[0]);
        assertEquals(0, z.dimension());
        assertThrows(IllegalArgumentException.class, () -> z.add(1, new double[] {1}));
    }
}
