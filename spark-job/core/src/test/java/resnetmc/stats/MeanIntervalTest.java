package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MeanIntervalTest {

    @Test
    void twoSidedNormalQuantiles() {
        // Phi^{-1}(0.975) and Phi^{-1}(0.9995), scipy.stats.norm.ppf (standard tabulated values).
        assertEquals(1.959963984540054, MeanInterval.z(0.95), 1e-14);
        assertEquals(3.2905267314919255, MeanInterval.z(0.999), 1e-13);
    }

    @Test
    void normalIntervalIsMeanPlusMinusZSdOverSqrtN() {
        // 10 +- 1.959963984540054 * 2 / sqrt(100).
        Interval i = MeanInterval.normal(10, 2, 100, 0.95);
        assertEquals(10 - 0.3919927969080108, i.low(), 1e-13);
        assertEquals(10 + 0.3919927969080108, i.high(), 1e-13);
        Interval zero = MeanInterval.normal(3, 0, 5, 0.95);
        assertEquals(3, zero.low());
        assertEquals(3, zero.high());
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> MeanInterval.normal(0, 1, 0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> MeanInterval.normal(0, -1, 5, 0.95));
        assertThrows(IllegalArgumentException.class, () -> MeanInterval.z(0));
    }

    /**
     * Student t quantiles from the standard tables (e.g. Abramowitz and Stegun, table 26.10):
     * t_{0.975, 9} = 2.262157, t_{0.995, 1} = 63.65674; the interval is mean +- t sd / sqrt(n).
     */
    @Test
    void studentTInterval() {
        assertEquals(2.2621571628, MeanInterval.t(0.95, 10), 1e-9);
        assertEquals(63.656741163, MeanInterval.t(0.99, 2), 1e-7);
        Interval i = MeanInterval.studentT(10, 2, 10, 0.95);
        assertEquals(10 - 2.2621571628 * 2 / Math.sqrt(10), i.low(), 1e-9);
        assertEquals(10 + 2.2621571628 * 2 / Math.sqrt(10), i.high(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> MeanInterval.studentT(0, 1, 1, 0.95));
    }
}
