package resnetmc.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import resnetmc.kernel.EntrySampler;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.RandomStreams;
import resnetmc.testing.FalseFailureRate;
import resnetmc.theory.HypothesisConstants.CKind;

/** One statistical assertion (the uniform sampler's mean square, 5.7 sd): false failure about 1e-8. */
@FalseFailureRate(1e-8)
class HypothesisConstantsTest {

    @Test
    void cDimensionKnownValues() {
        // 42*44*46/40^3 = 85008/64000 = 1.32825 exactly.
        assertEquals(1.32825, HypothesisConstants.cDimension(40), 1e-15);
        // d = 1: 3*5*7 = 105 = E z^8, the d-independent constant.
        assertEquals(HypothesisConstants.C_UNIVERSAL, HypothesisConstants.cDimension(1), 0);
        assertThrows(IllegalArgumentException.class, () -> HypothesisConstants.cDimension(0));
        // E (chi^2_d)^4 / d^4 from the chi-square moments E X^k = 2^k Gamma(d/2 + k) / Gamma(d/2).
        for (int d = 1; d <= 300; d++) {
            double m4 = Math.exp(4 * Math.log(2) + Gamma.logGamma(d / 2.0 + 4) - Gamma.logGamma(d / 2.0)) / Math.pow(d, 4);
            assertEquals(m4, HypothesisConstants.cDimension(d), 1e-11 * m4, "d=" + d);
        }
    }

    @Test
    void cDimensionDecreasesTowardsOne() {
        // Each factor (d+2k)/d decreases in d and tends to 1.
        for (int d = 1; d < 500; d++) {
            assertTrue(HypothesisConstants.cDimension(d + 1) < HypothesisConstants.cDimension(d));
        }
        assertEquals(1.0, HypothesisConstants.cDimension(1_000_000), 2e-5);
    }

    /**
     * The laws as the engine samples them (EntrySampler, scale 1): Rademacher entries are exactly +-1, so
     * every even moment is 1 and the MGF is cosh; uniform entries lie in [-sqrt 3, sqrt 3] with mean square
     * 1, so their even moments are at most 3^(m-1) <= (2m-1)!!. Both are what cDimension's domination
     * argument and S_SUB_GAUSSIAN = 1 assume (a sampler on a wider interval, or unscaled, breaks them).
     * The mean square of 2^16 uniform entries has sd sqrt(0.8 / 2^16) = 0.0035; the tolerance 0.02 is
     * 5.7 sd (false failure about 1e-8).
     */
    @Test
    void sampledLawsHaveTheAssumedMoments() {
        int n = 1 << 16;
        double[] row = new double[n];
        EntrySampler.of(WeightDistribution.RADEMACHER, RandomStreams.dataset(3, 0), 1.0).fill(row, n);
        int plus = 0;
        for (double x : row) {
            assertTrue(x == 1.0 || x == -1.0, "Rademacher entry " + x);
            plus += x > 0 ? 1 : 0;
        }
        assertTrue(plus > 0 && plus < n, "both signs");
        EntrySampler.of(WeightDistribution.UNIFORM, RandomStreams.dataset(3, 1), 1.0).fill(row, n);
        double ms = 0;
        double max = 0;
        for (double x : row) {
            ms += x * x;
            max = Math.max(max, Math.abs(x));
        }
        assertTrue(max <= Math.sqrt(3), "uniform entry " + max + " beyond sqrt 3");
        assertTrue(max > Math.sqrt(3) * 0.999, "uniform entries reach the ends: " + max);
        assertEquals(1.0, ms / n, 0.02, "uniform mean square");
    }

    @Test
    void subGaussianParameterOneHolds() {
        // cosh(l) (Rademacher) and sinh(sqrt3 l)/(sqrt3 l) (uniform) against exp(l^2 s^2 / 2) with the
        // constant the checks use (Oracles.hypothesisS), on a grid.
        double s = HypothesisConstants.S_SUB_GAUSSIAN;
        for (double l = 0.01; l < 20; l += 0.01) {
            double mgf = Math.exp(l * l * s * s / 2);
            assertTrue(Math.cosh(l) <= mgf * (1 + 1e-15), "l=" + l);
            double r = Math.sqrt(3) * l;
            assertTrue(Math.sinh(r) / r <= mgf * (1 + 1e-15), "l=" + l);
        }
    }

    @Test
    void architectureChoosesConstant() {
        // res-1 has no inner weights: C = b^8 <= 1.
        assertEquals(1.0, HypothesisConstants.forArchitecture(false, 40, CKind.UNIVERSAL));
        assertEquals(1.32825, HypothesisConstants.forArchitecture(true, 40, CKind.DIMENSION), 1e-15);
        assertEquals(105.0, HypothesisConstants.forArchitecture(true, 40, CKind.UNIVERSAL));
    }
}
