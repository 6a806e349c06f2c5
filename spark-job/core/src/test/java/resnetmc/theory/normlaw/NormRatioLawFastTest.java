package resnetmc.theory.normlaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.stats.Interval;

/**
 * Small, fast cases of {@link LayerLaw}, {@link NormRatioLaw} and {@link ExactTail} with exact answers:
 * closed-form moments K(1) = log E R, K(2) = log E R^2 (for every branch and every summation path of the
 * layer's transform), the exact mean and atom, identities between the law's functions (cdf + upper tail = 1,
 * quantiles inverting the cdf, the r_fwd brackets as complements), the noncentral chi-square CDF of one res-1
 * layer, argument checks, and the Chernoff bound against a brute-force minimisation. Deterministic; about a
 * second in all, so the mutation run can use it for {@code theory.normlaw} (the slower classes of the package
 * are left out of that run, see docs/testing.md).
 */
class NormRatioLawFastTest {

    /**
     * E R^2 = 1 + (2d + 4) E t^2 + (d^2 + 2d) E t^4 with t^2 = alpha^2 Q / d^2 (given t, R / t^2 is noncentral
     * chi-square with d degrees of freedom and noncentrality 1/t^2: mean d + 1/t^2, variance 2(d + 2/t^2));
     * for res-1 t^2 = alpha^2 / d exactly. res-2 with slope s (ReLU s = 0, identity s = 1): Q = X+ + s^2 X-
     * given K ~ Binomial(d, 1/2) active units, E(Q|K) = s^2 d + (1 - s^2) K, Var(Q|K) = 2K + 2 s^4 (d - K),
     * so E Q = d (1 + s^2)/2 and Var Q = d (1 + s^4) + d (1 - s^2)^2 / 4 (ReLU: d/2 and 5d/4; identity: d and
     * 2d).
     */
    private static double log2ndMoment(Branch b, int d, double alpha) {
        double a2 = alpha * alpha;
        double dd = (double) d * d;
        double et2;
        double et4;
        if (b.kind() == Branch.Kind.IDENTITY_RES1) {
            et2 = a2 / d;
            et4 = et2 * et2;
        } else {
            double s2 = b.slope() * b.slope();
            double eq = d * (1 + s2) / 2;
            double varQ = d * (1 + s2 * s2) + d * (1 - s2) * (1 - s2) / 4;
            et2 = a2 * eq / dd;
            et4 = a2 * a2 * (varQ + eq * eq) / (dd * dd);
        }
        return Math.log1p((2.0 * d + 4) * et2 + (dd + 2.0 * d) * et4);
    }

    /**
     * K(0) = 0, K(1) = log(1 + c2 alpha^2), K(2) = log E R^2 (closed form above) on cases that take each path
     * of the transform: the integer Poisson sum (large t), the continuous sum (Poisson mean >= 144), the
     * small-t expansion (t^2 d below 1e-6), and the strided binomial (d > 400).
     */
    @Test
    void cgfMatchesClosedFormMoments() {
        Object[][] cases = {
            {Branch.relu(), 8, 0.9}, {Branch.relu(), 64, 0.5}, {Branch.relu(), 1000, 0.3}, {Branch.relu(), 1000, 1e-4},
            {Branch.identityRes2(), 5, 0.6}, {Branch.identityRes2(), 200, 0.05}, {Branch.leaky(0.8), 4, 1.0},
            {Branch.leaky(0.3), 6, 0.7},
            {Branch.identityRes1(), 3, 1.0}, {Branch.identityRes1(), 1000, 0.05}, {Branch.identityRes1(), 50, 1e-4},
        };
        for (Object[] c : cases) {
            Branch b = (Branch) c[0];
            int d = (Integer) c[1];
            double alpha = (Double) c[2];
            NormRatioLaw law = NormRatioLaw.of(b, d, 3, alpha);
            String where = b.kind() + " d=" + d + " alpha=" + alpha;
            double k1 = Math.log1p(b.c2() * alpha * alpha);
            double k2 = log2ndMoment(b, d, alpha);
            assertEquals(0.0, law.layerCgf(0), 1e-15, where);
            assertEquals(k1, law.layerCgf(1), 1e-10 * k1, "K(1), " + where);
            assertEquals(k2, law.layerCgf(2), 1e-9 * k2, "K(2), " + where);
            // K is convex with K(0) = 0: K(1/2) < K(1)/2, and K(-1/2) > -K(1/2) (Jensen, R not constant)
            assertTrue(law.layerCgf(0.5) < k1 / 2, "convexity, " + where);
            assertTrue(law.layerCgf(-0.5) > -law.layerCgf(0.5), "convexity, " + where);
        }
    }

    /** The exact mean, atom, depth and domain; the domain of K is theta > -d/2. */
    @Test
    void exactConstants() {
        NormRatioLaw law = NormRatioLaw.of(Branch.relu(), 3, 2, 0.8);
        assertEquals(Math.pow(1 + 0.5 * 0.64, 2), law.meanRho2(), 1e-14);
        assertEquals(Math.pow(2, -6), law.atomMass(), 0.0);
        assertEquals(2, law.depth());
        assertEquals(-1.5, law.layerDomainLow(), 0.0);
        assertEquals(0.0, NormRatioLaw.of(Branch.identityRes2(), 3, 2, 0.8).atomMass(), 0.0);
        NormRatioLaw deep = NormRatioLaw.of(Branch.identityRes1(), 10, 1000, Math.pow(1000, -0.5));
        assertEquals(Math.pow(1 + 1e-3, 1000), deep.meanRho2(), 1e-12);
        // E log rho^2 <= log E rho^2 (Jensen), and the sd is positive
        assertTrue(deep.meanLogRho2() < Math.log(deep.meanRho2()) && deep.meanLogRho2() > 0);
        assertTrue(deep.sdLogRho2() > 0);
    }

    @Test
    void argumentChecks() {
        assertThrows(IllegalArgumentException.class, () -> NormRatioLaw.of(Branch.relu(), 4, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> NormRatioLaw.of(Branch.relu(), 0, 2, 0.5));
        for (double alpha : new double[] {0.0, -1.0, Double.POSITIVE_INFINITY, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NormRatioLaw.of(Branch.relu(), 4, 2, alpha));
            assertTrue(e.getMessage().contains("alpha > 0"), e.getMessage());
        }
        NormRatioLaw law = NormRatioLaw.of(Branch.identityRes1(), 16, 1, 1.0);
        for (double p : new double[] {0.0, 1.0, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> law.quantile(p));
            assertThrows(IllegalArgumentException.class, () -> law.upperQuantile(p));
        }
        assertThrows(IllegalArgumentException.class, () -> law.bodyQuantilesLog10Rho(0.5, 1e-4));
        assertThrows(IllegalArgumentException.class, () -> law.bodyQuantilesLog10Rho(1 - 1e-4));
    }

    /**
     * res-1 identity, d = 4, L = 1: R / t^2 is noncentral chi-square(4, 1/t^2), t^2 = alpha^2 / d; its CDF is
     * the Poisson mixture of regularised gamma functions ({@link NormRatioLawExactTest#ncx2}, commons-math3).
     * The CDF and both tails against it, cdf + upper tail = 1, and the log10-rho forms as the same functions at
     * 2 ln(10) y.
     */
    @Test
    void oneRes1LayerIsNoncentralChiSquare() {
        int d = 4;
        NormRatioLaw law = NormRatioLaw.of(Branch.identityRes1(), d, 1, 1.0);
        double m = law.meanLogRho2();
        double s = law.sdLogRho2();
        for (double z : new double[] {-1.5, 0.0, 1.0}) {
            double x = m + z * s;
            double ref = NormRatioLawExactTest.ncx2(d, 0.25, x, false);
            assertEquals(ref, law.cdf(x), 1e-8, "cdf z=" + z);
            assertEquals(1.0, law.cdf(x) + law.upperTail(x), 1e-8, "cdf + upper, z=" + z);
            double y = x / (2 * Math.log(10));
            assertEquals(law.cdf(x), law.cdfLog10Rho(y), 1e-12);
            assertEquals(law.upperTail(x), law.upperTailLog10Rho(y), 1e-12);
            assertEquals(law.lowerTail(x), law.lowerTailLog10Rho(y), 1e-12);
        }
        double far = m + 4 * s;
        double refUp = NormRatioLawExactTest.ncx2(d, 0.25, far, true);
        assertEquals(refUp, law.upperTail(far), 1e-4 * refUp, "upper tail 4 sd out");
        double low = m - 3 * s;
        double refLow = NormRatioLawExactTest.ncx2(d, 0.25, low, false);
        assertEquals(refLow, law.lowerTail(low), 1e-4 * refLow, "lower tail 3 sd out");
    }

    /**
     * The two inversions (positive and negative tilt) of the same law agree near the mean, on a ReLU law with
     * its atom (2^-320) taken out and added back, and on an identity res-2 one.
     */
    @Test
    void upperAndLowerInversionsAgree() {
        for (NormRatioLaw law : new NormRatioLaw[] {NormRatioLaw.of(Branch.relu(), 16, 20, 0.5),
                NormRatioLaw.of(Branch.identityRes2(), 4, 5, 0.7)}) {
            double x = law.meanLogRho2() + 0.3 * law.sdLogRho2();
            assertEquals(1.0, law.invert(x, true) + law.invert(x, false), 1e-8);
        }
    }

    /** Quantiles invert the CDF: saddle-point, tail and body versions. */
    @Test
    void quantilesInvertTheCdf() {
        NormRatioLaw law = NormRatioLaw.of(Branch.identityRes1(), 16, 1, 1.0);
        double q = law.quantile(0.3);
        assertEquals(0.3, law.cdf(q), 1e-10);
        assertEquals(q / (2 * Math.log(10)), law.quantileLog10Rho(0.3), 1e-15);
        double lowQ = law.quantile(1e-5);
        assertEquals(1e-5, law.lowerTail(lowQ), 1e-10);
        double highQ = law.quantile(1 - 1e-5);
        assertEquals(1e-5, law.upperTail(highQ), 1e-10);
        assertEquals(law.quantile(0.99), law.upperQuantile(0.01), 1e-9);
        double upQ = law.upperQuantile(1e-6);
        assertEquals(1e-6, law.upperTail(upQ), 1e-11);
        double[] body = law.bodyQuantilesLog10Rho(0.3, 0.8);
        assertEquals(0.3, law.cdfLog10Rho(body[0]), 1e-9);
        assertEquals(0.8, law.cdfLog10Rho(body[1]), 1e-9);
    }

    /**
     * P(r_fwd > t) and P(r_fwd < t) are bracketed by the laws of (rho -+ 1)^2: the brackets of the two events
     * are complements of each other ((rho - 1)^2 > t versus < t, and (rho + 1)^2 likewise; the law has no atom
     * here), ordered, and (rho + 1)^2 > t for sure when t <= 1.
     */
    @Test
    void rFwdBracketsAreComplements() {
        NormRatioLaw law = NormRatioLaw.of(Branch.identityRes1(), 16, 1, 1.0);
        for (double t : new double[] {0.25, 4.0}) {
            Interval above = law.rFwdAbove(t);
            Interval below = law.rFwdBelow(t);
            assertEquals(1.0, above.low() + below.high(), 1e-8, "t = " + t);
            assertEquals(1.0, above.high() + below.low(), 1e-8, "t = " + t);
            assertTrue(above.low() < above.high() && below.low() < below.high(), "t = " + t);
        }
        assertEquals(1.0, law.rFwdAbove(0.25).high(), 0.0);
        assertEquals(0.0, law.rFwdBelow(0.25).low(), 0.0);
        // (rho - 1)^2 > 4 needs rho > 3: P(log rho^2 > 2 log 3)
        assertEquals(law.upperTail(2 * Math.log(3)), law.rFwdAbove(4.0).low(), 1e-15);
        // (rho + 1)^2 > 4 needs rho > 1
        assertEquals(law.upperTail(0.0), law.rFwdAbove(4.0).high(), 1e-15);
    }

    private static Cell cell(Architecture arch, Activation act, int d, int depth, double beta) {
        return new Cell(arch, act, WeightDistribution.GAUSSIAN, d, depth, new Scaling.Beta(beta), InputKind.GAUSSIAN,
                LossKind.RANDOM_DIRECTION, Sampler.CHAIN);
    }

    /**
     * The Chernoff bound of ExactTail is min over theta > 0 of -theta x + L K(theta) (upper side,
     * x = 2 log(sqrt(t) - 1)) or of theta x + L K(-theta) (lower side, x = 2 log(1 + sqrt(low))): compared
     * with a brute-force minimisation over a grid of 150 values of theta (the search may only do better, by at
     * most the grid's coarseness: L Var(log R) / 2 times the squared grid step, below 0.01 here), never below
     * the inverted tail, and trivial (0) on the mean's side, with no side, or inside the screen. res-1
     * identity, d = 64, L = 4, alpha = 4^-1e-9 (1 to 1e-9): log rho^2 has mean about 2.6 and sd about 0.5, so 4 sd below the mean
     * is still rho > 1.
     */
    @Test
    void chernoffBoundIsTheMinimum() {
        ExactTail et = ExactTail.of(cell(Architecture.RES_1, Activation.IDENTITY, 64, 4, 1e-9));
        assertNotNull(et);
        NormRatioLaw law = et.law();
        assertEquals(4, law.depth());
        double mean = law.meanLogRho2();
        double sd = law.sdLogRho2();
        double x = mean + 5 * sd;
        double log10T = 2 * Math.log10(Math.exp(x / 2) + 1);
        double span = 20 / sd;
        double grid = Double.POSITIVE_INFINITY;
        for (int i = 1; i <= 150; i++) {
            double th = span * i / 150;
            grid = Math.min(grid, -th * x + 4 * law.layerCgf(th));
        }
        double bound = et.log10Outside(Double.NaN, log10T) * Math.log(10);
        assertTrue(bound <= grid + 1e-9 && bound >= grid - 0.01, bound + " vs grid minimum " + grid);
        assertTrue(bound >= Math.log(law.upperTail(x)), "a bound on the exact tail");
        assertEquals(Math.exp(bound), et.outside(Double.NaN, log10T).high(), 1e-9 * Math.exp(bound));
        assertEquals(0.0, et.outside(Double.NaN, log10T).low(), 0.0);
        // screened: 5 sd is inside the screen of 1e-20 (1.2 sqrt(2 ln 1e20) = 11.5 sd): the trivial bound
        assertEquals(0.0, et.log10Outside(Double.NaN, log10T, 1e-20), 0.0);
        // no side at all: P = 0; an upper threshold t <= 1: trivial
        assertEquals(Double.NEGATIVE_INFINITY, et.log10Outside(Double.NaN, Double.POSITIVE_INFINITY));
        assertEquals(0.0, et.log10Outside(Double.NaN, 0.0), 0.0);
        // a lower side at the mean: trivial
        double sm = Math.exp(mean / 2) - 1;
        assertEquals(0.0, et.log10Outside(sm * sm, Double.NaN), 0.0);
        // lower side 4 sd below the mean: (rho - 1)^2 <= low needs rho <= 1 + sqrt(low) = e^(xl/2)
        double xl = mean - 4 * sd;
        assertTrue(xl > 0.1, "the case has rho > 1 there: " + xl);
        double sl = Math.exp(xl / 2) - 1;
        // (the optimum is near 4 / sd = 8, well inside the domain theta > -32)
        double spanLow = Math.min(16, 20 / sd);
        double gridLow = Double.POSITIVE_INFINITY;
        for (int i = 1; i <= 150; i++) {
            double th = spanLow * i / 150;
            gridLow = Math.min(gridLow, th * xl + 4 * law.layerCgf(-th));
        }
        double boundLow = et.log10Outside(sl * sl, Double.NaN) * Math.log(10);
        assertTrue(boundLow <= gridLow + 1e-9 && boundLow >= gridLow - 0.01, boundLow + " vs grid minimum " + gridLow);
        assertTrue(boundLow >= Math.log(law.lowerTail(xl)), "a bound on the exact tail");
        // both sides: the sum of the two bounds
        double both = et.log10Outside(sl * sl, log10T) * Math.log(10);
        assertEquals(Math.log(Math.exp(bound) + Math.exp(boundLow)), both, 1e-9);
        assertNull(ExactTail.of(new Cell(Architecture.RES_2, Activation.TANH, WeightDistribution.GAUSSIAN, 16, 4,
                new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, Sampler.DENSE)));
    }
}
