package resnetmc.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every public method of {@link Bounds} and {@link HypothesisConstants} rejects arguments outside its domain
 * with a message naming the argument and the allowed range, and accepts the closed ends; plus the
 * six-digit formatting of the precondition reasons.
 */
class BoundsArgumentChecksTest {

    private static void rejects(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    private static final String DEPTH = "L must be >= 1, got 0";
    private static final String WIDTH = "d must be >= 1, got 0";
    private static final String DELTA0 = "delta must be in (0,1), got 0.0";
    private static final String DELTA1 = "delta must be in (0,1), got 1.0";
    private static final String ALPHA = "alpha must be finite, got NaN";

    @Test
    void depthWidthDeltaAlpha() {
        double nan = Double.NaN;
        rejects(ALPHA, () -> Bounds.exactMean(0.5, nan, 1));
        rejects(DEPTH, () -> Bounds.exactMean(0.5, 0.1, 0));
        rejects(ALPHA, () -> Bounds.log10ExactMean(0.5, nan, 1));
        rejects(DEPTH, () -> Bounds.log10ExactMean(0.5, 0.1, 0));
        rejects(ALPHA, () -> Bounds.prop2Bound(nan, 1, 0.1));
        rejects(DEPTH, () -> Bounds.prop2Bound(0.1, 0, 0.1));
        rejects(DELTA0, () -> Bounds.prop2Bound(0.1, 1, 0.0));
        rejects(DELTA1, () -> Bounds.prop2Bound(0.1, 1, 1.0));
        rejects(ALPHA, () -> Bounds.prop2Precondition(nan, 1));
        rejects(DEPTH, () -> Bounds.prop2Precondition(0.1, 0));
        for (int which = 0; which < 3; which++) {
            int w = which;
            Bounds3 f = (a, l, d, del) -> w == 0 ? Bounds.prop3LowerBound(a, l, d, del)
                    : w == 1 ? Bounds.prop3UpperBound(a, l, d, del) : Bounds.log10Prop3UpperBound(a, l, d, del);
            rejects(ALPHA, () -> f.at(nan, 1, 64, 0.1));
            rejects(DEPTH, () -> f.at(0.1, 0, 64, 0.1));
            rejects(WIDTH, () -> f.at(0.1, 1, 0, 0.1));
            rejects(DELTA0, () -> f.at(0.1, 1, 64, 0.0));
        }
        rejects(ALPHA, () -> Bounds.prop3iPrecondition(nan, 1, 64, 1, 1, 0.1));
        rejects(DEPTH, () -> Bounds.prop3iPrecondition(0.1, 0, 64, 1, 1, 0.1));
        rejects(WIDTH, () -> Bounds.prop3iPrecondition(0.1, 1, 0, 1, 1, 0.1));
        rejects(DELTA1, () -> Bounds.prop3iPrecondition(0.1, 1, 64, 1, 1, 1.0));
        rejects(ALPHA, () -> Bounds.prop3iiPrecondition(nan, 64, 1, 1));
        rejects(WIDTH, () -> Bounds.prop3iiPrecondition(0.1, 0, 1, 1));
        rejects(WIDTH, () -> Bounds.cor1Lower(0, 0.1));
        rejects(DELTA0, () -> Bounds.cor1Lower(64, 0.0));
        rejects(WIDTH, () -> Bounds.cor1Upper(0, 0.1));
        rejects(DELTA1, () -> Bounds.cor1Upper(64, 1.0));
        rejects(DEPTH, () -> Bounds.cor1Precondition(0, 64, 1, 1, 0.1));
        rejects(WIDTH, () -> Bounds.cor1Precondition(1, 0, 1, 1, 0.1));
        rejects(DELTA0, () -> Bounds.cor1Precondition(1, 64, 1, 1, 0.0));
        rejects("d must be >= 1, got 0", () -> HypothesisConstants.cDimension(0));
    }

    @FunctionalInterface
    private interface Bounds3 {
        double at(double alpha, int l, int d, double delta);
    }

    @Test
    void constantsAndC2() {
        String c0 = "need finite C > 0 and s >= 1, got C=0.0, s=1.0";
        rejects(c0, () -> Bounds.prop3iPrecondition(0.1, 1, 64, 0, 1, 0.1));
        rejects(c0, () -> Bounds.prop3iiPrecondition(0.1, 64, 0, 1));
        rejects(c0, () -> Bounds.cor1Precondition(1, 64, 0, 1, 0.1));
        rejects("need finite C > 0 and s >= 1, got C=Infinity, s=1.0",
                () -> Bounds.prop3iiPrecondition(0.1, 64, Double.POSITIVE_INFINITY, 1));
        rejects("need finite C > 0 and s >= 1, got C=1.0, s=0.99", () -> Bounds.prop3iiPrecondition(0.1, 64, 1, 0.99));
        rejects("need finite C > 0 and s >= 1, got C=1.0, s=Infinity",
                () -> Bounds.prop3iiPrecondition(0.1, 64, 1, Double.POSITIVE_INFINITY));
        rejects("c2 must be finite and >= 0, got -1.0", () -> Bounds.exactMean(-1, 0.1, 1));
        rejects("c2 must be finite and >= 0, got Infinity", () -> Bounds.exactMean(Double.POSITIVE_INFINITY, 0.1, 1));
        rejects("c2 must be finite and >= 0, got NaN", () -> Bounds.log10ExactMean(Double.NaN, 0.1, 1));
        rejects("c2 must be finite and >= 0, got Infinity",
                () -> Bounds.log10ExactMean(Double.POSITIVE_INFINITY, 0.1, 1));
        // closed ends: c2 = 0 (a branch that adds nothing: mean 0), s = 1, L = d = 1
        assertEquals(0.0, Bounds.exactMean(0, 0.7, 3), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, Bounds.log10ExactMean(0, 0.7, 3), 0.0);
        assertEquals(true, Bounds.prop3iiPrecondition(0.0, 1, 1, 1).isEmpty());
    }

    /**
     * log10 of (1 + c2 alpha^2)^L - 1 on both sides of its switch at x = L log1p(c2 alpha^2) = 700: at
     * alpha = 1, c2 = 1, L = 1009 (x = 699.4) it is log10(2^1009 - 1) = 1009 log10 2 to double precision; at
     * L = 1011 (x = 700.8) the asymptotic form x / ln 10 = 1011 log10 2.
     */
    @Test
    void log10FormsOnBothSidesOfTheSwitch() {
        assertEquals(1009 * Math.log10(2), Bounds.log10ExactMean(1, 1, 1009), 1e-12);
        assertEquals(1011 * Math.log10(2), Bounds.log10ExactMean(1, 1, 1011), 1e-12);
        assertEquals(Math.log10(3), Bounds.log10ExactMean(1, 1, 2), 1e-15);
        // Prop. 3 (ii) in log10, y = L alpha^2 + sqrt(5 L alpha^2 / (d delta)): log10(e^y + 1) at L alpha^2 = 650
        // (y = 664.3 <= 700), y / ln 10 at L alpha^2 = 800 (y = 816 > 700)
        double y1 = 650 + Math.sqrt(5 * 650 / (64 * 0.5));
        assertEquals(Math.log10(Math.exp(y1) + 1), Bounds.log10Prop3UpperBound(Math.sqrt(650.0 / 1000), 1000, 64, 0.5),
                1e-12 * y1);
        double y2 = 800 + Math.sqrt(5 * 800 / (64 * 0.5));
        assertEquals(y2 / Math.log(10), Bounds.log10Prop3UpperBound(Math.sqrt(800.0 / 1000), 1000, 64, 0.5),
                1e-12 * y2);
    }

    /** Six significant digits, trailing zeros dropped, plain between 1e-4 and 1e7. */
    @Test
    void formatting() {
        assertEquals("1.5", Bounds.fmt(1.5));
        assertEquals("0.0012", Bounds.fmt(0.0012));
        assertEquals("0.0001", Bounds.fmt(1e-4));
        // below 1e-4 BigDecimal.toString still writes plain digits down to 1e-6 (exponent >= -6)
        assertEquals("0.0000999999", Bounds.fmt(0.0000999999));
        assertEquals("3.1E-7", Bounds.fmt(3.1e-7));
        assertEquals("120", Bounds.fmt(120));
        assertEquals("-120", Bounds.fmt(-120));
        assertEquals("1234570", Bounds.fmt(1234567));
        assertEquals("1E+7", Bounds.fmt(1e7));
        assertEquals("0", Bounds.fmt(0));
        assertEquals("NaN", Bounds.fmt(Double.NaN));
        assertEquals("Infinity", Bounds.fmt(Double.POSITIVE_INFINITY));
    }

    /** The alpha^2 comparisons allow 1e-12 relative: L alpha^2 = 1 + 5e-13 holds, 1 + 2e-12 does not. */
    @Test
    void relativeToleranceOfAlphaSquaredComparisons() {
        assertEquals(true, Bounds.prop2Precondition(Math.sqrt(1 + 5e-13), 1).isEmpty());
        assertEquals("L alpha^2 = 1 > 1", Bounds.prop2Precondition(Math.sqrt(1 + 2e-12), 1).orElseThrow());
        // Prop. 3 (ii): alpha^2 <= 1/(sqrt(C)(d + 128 s^4)) with C = 1, s = 1, d = 64: 1/192
        assertEquals(true, Bounds.prop3iiPrecondition(Math.sqrt((1 + 5e-13) / 192), 64, 1, 1).isEmpty());
        assertEquals(false, Bounds.prop3iiPrecondition(Math.sqrt((1 + 2e-12) / 192), 64, 1, 1).isEmpty());
    }
}
