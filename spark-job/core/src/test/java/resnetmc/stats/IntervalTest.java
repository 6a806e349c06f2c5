package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntervalTest {

    @Test
    void containsIncludesBothEnds() {
        Interval i = new Interval(0.25, 0.5);
        assertTrue(i.contains(0.25));
        assertTrue(i.contains(0.5));
        assertTrue(i.contains(0.3));
        assertFalse(i.contains(Math.nextDown(0.25)));
        assertFalse(i.contains(Math.nextUp(0.5)));
        assertFalse(i.contains(Double.NaN));
    }

    @Test
    void rejectsReversedOrNaNEnds() {
        assertThrows(IllegalArgumentException.class, () -> new Interval(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Interval(Double.NaN, 0));
    }
}
