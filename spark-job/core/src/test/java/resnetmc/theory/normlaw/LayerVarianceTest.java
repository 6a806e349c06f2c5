package resnetmc.theory.normlaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The variance of one layer's {@code log R} at large width, against the delta method (an independent derivation):
 * {@code R = 1 + A}, {@code A = 2 t g + t^2 X}, {@code t^2 = alpha^2 Q / d^2}, {@code g ~ N(0, 1)},
 * {@code X ~ chi2(d)} (LayerLaw's class comment), so {@code E A = c2 alpha^2} and
 * {@code Var A = [4 c2 alpha^2 + alpha^4 (Var Q / d + 2 c2^2)] / d + O(1/d^2)}; linearising {@code log} around
 * {@code 1 + c2 alpha^2} gives {@code Var log R = Var A / (1 + c2 alpha^2)^2} up to a relative {@code O(1/d)}. Here
 * {@code Var Q / d} is 0 for res-1 identity ({@code Q = d}), 2 for identity res-2 ({@code chi2(d)}) and
 * {@code 1 + s^4 + (1 - s^2)^2 / 4} for (leaky) ReLU (given K active units Q is {@code chi2(K) + s^2 chi2(d - K)},
 * K ~ Binomial(d, 1/2)). Measured agreement (2026-12-02, alpha 0.1 to 3): within 0.7 / d relative at d = 1e4 and
 * 1e6; asked 2 / d.
 */
class LayerVarianceTest {

    /** Leaky ReLU only at d = 1e6 and two scales: its transform sums over the active count, seconds a law. */
    private static final Branch[] BRANCHES = {Branch.relu(), Branch.identityRes2(), Branch.identityRes1()};

    private static double deltaMethodSd(Branch b, int d, double alpha) {
        double c2 = b.c2();
        double s2 = b.slope() * b.slope();
        double varQOverD = b.kind() == Branch.Kind.IDENTITY_RES1 ? 0 : (1 + s2 * s2) + (1 - s2) * (1 - s2) / 4;
        double a2 = alpha * alpha;
        return Math.sqrt((4 * c2 * a2 + a2 * a2 * (varQOverD + 2 * c2 * c2)) / d) / (1 + c2 * a2);
    }

    @Test
    void sdOfLogRMatchesTheDeltaMethodAtLargeWidth() {
        for (Branch b : BRANCHES) {
            for (int d : new int[] {10_000, 1_000_000}) {
                for (double alpha : new double[] {0.1, 0.5, 1, 3}) {
                    double sd = NormRatioLaw.of(b, d, 1, alpha).sdLogRho2();
                    assertEquals(deltaMethodSd(b, d, alpha), sd, 2.0 / d * sd, b + " d=" + d + " alpha=" + alpha);
                }
            }
        }
        Branch leaky = Branch.leaky(0.3);
        int d = 1_000_000;
        for (double alpha : new double[] {0.5, 3}) {
            double sd = NormRatioLaw.of(leaky, d, 1, alpha).sdLogRho2();
            assertEquals(deltaMethodSd(leaky, d, alpha), sd, 2.0 / d * sd, leaky + " alpha=" + alpha);
        }
    }

    /**
     * {@link LayerLaw#sdGuess} (it only sets the first finite-difference step, which the second pass replaces) is the
     * small-alpha limit of the delta method: within a factor 1.25 of the law's sd for alpha up to 1/2 (measured at
     * most 1.18, res-1 identity at alpha = 1/2), at widths from 64 to 1e6; and it tends to it as alpha -> 0.
     */
    @Test
    void sdGuessIsTheSmallAlphaLimit() {
        for (Branch b : BRANCHES) {
            for (int d : new int[] {64, 10_000, 1_000_000}) {
                for (double alpha : new double[] {0.01, 0.1, 0.5}) {
                    double ratio = new LayerLaw(b, d, alpha).sdGuess() / NormRatioLaw.of(b, d, 1, alpha).sdLogRho2();
                    String where = b + " d=" + d + " alpha=" + alpha;
                    assertTrue(ratio > 1 / 1.25 && ratio < 1.25, where + " ratio " + ratio);
                    if (alpha == 0.01 && d >= 10_000) {
                        assertEquals(1, ratio, 1e-3, where);
                    }
                }
            }
        }
    }
}
