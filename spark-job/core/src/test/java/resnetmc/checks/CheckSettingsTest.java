package resnetmc.checks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import resnetmc.theory.HypothesisConstants.CKind;

/** The argument checks of {@link CheckSettings} at the ends of their ranges, and its value semantics. */
class CheckSettingsTest {

    private static CheckSettings settings(double[] deltas, double family, double tol, int minTrials) {
        return new CheckSettings(deltas, family, tol, CKind.DIMENSION, minTrials);
    }

    @Test
    void openAndClosedEndsOfEachRange() {
        double[] ok = {0.1};
        // delta in the open (0,1): both ends rejected, values just inside accepted
        for (double d : new double[] {0.0, 1.0, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> settings(new double[] {d}, 0.95, 0.05, 50));
            assertEquals("every delta must be in (0,1), got " + d, e.getMessage());
        }
        settings(new double[] {Double.MIN_VALUE, Math.nextDown(1.0)}, 0.95, 0.05, 50);
        // family confidence in the open (0,1)
        for (double f : new double[] {0.0, 1.0}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(ok, f, 0.05, 50));
            assertEquals("family confidence must be in (0,1), got " + f, e.getMessage());
        }
        settings(ok, Double.MIN_VALUE, 0.05, 50);
        settings(ok, Math.nextDown(1.0), 0.05, 50);
        // tolerance in the half-open [0,1): 0 is allowed (an exact mean statement), 1 is not
        assertEquals(0.0, settings(ok, 0.95, 0.0, 50).tolerance());
        settings(ok, 0.95, Math.nextDown(1.0), 50);
        for (double t : new double[] {-Double.MIN_VALUE, 1.0}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(ok, 0.95, t, 50));
            assertEquals("tolerance must be in [0,1), got " + t, e.getMessage());
        }
        // meanMinTrials >= 2 (a t interval needs two trials)
        assertEquals(2, settings(ok, 0.95, 0.05, 2).meanMinTrials());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(ok, 0.95, 0.05, 1));
        assertEquals("meanMinTrials must be >= 2, got 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CheckSettings(ok, 0.95, 0.05, null, 50));
        assertEquals("cKind is required", e.getMessage());
    }

    @Test
    void valueSemantics() {
        double[] deltas = {0.1, 0.01};
        CheckSettings a = settings(deltas, 0.95, 0.05, 50);
        deltas[0] = 0.5; // the record keeps its own copy
        assertArrayEquals(new double[] {0.1, 0.01}, a.deltas());
        a.deltas()[0] = 0.7; // and hands out copies
        assertArrayEquals(new double[] {0.1, 0.01}, a.deltas());
        // 1 - 0.95 in doubles
        assertEquals(1 - 0.95, a.familyError(), 0.0);
        assertEquals(0.25, settings(deltas, 0.75, 0.05, 50).familyError(), 0.0);

        CheckSettings b = settings(new double[] {0.1, 0.01}, 0.95, 0.05, 50);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, a);
        assertNotEquals(a, "CheckSettings");
        // each component takes part in equality
        assertNotEquals(a, settings(new double[] {0.1, 0.02}, 0.95, 0.05, 50));
        assertNotEquals(a, settings(new double[] {0.1, 0.01}, 0.9, 0.05, 50));
        assertNotEquals(a, settings(new double[] {0.1, 0.01}, 0.95, 0.1, 50));
        assertNotEquals(a, new CheckSettings(new double[] {0.1, 0.01}, 0.95, 0.05, CKind.UNIVERSAL, 50));
        assertNotEquals(a, settings(new double[] {0.1, 0.01}, 0.95, 0.05, 51));
        // the hash is 31 h(deltas) + h(conf) + 7 h(tol) + h(kind) + minTrials, written out independently
        int expected = 31 * java.util.Arrays.hashCode(new double[] {0.1, 0.01}) + Double.hashCode(0.95)
                + 7 * Double.hashCode(0.05) + CKind.DIMENSION.hashCode() + 50;
        assertEquals(expected, a.hashCode());
        assertEquals("CheckSettings[deltas=[0.1, 0.01], familyConfidence=0.95, tolerance=0.05, cKind=DIMENSION, "
                + "meanMinTrials=50]", a.toString());
    }

    @Test
    void defaultsOfTheShortConstructor() {
        CheckSettings s = CheckSettings.of(new double[] {0.05}, 0.99, CKind.UNIVERSAL);
        assertEquals(CheckSettings.DEFAULT_TOLERANCE, s.tolerance());
        assertEquals(MeanEquivalence.DEFAULT_MIN_TRIALS, s.meanMinTrials());
        assertEquals(CKind.UNIVERSAL, s.cKind());
        assertTrue(s.familyConfidence() == 0.99);
    }
}
