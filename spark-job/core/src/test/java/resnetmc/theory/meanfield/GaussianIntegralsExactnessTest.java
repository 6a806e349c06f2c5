package resnetmc.theory.meanfield;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * The quadrature's construction, pinned where its accuracy alone would not show a wrong panel layout: the
 * breakpoints (the documented rule written out), the rule's exactness for polynomials times the Gaussian
 * weight, the degenerate bivariate case (|rho| = 1), and alpha-ReLU's E phi'(u)^2 against its closed form.
 * Deterministic.
 */
class GaussianIntegralsExactnessTest {

    /**
     * The documented rule: -12, then kink - (kink + 12) 2^-(k+1) for k = 0..24, the kink, then
     * kink + (12 - kink) 2^-(k+1) for k = 24..0, then 12 (all distinct here, 53 points).
     */
    @Test
    void breakpointsFollowTheGeometricRule() {
        for (double kink : new double[] {0.0, -3.0, 2.5}) {
            double[] expected = new double[53];
            int n = 0;
            expected[n++] = -12;
            for (int k = 0; k <= 24; k++) {
                expected[n++] = kink - (kink + 12) * Math.pow(2, -(k + 1));
            }
            expected[n++] = kink;
            for (int k = 24; k >= 0; k--) {
                expected[n++] = kink + (12 - kink) * Math.pow(2, -(k + 1));
            }
            expected[n] = 12;
            assertArrayEquals(expected, GaussianIntegrals.breakpoints(kink), 0.0, "kink " + kink);
        }
    }

    /**
     * standard(h, kink) = int_{-12}^{12} h(z) phi(z) dz. With h(z) = z^m e^{z^2/2} the integrand is
     * z^m / sqrt(2 pi), integrated exactly by every 8-point Gauss-Legendre panel (degree <= 15):
     * 2 * 12^(m+1) / ((m + 1) sqrt(2 pi)) for even m, 0 for odd m. Kinks beyond +-6 are clamped to
     * +-6, so the range stays [-12, 12] even for kink = -20 or 20.
     */
    @Test
    void standardRuleIsExactForPolynomials() {
        double root = Math.sqrt(2 * Math.PI);
        for (double kink : new double[] {-20.0, -3.0, 0.0, 2.5, 20.0}) {
            for (int m : new int[] {0, 1, 2, 5}) {
                double expected = m % 2 == 1 ? 0 : 2 * Math.pow(12, m + 1) / ((m + 1) * root);
                double got = GaussianIntegrals.standard(z -> Math.pow(z, m) * Math.exp(0.5 * z * z), kink);
                assertEquals(expected, got, 1e-12 * Math.pow(12, m + 1), "m = " + m + ", kink " + kink);
            }
            // a function not symmetric about 0: int_{-12}^{12} (1 + z)^2 dz / sqrt(2 pi) = (13^3 + 11^3) / (3 sqrt(2 pi))
            double got = GaussianIntegrals.standard(z -> (1 + z) * (1 + z) * Math.exp(0.5 * z * z), kink);
            assertEquals((13.0 * 13 * 13 + 11.0 * 11 * 11) / (3 * root), got, 1e-9, "kink " + kink);
        }
    }

    /**
     * |rho| = 1 takes the one-dimensional branch: u' = sqrt(q2/q) u exactly (or minus it), so
     * E tanh(u) tanh(u') is the one-dimensional E tanh(u) tanh(+-sqrt(q2/q) u); at q = 1, q2 = 4 that is
     * E tanh(u) tanh(+-2u).
     */
    @Test
    void perfectlyCorrelatedPairsReduceToOneDimension() {
        double same = GaussianIntegrals.expect(x -> Math.tanh(x) * Math.tanh(2 * x), 1.0);
        assertEquals(same, Phi.TANH.crossMoment(1.0, 4.0, 2.0), 1e-14);
        assertEquals(-same, Phi.TANH.crossMoment(1.0, 4.0, -2.0), 1e-14);
        // c beyond sqrt(q q2) is clamped to rho = 1
        assertEquals(same, Phi.TANH.crossMoment(1.0, 4.0, 2.5), 1e-14);
        assertEquals(Phi.TANH.secondMoment(3.0), Phi.TANH.crossMoment(3.0, 3.0, 3.0), 1e-14);
    }

    /**
     * alpha-ReLU, alpha = 0.7 > 1/2: E phi'(u)^2 = alpha^2 E u^(2 alpha - 2) 1{u > 0}
     * = alpha^2 q^(alpha - 1) 2^(alpha - 2) Gamma(alpha - 1/2) / sqrt(pi) (the half-normal moment with
     * a = alpha - 1).
     */
    @Test
    void alphaReluDerivativeMomentClosedForm() {
        double a = 0.7;
        for (double q : new double[] {0.5, 2.0}) {
            double expected = a * a * Math.pow(q, a - 1) * Math.pow(2, a - 2) * Math.exp(Gamma.logGamma(a - 0.5))
                    / Math.sqrt(Math.PI);
            assertEquals(expected, Phi.alphaRelu(a).derivativeSecondMoment(q), 1e-13 * expected, "q = " + q);
        }
        assertEquals(Double.POSITIVE_INFINITY, Phi.alphaRelu(0.5).derivativeSecondMoment(1.0));
        assertEquals(0.5, Phi.RELU.derivativeSecondMoment(7.0), 0.0);
    }
}
