package resnetmc.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BoundsTest {

    private static double rel(double expected, double actual) {
        return Math.abs(actual - expected) / Math.abs(expected);
    }

    private static void assertReason(Optional<String> reason, String... parts) {
        assertTrue(reason.isPresent(), "expected a failing precondition");
        for (String p : parts) {
            assertTrue(reason.get().contains(p), "'" + reason.get() + "' should contain '" + p + "'");
        }
    }

    // ------------------------------------------------------------------ Lemma 1

    @Test
    void lemma1MatchesNaivePowAtModerateValues() {
        // At alpha = 0.3 and small L, (1+x)^L - 1 by Math.pow loses nothing; it is the independent value.
        for (int L : new int[] {1, 2, 5, 10, 30}) {
            double a = 0.3;
            assertTrue(rel(Math.pow(1 + a * a / 2, L) - 1, Bounds.lemma1Lower(a, L)) < 1e-13, "L=" + L);
            assertTrue(rel(Math.pow(1 + a * a, L) - 1, Bounds.lemma1Upper(a, L)) < 1e-13, "L=" + L);
            assertTrue(rel(Math.pow(1 + 0.7 * a * a, L) - 1, Bounds.exactMean(0.7, a, L)) < 1e-13, "L=" + L);
        }
        // L = 1: exactly alpha^2/2 and alpha^2.
        assertEquals(0.045, Bounds.lemma1Lower(0.3, 1), 1e-17);
        assertEquals(0.09, Bounds.lemma1Upper(0.3, 1), 1e-17);
    }

    @Test
    void lemma1StableForTinyAlpha() {
        // alpha = 1e-8, L = 10: (1 + 5e-17)^10 - 1 = 5e-16 + 45*(5e-17)^2 + ... = 5e-16 to ~1e-16
        // relative (a naive pow(1 + x, L) - 1 would round 1 + 5e-17 to 1 and return 0).
        double a = 1e-8;
        assertTrue(rel(10 * a * a / 2, Bounds.lemma1Lower(a, 10)) < 1e-12);
        assertTrue(rel(10 * a * a, Bounds.lemma1Upper(a, 10)) < 1e-12);
    }

    @Test
    void lemma1AtCriticalScalingApproachesEMinusOne() {
        // alpha^2 = 1/L: (1 + 1/L)^L - 1 = exp(1 - 1/(2L) + 1/(3L^2) - ...) - 1 (series of L log1p(1/L)).
        int L = 1_000_000;
        double expected = Math.exp(1 - 0.5 / L + 1.0 / (3.0 * L * L)) - 1;
        assertTrue(rel(expected, Bounds.lemma1Upper(Math.sqrt(1.0 / L), L)) < 1e-12);
        assertEquals(Bounds.lemma1Lower(0.2, 7), Bounds.exactMean(0.5, 0.2, 7));
        assertEquals(Bounds.lemma1Upper(0.2, 7), Bounds.exactMean(1.0, 0.2, 7));
    }

    // ------------------------------------------------------------------ Proposition 2

    @Test
    void prop2BoundClosedForm() {
        // 2 * 50 * 0.01 / 0.05 = 20.
        assertEquals(20.0, Bounds.prop2Bound(0.1, 50, 0.05), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Bounds.prop2Bound(0.1, 50, 1.0));
    }

    @Test
    void prop2PreconditionAcceptsCriticalScaling() {
        for (int L : new int[] {2, 7, 10, 120, 1000, 12345}) {
            double alpha = Math.pow(L, -0.5);
            assertEquals(Optional.empty(), Bounds.prop2Precondition(alpha, L), "L=" + L);
        }
        // Why the tolerance is needed: for some L, L * pow(L,-1/2)^2 rounds above 1 (L = 2, 7, 8, 13, ...);
        // every such L below 100 is accepted, and there are some.
        int roundedAbove = 0;
        for (int L = 1; L < 100; L++) {
            double a = Math.pow(L, -0.5);
            if (L * a * a > 1) {
                roundedAbove++;
                assertEquals(Optional.empty(), Bounds.prop2Precondition(a, L), "L=" + L);
            }
        }
        assertTrue(roundedAbove > 0);
    }

    @Test
    void prop2PreconditionReportsFailure() {
        // L = 6, alpha = 0.5: L alpha^2 = 1.5 exactly.
        assertEquals(Optional.of("L alpha^2 = 1.5 > 1"), Bounds.prop2Precondition(0.5, 6));
        // 1e-10 relative excess is beyond the 1e-12 tolerance.
        assertTrue(Bounds.prop2Precondition(Math.sqrt((1 + 1e-10) / 100), 100).isPresent());
    }

    // ------------------------------------------------------------------ Proposition 3

    @Test
    void prop3BoundsClosedForm() {
        // alpha = 0.5, L = 4: L alpha^2 = 1. Lower: d = 110, delta = 0.1 makes sqrt(11/(d delta)) = 1,
        // so exp(3/8 - 1) - 1 = exp(-0.625) - 1. Upper: d = 50, delta = 0.1 makes
        // sqrt(5/(d delta)) = 1, so exp(2) + 1.
        assertEquals(Math.exp(-0.625) - 1, Bounds.prop3LowerBound(0.5, 4, 110, 0.1), 1e-15);
        assertEquals(-0.4647385714810097, Bounds.prop3LowerBound(0.5, 4, 110, 0.1), 1e-15); // Python math
        assertEquals(Math.exp(2) + 1, Bounds.prop3UpperBound(0.5, 4, 50, 0.1), 1e-14);
    }

    @Test
    void prop3iPreconditionHoldsAtBoundary() {
        // C = 1, s = 1, d = 64: 2/((1 + 4 + 16) 64) = 1/672, so alpha^2 = 1/672 is on the boundary;
        // the tail 2 L exp(-672) ~ 2.9e-290 for L = 100 is far below delta/11.
        assertEquals(Optional.empty(), Bounds.prop3iPrecondition(Math.sqrt(1.0 / 672), 100, 64, 1, 1, 0.05));
    }

    @Test
    void prop3iPreconditionReportsEachFailure() {
        assertEquals(Optional.of("d = 32 < 64"), Bounds.prop3iPrecondition(0.01, 100, 32, 1, 1, 0.05));
        // alpha^2 = 1/600 > 1/672 = 0.00148810 (6 significant digits).
        assertReason(Bounds.prop3iPrecondition(Math.sqrt(1.0 / 600), 100, 64, 1, 1, 0.05),
                "alpha^2 = 0.00166667", "2/((sqrt(C) s^4 + 4 sqrt(C) + 16 s^4) d) = 0.0014881");
        // Tail: 2 * 100 * exp(-672) = 2.85e-290 (Python math.exp) > 1e-300/11 = 9.09e-302.
        assertReason(Bounds.prop3iPrecondition(Math.sqrt(1.0 / 672), 100, 64, 1, 1, 1e-300),
                "2 L exp(-d/(64 alpha^2 s^2)) = 2.85193E-290", "delta/11");
    }

    @Test
    void prop3iUniversalConstantIsStricter() {
        // C(64) = 66*68*70/64^3 = 1.198: alpha^2 at its bound 2/((5 sqrt(C) + 16) 64) = 1.455e-3 passes;
        // C = 105 lowers the bound to 2/((5 sqrt(105) + 16) 64) = 4.65e-4, so the same alpha fails.
        double c64 = HypothesisConstants.cDimension(64);
        double alpha = Math.sqrt(2 / ((5 * Math.sqrt(c64) + 16) * 64));
        assertEquals(Optional.empty(), Bounds.prop3iPrecondition(alpha, 100, 64, c64, 1, 0.05));
        assertReason(Bounds.prop3iPrecondition(alpha, 100, 64, HypothesisConstants.C_UNIVERSAL, 1, 0.05),
                "alpha^2 = 0.00145", "= 0.000464");
    }

    @Test
    void prop3iiPrecondition() {
        // C = 1, s = 1, d = 72: bound 1/(72 + 128) = 0.005.
        assertEquals(Optional.empty(), Bounds.prop3iiPrecondition(Math.sqrt(0.005), 72, 1, 1));
        assertEquals(Optional.of("alpha^2 = 0.01 > 1/(sqrt(C) (d + 128 s^4)) = 0.005"),
                Bounds.prop3iiPrecondition(0.1, 72, 1, 1));
        // C = 4 halves the bound to 0.0025.
        assertReason(Bounds.prop3iiPrecondition(Math.sqrt(0.005), 72, 4, 1), "= 0.0025");
        assertThrows(IllegalArgumentException.class, () -> Bounds.prop3iiPrecondition(0.1, 72, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Bounds.prop3iiPrecondition(0.1, 72, 0, 1));
    }

    // ------------------------------------------------------------------ Corollary 1

    @Test
    void cor1ClosedFormAndRelationToProp3() {
        // d = 220, delta = 0.1: sqrt(22/22) = 1, exp(-5/8) - 1. d = 100: sqrt(10/10) = 1, exp(2) + 1.
        assertEquals(Math.exp(-0.625) - 1, Bounds.cor1Lower(220, 0.1), 1e-15);
        assertEquals(Math.exp(2) + 1, Bounds.cor1Upper(100, 0.1), 1e-14);
        // Prop. 3 at L alpha^2 = 1 with delta/2 gives the same numbers (sqrt(11/(d delta/2)) = sqrt(22/(d delta))).
        for (int d : new int[] {64, 100, 1000}) {
            assertEquals(Bounds.prop3LowerBound(0.5, 4, d, 0.05), Bounds.cor1Lower(d, 0.1), 1e-14);
            assertEquals(Bounds.prop3UpperBound(0.5, 4, d, 0.05), Bounds.cor1Upper(d, 0.1), 1e-12);
        }
    }

    @Test
    void cor1Precondition() {
        // C = 1, s = 1, d = 64: L_min = (1/2 + 2 + 8) 64 + 96 = 768.
        assertEquals(Optional.empty(), Bounds.cor1Precondition(768, 64, 1, 1, 0.05));
        assertEquals(Optional.of("L = 767 < (sqrt(C) s^4/2 + 2 sqrt(C) + 8 s^4) d + 96 sqrt(C) s^4 = 768"),
                Bounds.cor1Precondition(767, 64, 1, 1, 0.05));
        assertEquals(Optional.of("d = 63 < 64"), Bounds.cor1Precondition(10_000, 63, 1, 1, 0.05));
    }

    /**
     * The log10 forms agree with the linear ones where those are finite (relative 1e-13: one rounding of
     * each side), and past 1e308 follow L log1p(c2 alpha^2) / ln 10 and y / ln 10: at L = 10^6,
     * alpha^2 = 1e-3, log10 of the Lemma 1 upper bound is 10^6 log10(1.001) = 434.0780...; the Prop. 3 (ii)
     * bound at d = 64, delta = 0.1 has y = 1000 + sqrt(5000/6.4).
     */
    @Test
    void log10FormsPastDoubleRange() {
        double a = Math.pow(16, -0.5);
        assertEquals(Math.log10(Bounds.lemma1Lower(a, 16)), Bounds.log10ExactMean(0.5, a, 16), 1e-13);
        assertEquals(Math.log10(Bounds.prop3UpperBound(a, 16, 8, 0.1)), Bounds.log10Prop3UpperBound(a, 16, 8, 0.1),
                1e-13);
        double big = Math.sqrt(1e-3);
        assertEquals(Double.POSITIVE_INFINITY, Bounds.lemma1Upper(big, 1_000_000));
        assertEquals(1e6 * Math.log10(1.001), Bounds.log10ExactMean(1.0, big, 1_000_000), 1e-9);
        double y = 1e6 * big * big + Math.sqrt(5 * 1e6 * big * big / (64 * 0.1));
        assertEquals(Double.POSITIVE_INFINITY, Bounds.prop3UpperBound(big, 1_000_000, 64, 0.1));
        assertEquals(y / Math.log(10), Bounds.log10Prop3UpperBound(big, 1_000_000, 64, 0.1), 1e-9);
    }
}
