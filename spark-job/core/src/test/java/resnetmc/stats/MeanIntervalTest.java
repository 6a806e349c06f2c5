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
}
