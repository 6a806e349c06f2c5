package resnetmc.theory.normlaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import resnetmc.stats.Interval;

/**
 * How {@link NormRatioLaw} handles the atom of {@code log rho^2} at 0 (ReLU: mass {@code 2^-dL}, no unit active
 * in any layer), against a law with the same structure and a closed form ({@link AtomGaussianLayer}: the atom
 * plus a Gaussian, so the sum is a binomial mixture of Gaussians plus the atom {@code a^L}). The atom masses
 * here (1/4 to 1/64) are visible at any tolerance; a ReLU law with a visible atom ({@code d L} below about 30)
 * would take minutes per inversion. References: commons-math3 {@code erfc}, relative precision about 1e-15.
 * Tolerances from the agreement measured on 2026-12-02 (L = 1, 2, 3), with a margin of 10 to 200: the CDF and
 * the upper tail within 7.4e-15 absolute (asked: 1e-13), each raw inversion within 1.4e-13 up to 1 sd onto the
 * other side of the mean (asked: 1e-11), both tails within 4.5e-14 relative down to 1e-30 (asked: 1e-11); the
 * stated accuracy of the law is 1e-8 and 1e-3, and every function here is computed with {@code StrictMath}, so
 * the numbers are the same on every CPU.
 * Deterministic and fast (about 0.2 s), so the mutation run uses it.
 */
class AtomInversionTest {

    private static final double BODY_ABS = 1e-13;
    private static final double RAW_ABS = 1e-11;
    private static final double TAIL_REL = 1e-11;
    /** Atom 1/4 a layer; the Gaussian part's mean and sd are of the order of a ReLU layer's at d = 4. */
    private static final AtomGaussianLayer LAYER = new AtomGaussianLayer(0.25, 0.3, 0.5, -50);

    private static NormRatioLaw law(int depth) {
        return NormRatioLaw.ofLayer(LAYER, depth);
    }

    /** The atom's mass and the exact mean of rho^2, E R = a + (1 - a) e^{mu + s^2/2} a layer. */
    @Test
    void atomAndMeanAreExact() {
        for (int depth = 1; depth <= 3; depth++) {
            NormRatioLaw law = law(depth);
            assertEquals(Math.pow(0.25, depth), law.atomMass(), 0.0);
            double meanR = 0.25 + 0.75 * Math.exp(0.3 + 0.125);
            assertEquals(Math.pow(meanR, depth), law.meanRho2(), 1e-14 * Math.pow(meanR, depth));
        }
    }

    /**
     * The CDF on both sides of 0 and at 0 itself (where it jumps by the atom), the upper tail as its complement,
     * and each inversion against the other (they take the atom out and add it back on opposite sides of 0).
     */
    @Test
    void cdfJumpsByTheAtomAtZero() {
        for (int depth = 1; depth <= 3; depth++) {
            NormRatioLaw law = law(depth);
            double m = law.meanLogRho2();
            double sd = law.sdLogRho2();
            String where = "L=" + depth;
            double[] xs = {-1e-9, -Math.ulp(1.0), 0.0, 1e-300, 1e-9, m - 2 * sd, m - sd, m, m + sd, m + 2 * sd};
            for (double x : xs) {
                double below = LAYER.sumTail(depth, x, false);
                assertEquals(below, law.cdf(x), BODY_ABS, where + " cdf x=" + x);
                assertEquals(1 - below, law.upperTail(x), BODY_ABS, where + " upper x=" + x);
                if (Math.abs(x - m) <= sd) {
                    // each inversion up to 1 sd onto the other side of the mean (the public methods take the
                    // complement there, where the magnification e^{theta (mean - x)} costs digits)
                    assertEquals(below, law.invert(x, false), RAW_ABS, where + " lower inversion x=" + x);
                    assertEquals(1 - below, law.invert(x, true), RAW_ABS, where + " upper inversion x=" + x);
                }
            }
            double jump = law.cdf(0) - law.cdf(-Math.ulp(1.0));
            assertEquals(law.atomMass(), jump, BODY_ABS, where + " jump at 0");
        }
    }

    /** Both tails out to below 1e-30, relative. */
    @Test
    void tailsAreRelativeOnBothSides() {
        for (int depth = 1; depth <= 3; depth++) {
            NormRatioLaw law = law(depth);
            double m = law.meanLogRho2();
            double sd = law.sdLogRho2();
            for (double x = m + 2 * sd; ; x += sd) {
                double ref = LAYER.sumTail(depth, x, true);
                assertEquals(ref, law.upperTail(x), TAIL_REL * ref, "L=" + depth + " upper x=" + x);
                if (ref < 1e-30) {
                    break;
                }
            }
            for (double x = m - 2 * sd; ; x -= sd) {
                double ref = LAYER.sumTail(depth, x, false);
                assertEquals(ref, law.lowerTail(x), TAIL_REL * ref, "L=" + depth + " lower x=" + x);
                if (ref < 1e-30) {
                    break;
                }
            }
        }
    }

    /**
     * Every probability inside the jump has the quantile 0 (one-at-a-time and body quantiles alike); just outside
     * it, the quantile is off 0 on the right side and inverts the exact CDF.
     */
    @Test
    void quantilesInsideTheJumpAreZero() {
        for (int depth = 1; depth <= 3; depth++) {
            NormRatioLaw law = law(depth);
            String where = "L=" + depth;
            double before = LAYER.sumTail(depth, -Math.ulp(1.0), false);
            double after = LAYER.sumTail(depth, 0, false);
            double jump = after - before;
            double[] inside = {before + 1e-6 * jump, before + 0.5 * jump, after - 1e-6 * jump};
            double[] ps = new double[inside.length + 2];
            System.arraycopy(inside, 0, ps, 0, inside.length);
            ps[inside.length] = before - 1e-3;
            ps[inside.length + 1] = after + 1e-3;
            double[] body = law.bodyQuantilesLog10Rho(ps);
            for (int i = 0; i < inside.length; i++) {
                assertEquals(0.0, law.quantile(inside[i]), 0.0, where + " p=" + inside[i]);
                assertEquals(0.0, body[i], 0.0, where + " body p=" + inside[i]);
            }
            // Brent stops within 1e-11 sd in x, i.e. within (density * sd) 1e-11 <= 1e-11 in probability here
            double lo = law.quantile(before - 1e-3);
            double hi = law.quantile(after + 1e-3);
            assertTrue(lo < 0 && hi > 0, where + " " + lo + " " + hi);
            assertEquals(before - 1e-3, LAYER.sumTail(depth, lo, false), 1e-11, where + " below the jump");
            assertEquals(after + 1e-3, LAYER.sumTail(depth, hi, false), 1e-11, where + " above the jump");
            double ln10x2 = 2 * StrictMath.log(10);
            assertEquals(before - 1e-3, LAYER.sumTail(depth, ln10x2 * body[inside.length], false), 1e-11, where + " body below");
            assertEquals(after + 1e-3, LAYER.sumTail(depth, ln10x2 * body[inside.length + 1], false), 1e-11, where + " body above");
            assertEquals(hi, law.upperQuantile(1 - after - 1e-3), 1e-9 * law.sdLogRho2(), where + " upperQuantile");
        }
    }

    /**
     * The r_fwd brackets at t = 4 (rho < 1 strictly, the atom excluded: {@code P(S < 0)}) and t = 1/4 (where the
     * lower end {@code log (1 - s)^2} is off 0, so nothing is excluded): rho = exp(S / 2), so
     * {@code P((rho - 1)^2 > t) = P(S > 2 log(1 + s)) + P(S < 2 log(1 - s))} and so on, from the exact CDF.
     */
    @Test
    void rFwdBracketsExcludeTheAtomOnlyAtZero() {
        for (int depth = 1; depth <= 3; depth++) {
            NormRatioLaw law = law(depth);
            String where = "L=" + depth;
            double strictlyBelow0 = LAYER.sumTail(depth, 0, false) - law.atomMass();
            // t = 4, s = 2: (rho + 1)^2 < 4 iff rho < 1; (rho - 1)^2 < 4 iff rho < 3
            Interval below = law.rFwdBelow(4);
            assertEquals(strictlyBelow0, below.low(), BODY_ABS, where + " P(rho < 1)");
            assertEquals(1 - LAYER.sumTail(depth, 2 * Math.log(3), true), below.high(), BODY_ABS, where + " P(rho < 3)");
            // t = 1/4, s = 1/2: (rho - 1)^2 > 1/4 iff rho > 3/2 or rho < 1/2; (rho + 1)^2 > 1/4 always
            Interval above = law.rFwdAbove(0.25);
            double ref = LAYER.sumTail(depth, 2 * Math.log(1.5), true) + LAYER.sumTail(depth, 2 * Math.log(0.5), false);
            assertEquals(ref, above.low(), BODY_ABS, where + " P(|rho - 1| > 1/2)");
            assertEquals(1.0, above.high(), 0.0, where);
        }
    }

    /**
     * {@code meanLogRho2} and {@code sdLogRho2} are central differences of K at the step {@code delta = 1e-2 / sd(log R)}
     * (the class's constructor), so their errors are those of the differences: {@code K'} comes out as
     * {@code kappa_1 + kappa_3 delta^2 / 6 + O(delta^4)} and {@code K''} as {@code kappa_2 + kappa_4 delta^2 / 12 + ...}
     * (Taylor series of K, whose coefficients are the cumulants). The cumulants of one layer follow from the raw
     * moments of the mixture, {@code E X^k = (1 - a) E N(mu, s^2)^k}. Each error must be within 5 % of that leading
     * term (plus 1e-13 relative for rounding): a larger step, or a wrong difference, is outside; four layers from
     * a pure Gaussian (kappa_3 = kappa_4 = 0: exact to rounding) to a heavily skewed mixture.
     */
    @Test
    void meanAndSdCarryOnlyTheCentralDifferenceError() {
        double[][] cases = {{0.25, 0.3, 0.5}, {0.0, 0.3, 0.5}, {0.5, 1.0, 0.1}, {0.25, 0.3, 3}};
        for (double[] c : cases) {
            double a = c[0];
            double mu = c[1];
            double s = c[2];
            double m1 = (1 - a) * mu;
            double m2 = (1 - a) * (mu * mu + s * s);
            double m3 = (1 - a) * (mu * mu * mu + 3 * mu * s * s);
            double m4 = (1 - a) * (Math.pow(mu, 4) + 6 * mu * mu * s * s + 3 * Math.pow(s, 4));
            double k1 = m1;
            double k2 = m2 - m1 * m1;
            double k3 = m3 - 3 * m2 * m1 + 2 * m1 * m1 * m1;
            double k4 = m4 - 4 * m3 * m1 - 3 * m2 * m2 + 12 * m2 * m1 * m1 - 6 * Math.pow(m1, 4);
            double delta = 1e-2 / Math.sqrt(k2);
            for (int depth : new int[] {1, 7}) {
                NormRatioLaw law = NormRatioLaw.ofLayer(new AtomGaussianLayer(a, mu, s, -50), depth);
                String where = "a=" + a + " mu=" + mu + " s=" + s + " L=" + depth;
                double meanError = law.meanLogRho2() / depth - k1;
                assertTrue(Math.abs(meanError) <= 1.05 * Math.abs(k3) * delta * delta / 6 + 1e-13 * Math.abs(k1),
                        where + " mean error " + meanError + ", kappa3 delta^2 / 6 = " + k3 * delta * delta / 6);
                double varError = law.sdLogRho2() * law.sdLogRho2() / depth - k2;
                assertTrue(Math.abs(varError) <= 1.05 * Math.abs(k4) * delta * delta / 12 + 1e-13 * k2,
                        where + " variance error " + varError + ", kappa4 delta^2 / 12 = " + k4 * delta * delta / 12);
            }
        }
    }

    /**
     * Quantiles far in both tails (the log-tail equations, and the Gaussian first guess's far-tail branches beyond
     * 1e-10): the exact tail probability at the returned point is the target, to 1e-9 relative (Brent's tolerance,
     * 1e-11 sd, times the tail's log-slope of a few units per sd).
     */
    @Test
    void farQuantilesInvertTheExactTails() {
        for (int depth = 1; depth <= 3; depth++) {
            NormRatioLaw law = law(depth);
            String where = "L=" + depth;
            for (double p : new double[] {1e-5, 1e-12}) {
                assertEquals(p, LAYER.sumTail(depth, law.quantile(p), false), 1e-9 * p, where + " lower p=" + p);
                double q = 1 - (1 - p); // the upper tail 1 - p carries, not p
                assertEquals(q, LAYER.sumTail(depth, law.quantile(1 - p), true), 1e-9 * q, where + " upper 1-p, p=" + p);
            }
            assertEquals(1e-25, LAYER.sumTail(depth, law.upperQuantile(1e-25), true), 1e-9 * 1e-25, where + " upperQuantile");
        }
    }
}
