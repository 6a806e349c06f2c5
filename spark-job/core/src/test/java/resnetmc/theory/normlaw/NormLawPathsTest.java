package resnetmc.theory.normlaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

/**
 * Paths of {@link ExactTail} and {@link NormRatioLaw} the other fast tests do not take, on res-1 identity laws
 * (one Poisson sum per transform value, so milliseconds each). Deterministic; part of the fast set the mutation
 * run uses for {@code theory.normlaw} (docs/testing.md).
 */
class NormLawPathsTest {

    private static Cell res1(int d, int depth, double alpha) {
        return new Cell(Architecture.RES_1, Activation.IDENTITY, WeightDistribution.GAUSSIAN, d, depth,
                new Scaling.Explicit(alpha), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, Sampler.CHAIN);
    }

    /** min over theta on (0, span] of -theta x + L K(theta), by a grid of n points. */
    private static double gridMinimum(NormRatioLaw law, double x, double span, int n) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 1; i <= n; i++) {
            double th = span * i / n;
            best = Math.min(best, -th * x + law.depth() * law.layerCgf(th));
        }
        return best;
    }

    /**
     * An upper end r_fwd >= 10^400, past double range, where ExactTail bounds P(rho >= sqrt(t) - 1) by
     * P(log rho^2 >= ln t - 2 ln 2) (sqrt(t) - 1 >= sqrt(t) / 2): the bound is the Chernoff exponent at
     * x = 400 ln 10 - 2 ln 2, compared with a brute-force minimisation over 2000 values of theta. res-1 identity,
     * d = 64, L = 1000, alpha = 1: log R has mean about 0.68 and sd about 0.15 (R = ||e + xi / 8||^2, mean 2,
     * variance 1/16 + 1/32), so log rho^2 has mean about 680 and sd about 5, and x = 919.6 is about 50 sd
     * above it, with its optimal theta near (x - mean) / sd^2 ~ 10, well inside (0, 40]. The grid's error is
     * at most L K''(theta) / 2 times the squared step (about 25 / 2 * 0.02^2 = 0.005); the search may only do
     * better than the grid. The same threshold at 10^299.9 (the exact form x = 2 ln(sqrt(t) - 1)) gives a
     * bound above it (a lower threshold), and 10^400 without the 2 ln 2 would be about theta 2 ln 2 ~ 28
     * lower.
     */
    @Test
    void upperEndPastDoubleRange() {
        ExactTail et = ExactTail.of(res1(64, 1000, 1.0));
        assertNotNull(et);
        NormRatioLaw law = et.law();
        double mean = law.meanLogRho2();
        double sd = law.sdLogRho2();
        assertTrue(Math.abs(mean - 680) < 10 && sd > 3 && sd < 7, mean + " " + sd);
        double x = 400 * Math.log(10) - 2 * Math.log(2);
        double grid = gridMinimum(law, x, 40, 2000);
        double bound = et.log10Outside(Double.NaN, 400) * Math.log(10);
        assertTrue(bound <= grid + 1e-9 && bound >= grid - 0.005, bound + " vs grid minimum " + grid);
        assertTrue(grid < -1000, "far beyond double range: " + grid);
        double x299 = 2 * Math.log(Math.sqrt(Math.pow(10, 299.9)) - 1);
        double grid299 = gridMinimum(law, x299, 40, 2000);
        double bound299 = et.log10Outside(Double.NaN, 299.9) * Math.log(10);
        assertTrue(bound299 <= grid299 + 1e-9 && bound299 >= grid299 - 0.005, bound299 + " vs " + grid299);
        assertTrue(bound299 > bound);
        // outside() is 10^log10Outside: here 0 in double (the bound is about e^-1500)
        assertEquals(0.0, et.outside(Double.NaN, 400).high(), 0.0);
        // the screen is 1.2 sqrt(2 ln(1/screen)) sd of log rho^2 (11.5 sd = about 57 here at 1e-20): a threshold
        // 5 sd (about 25) above the mean is screened (trivial bound), while without a screen it is decided
        double x5 = mean + 5 * sd;
        double log10T5 = 2 * Math.log10(1 + Math.exp(x5 / 2));
        assertEquals(0.0, et.log10Outside(Double.NaN, log10T5, 1e-20), 0.0);
        assertTrue(et.log10Outside(Double.NaN, log10T5) < -3, "5 sd out, unscreened");
    }
    /**
     * A lower end low = 1/4 (s = 1/2): (rho - 1)^2 <= 1/4 means 1/2 <= rho <= 3/2, bounded by the smaller of
     * P(log rho^2 <= 2 ln 1.5) and P(log rho^2 >= 2 ln 0.5). With alpha = 0.1, L = 4, d = 64 (res-1 identity)
     * log rho^2 has mean about L alpha^2 (1 - 2/d) = 0.04 and sd about 0.05 (at small t = alpha / sqrt(d),
     * log R ~ 2 t xi_1 + t^2 (d - 2), sd 2t = 0.025 per layer), so 2 ln 1.5 = 0.81 lies above the mean and 2 ln 0.5 below
     * it: both sides are on the mean's side and the bound is trivial (0). (Were the second side taken at
     * 2 ln 1.5, P(log rho^2 >= 0.81) would be about 15 sd out, a bound far below 0.) The same law's upper end
     * t = (1 + e^(x/2))^2 with x 10 sd above the mean gives a non-trivial bound, at most the grid minimum.
     */
    @Test
    void lowerEndBelowOneAtSmallAlpha() {
        ExactTail et = ExactTail.of(res1(64, 4, 0.1));
        assertNotNull(et);
        NormRatioLaw law = et.law();
        double mean = law.meanLogRho2();
        double sd = law.sdLogRho2();
        assertTrue(mean > 0 && mean < 0.1 && sd < 0.1, mean + " " + sd);
        assertEquals(0.0, et.log10Outside(0.25, Double.NaN), 0.0);
        double x = mean + 10 * sd;
        double log10T = 2 * Math.log10(1 + Math.exp(x / 2));
        double bound = et.log10Outside(Double.NaN, log10T) * Math.log(10);
        double grid = gridMinimum(law, x, 20 / sd, 2000);
        assertTrue(bound < -10 && bound <= grid + 1e-9, bound + " vs grid minimum " + grid);
    }
    /**
     * stirlerr beyond x = 15 is Stirling's series with five terms; at x = 16 its first omitted term,
     * 691 / 360360 x^-11, is 1.1e-16, so the series is accurate to a few ulps of the value (0.0052, ulp 9e-19)
     * plus that. References: log Gamma(x + 1) - (x + 1/2) log x + x - log sqrt(2 pi) in 40-digit arithmetic
     * (mpmath 1.x, loggamma). The fifth term 1/(1188 x^9) is 1.2e-14 at x = 16, so a sign error in it would
     * show here; commons-math3's log-gamma (NormLawPartsTest) is not accurate enough for that.
     */
    @Test
    void stirlingSeriesToTheLastTerm() {
        assertEquals(0.005207655919609640440717997, SpecialFunctions.stirlerr(16), 3e-16);
        assertEquals(0.002083289938302421748749125, SpecialFunctions.stirlerr(40), 1e-17);
    }
    /**
     * A leaky ReLU of slope exactly 0 or 1 is accepted by Activation but is not a LEAKY branch (whose slope is
     * in (0, 1) open: 0 is ReLU, 1 the identity), so Branch.of gives no law for it rather than failing.
     */
    @Test
    void leakySlopesAtTheEndsHaveNoLeakyBranch() {
        for (double slope : new double[] {0.0, 1.0}) {
            Cell c = new Cell(Architecture.RES_2, Activation.leakyRelu(slope), WeightDistribution.GAUSSIAN, 16, 4,
                    new Scaling.Explicit(0.5), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, Sampler.CHAIN);
            assertTrue(Branch.of(c).isEmpty(), "slope " + slope);
        }
    }
    /**
     * d = 1 is a valid width: res-1 identity, R = (1 + alpha xi)^2, so K(1) = log E R = log(1 + alpha^2) and
     * K(2) = log E R^2 = log(1 + 6 alpha^2 + 3 alpha^4) (E (1 + a xi)^4 = 1 + 6 a^2 + 3 a^4); the domain is
     * theta > -1/2.
     */
    @Test
    void widthOne() {
        NormRatioLaw law = NormRatioLaw.of(Branch.identityRes1(), 1, 1, 0.8);
        double a2 = 0.64;
        assertEquals(Math.log1p(a2), law.layerCgf(1), 1e-10);
        assertEquals(Math.log1p(6 * a2 + 3 * a2 * a2), law.layerCgf(2), 1e-9);
        assertEquals(-0.5, law.layerDomainLow(), 0.0);
    }
    /**
     * The argument ranges at their ends: body quantiles accept p = 1e-3 and 1 - 1e-3 themselves (and invert the
     * CDF there), and upperQuantile refuses q = 0 and 1 with its own message, naming the range (a solver's
     * failure later would be an IllegalArgumentException too, with another message). res-1 identity, d = 16.
     */
    @Test
    void argumentRangesAtTheirEnds() {
        NormRatioLaw law = NormRatioLaw.of(Branch.identityRes1(), 16, 1, 1.0);
        double[] q = law.bodyQuantilesLog10Rho(1e-3, 1 - 1e-3);
        assertEquals(1e-3, law.cdfLog10Rho(q[0]), 1e-9);
        assertEquals(1 - 1e-3, law.cdfLog10Rho(q[1]), 1e-9);
        for (double bad : new double[] {0.0, 1.0}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> law.upperQuantile(bad));
            assertTrue(e.getMessage().contains("need 0 < q < 1"), e.getMessage());
        }
    }
}
