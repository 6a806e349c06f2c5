package resnetmc.job.montecarlo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import resnetmc.kernel.TrialOutcome;

class CellBufferTest {
    private static TrialOutcome outcome(long trial) {
        return new TrialOutcome(trial, 0.1 * trial, -0.2 * trial, 0, 0, 0, 0, true, new double[0], new double[0]);
    }

    /** Adding in any order and merging in any grouping, empty buffers included, gives the trial order. */
    @Test
    void mergeIsOrderFreeAndEmptyIsNeutral() {
        CellBuffer a = new CellBuffer().add(outcome(3)).add(outcome(0));
        CellBuffer b = new CellBuffer().add(outcome(2)).add(outcome(1));
        CellBuffer merged = new CellBuffer().merge(b).merge(new CellBuffer()).merge(a);
        assertEquals(4, merged.count());
        assertArrayEquals(new double[] {0.0, 0.1, 0.2, 0.1 * 3}, merged.log10RFwd.sortedByTrial(), 0.0);
        assertArrayEquals(new double[] {-0.0, -0.2, -0.4, -0.2 * 3}, merged.log10RBwd.sortedByTrial(), 0.0);
        CellBuffer other = a.merge(new CellBuffer()).merge(b);
        assertArrayEquals(merged.log10RFwd.sortedByTrial(), other.log10RFwd.sortedByTrial(), 0.0);
    }
}
