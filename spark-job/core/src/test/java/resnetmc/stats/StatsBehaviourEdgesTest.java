package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Behaviour at edges the other stats tests leave out: a trial-vector buffer through Java serialization (as
 * Spark ships it), and a weighted slope with two exact points (se = 0) at the same x. Only public behaviour is
 * asserted. Deterministic.
 */
class StatsBehaviourEdgesTest {

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T x) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(x);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    /** Three 2-vectors added out of trial order survive serialization, in trial order, and the copy still grows. */
    @Test
    void trialVectorBufferSerializationRoundTrip() throws Exception {
        TrialVectorBuffer b = new TrialVectorBuffer().add(5, new double[] {1.5, -2}).add(2, new double[] {3, 4})
                .add(9, new double[] {-7, 0.25});
        TrialVectorBuffer copy = roundTrip(b);
        assertEquals(3, copy.count());
        assertEquals(2, copy.dimension());
        assertArrayEquals(new double[] {3, 1.5, -7}, copy.column(0), 0.0);
        assertArrayEquals(new double[] {4, -2, 0.25}, copy.column(1), 0.0);
        copy.add(1, new double[] {10, 20});
        assertArrayEquals(new double[] {10, 3, 1.5, -7}, copy.column(0), 0.0);
        // the original is unchanged by being written
        assertArrayEquals(new double[] {3, 1.5, -7}, b.column(0), 0.0);
    }

    /**
     * Two exact points (se = 0) at the same x = 1 (y = 3) and one with se = 0.1 at x = 2 (y = 5): the line is
     * pinned at (1, 3) and fitted through the other point, slope (5 - 3)/(2 - 1) = 2 with standard error
     * 0.1 / sqrt(weight 1 * (2 - 1)^2) = 0.1.
     */
    @Test
    void weightedSlopeWithCoincidentExactPoints() {
        WeightedSlope.Estimate e = WeightedSlope.fit(new double[] {1, 1, 2}, new double[] {3, 3, 5},
                new double[] {0, 0, 0.1});
        assertEquals(2.0, e.slope(), 1e-15);
        assertEquals(0.1, e.standardError(), 1e-15);
    }
}
