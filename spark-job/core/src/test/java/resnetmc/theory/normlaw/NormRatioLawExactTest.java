package resnetmc.theory.normlaw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * Deterministic accuracy of {@link NormRatioLaw} against independent exact references: the
 * exact mean, the atom, the noncentral chi-square law of one res-1 identity layer, and the
 * Gaussian limit at {@code d = 1e9}. No sampling, so no false-failure rate: a failure is a
 * numerical error above the stated target.
 */
class NormRatioLawExactTest {

    /** {@code L K(1) = log E rho^2 = L log(1 + c2 alpha^2)} (THEORY.md section 1), to 1e-11 relative. */
    @Test
    void cgfAtOneGivesTheExactMean() {
        Object[][] cases = {
            {Branch.relu(), 1, 1.0}, {Branch.relu(), 2, 0.8}, {Branch.relu(), 16, 0.5}, {Branch.relu(), 256, 0.3},
            {Branch.relu(), 1_000_000_000, 1e-3}, {Branch.identityRes2(), 1, 1.0}, {Branch.identityRes2(), 4, 0.7},
            {Branch.identityRes2(), 1_000_000, 0.01}, {Branch.identityRes1(), 3, 1.0},
            {Branch.identityRes1(), 1_000_000_000, 1e-4},
        };
        for (Object[] c : cases) {
            Branch b = (Branch) c[0];
            int d = (Integer) c[1];
            double alpha = (Double) c[2];
            NormRatioLaw law = NormRatioLaw.of(b, d, 1, alpha);
            double exact = StrictMath.log1p(b.c2() * alpha * alpha);
            assertEquals(exact, law.layerCgf(1), 1e-11 * exact, b + " d=" + d);
            // E R^2 = E[(1 + t^2 d)^2 + 2 t^2 (1 + t^2 d) ... ]: checked through K(0) = 0 instead
            assertEquals(0, law.layerCgf(0), 1e-15, b + " d=" + d);
        }
    }

    /**
     * ReLU, d = 12, L = 2: {@code log rho^2 = 0} with probability {@code 2^-24} (no unit active
     * in either layer), the atom the inversion takes out exactly. The jump of the CDF at 0 is not
     * evaluated here: at L = 2 the transform of log R decays only like 1/u (a log singularity of the
     * density at 0) and two CDF evaluations take minutes, too long for the suite.
     */
    @Test
    void atomAtZeroHasMassTwoToTheMinusDL() {
        NormRatioLaw law = NormRatioLaw.of(Branch.relu(), 12, 2, 1.0);
        double atom = StrictMath.pow(2, -24);
        assertEquals(atom, law.atomMass(), 1e-15 * atom);
        assertEquals(0.0, NormRatioLaw.of(Branch.identityRes2(), 12, 2, 1.0).atomMass(), 0.0,
                "a branch with no inactive state has no atom");
    }

    /**
     * The upper inversion (positive tilt) and the lower one (negative tilt) are independent
     * computations of the same law (different contours, steps and aliases): their sum is 1 to
     * the CDF target 1e-8, near the mean (within half a standard deviation, where both are
     * usable; the public methods invert each tail only on its own side), for several branches
     * and sizes.
     */
    @Test
    void upperAndLowerInversionsAgree() {
        Object[][] cases = {
            {Branch.relu(), 16, 20L, 0.5}, {Branch.identityRes2(), 4, 5L, 0.7},
            {Branch.relu(), 1_000_000_000, 1_000_000L, 1e-3}, {Branch.identityRes1(), 2, 20L, 0.5},
        };
        for (Object[] c : cases) {
            NormRatioLaw law = NormRatioLaw.of((Branch) c[0], (Integer) c[1], (Long) c[2], (Double) c[3]);
            for (double z : new double[] {-0.5, 0.5}) {
                double x = law.meanLogRho2() + z * law.sdLogRho2();
                assertEquals(1, law.invert(x, true) + law.invert(x, false), 1e-8, c[0] + " d=" + c[1] + " z=" + z);
            }
        }
    }

    /**
     * res-1 identity, L = 1: {@code R / t^2} is noncentral chi-square({@code d}, {@code 1/t^2}),
     * {@code t = alpha / sqrt(d)}; its CDF is the Poisson({@code 1/(2t^2)}) mixture of
     * regularised gamma functions (commons-math3), an independent computation. Targets:
     * 1e-8 absolute on the CDF, 1e-3 relative on both tails down to 1e-30.
     */
    @Test
    void oneIdentityLayerMatchesTheNoncentralChiSquare() {
        for (int d : new int[] {4, 16}) {
            double alpha = 1.0;
            double t2 = alpha * alpha / d;
            NormRatioLaw law = NormRatioLaw.of(Branch.identityRes1(), d, 1, alpha);
            double m = law.meanLogRho2();
            double s = law.sdLogRho2();
            for (double z = -4; z <= 4; z += 1) {
                double x = m + z * s;
                assertEquals(ncx2(d, t2, x, false), law.cdf(x), 1e-8, "cdf d=" + d + " z=" + z);
            }
            for (double x = m + 2 * s; ; x += s) {
                double ref = ncx2(d, t2, x, true);
                assertEquals(ref, law.upperTail(x), 1e-3 * ref, "upper d=" + d + " x=" + x);
                if (ref < 1e-30) {
                    break;
                }
            }
            for (double x = m - 2 * s; ; x -= 2 * s) {
                double ref = ncx2(d, t2, x, false);
                assertEquals(ref, law.lowerTail(x), 1e-3 * ref, "lower d=" + d + " x=" + x);
                if (ref < 1e-30) {
                    break;
                }
            }
        }
    }

    /**
     * d = 1e9, L = 1e6, beta = 1/2: {@code log rho^2} is a sum of 1e6 nearly Gaussian terms;
     * its CDF is within the Edgeworth correction of the Gaussian with the law's mean and sd.
     * The correction is {@code |skew| / (6 sqrt(2 pi))}, skew = {@code kappa3 / sigma^3} of the
     * sum, which is below 1e-4 here (one layer's skewness is of order {@code sqrt(1/d)} and the
     * sum divides it by {@code sqrt(L)}): the tolerance 1e-4 is that bound.
     */
    @Test
    void hugeWidthAndDepthIsGaussian() {
        long depth = 1_000_000;
        NormRatioLaw law = NormRatioLaw.of(Branch.relu(), 1_000_000_000, depth, StrictMath.pow(depth, -0.5));
        // mean of log R to first orders: c2 alpha^2 - 2 c2 alpha^2 / d ... so L E log R ~ 1/2
        assertEquals(0.5, law.meanLogRho2(), 1e-5);
        // Var log R ~ 4 c2 alpha^2 / d (THEORY.md, issue text): sd of the sum ~ sqrt(2 L alpha^2 / d)
        assertEquals(Math.sqrt(2.0 / 1e9), law.sdLogRho2(), 1e-3 * law.sdLogRho2());
        NormalDistribution n = new NormalDistribution(law.meanLogRho2(), law.sdLogRho2());
        for (double z = -3; z <= 3; z += 1.5) {
            double x = law.meanLogRho2() + z * law.sdLogRho2();
            assertEquals(n.cumulativeProbability(x), law.cdf(x), 1e-4, "z=" + z);
        }
    }

    /** Quantiles invert the CDF (to 1e-10 in probability) in the body and in the tails. */
    @Test
    void quantilesInvertTheCdf() {
        NormRatioLaw law = NormRatioLaw.of(Branch.identityRes1(), 16, 1, 1.0);
        for (double p : new double[] {0.05, 0.5, 0.95}) {
            assertEquals(p, law.cdf(law.quantile(p)), 1e-10, "p=" + p);
        }
        for (double p : new double[] {1e-6, 1e-20}) {
            assertEquals(p, law.lowerTail(law.quantile(p)), 1e-6 * p, "p=" + p);
            assertEquals(p, law.upperTail(law.upperQuantile(p)), 1e-6 * p, "upper, p=" + p);
        }
        assertEquals(law.quantile(0.5) / (2 * StrictMath.log(10)), law.quantileLog10Rho(0.5), 1e-15);
    }

    /**
     * The r_fwd brackets are the norm-law probabilities of the two triangle bounds: checked
     * against their definitions on the res-1 identity law (d = 16, L = 1), and ordered.
     */
    @Test
    void rFwdBracketsFollowFromTheNormLaw() {
        int d = 16;
        double t2 = 1.0 / d;
        NormRatioLaw law = NormRatioLaw.of(Branch.identityRes1(), d, 1, 1.0);
        for (double t : new double[] {0.25, 1.0, 4.0}) {
            double s = Math.sqrt(t);
            var above = law.rFwdAbove(t);
            double lowRef = ncx2(d, t2, 2 * StrictMath.log1p(s), true)
                    + (s < 1 ? ncx2(d, t2, 2 * StrictMath.log1p(-s), false) : 0);
            double highRef = s <= 1 ? 1 : ncx2(d, t2, 2 * StrictMath.log(s - 1), true);
            assertEquals(lowRef, above.low(), 1e-8, "above low t=" + t);
            assertEquals(highRef, above.high(), 1e-8, "above high t=" + t);
            var below = law.rFwdBelow(t);
            assertEquals(1 - lowRef, below.high(), 1e-8, "below high t=" + t);
            assertEquals(1 - highRef, below.low(), 1e-8, "below low t=" + t);
        }
    }

    /** P(log(t^2 W) <= x) (or {@code > x}) for W ~ noncentral chi2(d, 1/t^2): one layer's log R ({@link InversionRefs}). */
    static double ncx2(int d, double t2, double x, boolean upper) {
        return InversionRefs.layerTail(d, t2, x, upper);
    }
}
