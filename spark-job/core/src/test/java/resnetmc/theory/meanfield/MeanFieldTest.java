package resnetmc.theory.meanfield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Gaussian integrals against closed forms, and the scaling laws of Yang and Schoenholz. */
class MeanFieldTest {

    /** ReLU: E relu(u)^2 = q/2, E relu(u) = sqrt(q/(2 pi)) (half-normal moments). */
    @Test
    void reluClosedFormsMatchQuadrature() {
        for (double q : new double[] {0.01, 1.0, 37.0, 1e4}) {
            assertEquals(q / 2, GaussianIntegrals.expect(x -> Math.max(x, 0) * Math.max(x, 0), q), 1e-12 * q);
            assertEquals(Phi.RELU.mean(q), GaussianIntegrals.expect(x -> Math.max(x, 0), q), 1e-12 * Math.sqrt(q));
        }
    }

    /** The arc-cosine kernel (closed form) against the two-dimensional rule, at several correlations. */
    @Test
    void arcCosineKernelMatchesQuadrature() {
        for (double rho : new double[] {-0.9, -0.3, 0.0, 0.5, 0.95}) {
            double q = 2.0;
            double q2 = 0.5;
            double c = rho * Math.sqrt(q * q2);
            double closed = Phi.RELU.crossMoment(q, q2, c);
            double numeric = GaussianIntegrals.expect2(x -> Math.max(x, 0), x -> Math.max(x, 0), q, q2, c);
            assertEquals(closed, numeric, 1e-10, "rho = " + rho);
        }
        // rho = 0: E relu(u) E relu(u') = sqrt(q q2)/(2 pi).
        assertEquals(Math.sqrt(2.0 * 0.5) / (2 * Math.PI), Phi.RELU.crossMoment(2.0, 0.5, 0.0), 1e-15);
    }

    /** alpha-ReLU moments E u^{2a} 1{u>0} = q^a 2^{a-1} Gamma(a + 1/2)/sqrt(pi) against quadrature. */
    @Test
    void alphaReluMoments() {
        Phi phi = Phi.alphaRelu(0.7);
        for (double q : new double[] {0.3, 2.0, 50.0}) {
            assertEquals(phi.secondMoment(q), GaussianIntegrals.expect(x -> x > 0 ? Math.pow(x, 1.4) : 0, q),
                    1e-9 * phi.secondMoment(q));
            assertEquals(phi.mean(q), GaussianIntegrals.expect(x -> x > 0 ? Math.pow(x, 0.7) : 0, q), 1e-9 * phi.mean(q));
        }
        assertEquals(Double.POSITIVE_INFINITY, Phi.alphaRelu(0.5).derivativeSecondMoment(1.0));
    }

    /**
     * tanh at large q is nearly a step, where plain Gauss-Hermite fails: E tanh(u)^2 = 1 - E sech^2(u),
     * and E sech^2(u) = (int sech^2 = 2) / sqrt(2 pi q) + O(q^{-3/2}); likewise E sech^4 with
     * int sech^4 = 4/3.
     */
    @Test
    void tanhAtLargeVariance() {
        double q = 1e6;
        double norm = Math.sqrt(2 * Math.PI * q);
        assertEquals(1 - 2 / norm, Phi.TANH.secondMoment(q), 1e-8);
        assertEquals(4.0 / 3.0 / norm, Phi.TANH.derivativeSecondMoment(q), 1e-8);
    }

    /**
     * Tanh FRN (sigma_w = sigma_v = 1, no biases): p grows linearly, E tanh'(u)^2 ~ (4/3)/sqrt(2 pi q),
     * so log(chi^0/chi^L) grows like sqrt(L) (Yang and Schoenholz, Table 1). The exponent fitted on the
     * recursion over L in [200, 2000] must be within 0.05 of 1/2.
     */
    @Test
    void tanhGradientExplosionIsExpSqrtL() {
        MeanFieldRecursion frn = new MeanFieldRecursion(true, Phi.TANH, 1, 1, 0, 0, 1);
        MeanFieldRecursion.Trajectory t = frn.run(2000, 1.0, 1.0, 1.0, 0, 0, false);
        double[] ls = {200, 400, 800, 1600, 2000};
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (double l : ls) {
            double x = Math.log(l);
            double y = Math.log(Math.log(t.chiRatio()[(int) l]));
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        int n = ls.length;
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        assertEquals(0.5, slope, 0.05, "exponent of L in log(chi^0/chi^L)");
    }

    /** ReLU FRN without biases: p^l = p^{l-1} (1 + sigma_v^2 sigma_w^2 / 2) exactly, so log p^L is linear in L. */
    @Test
    void reluLengthGrowsGeometrically() {
        double sw = 1.2;
        double sv = 0.9;
        MeanFieldRecursion frn = new MeanFieldRecursion(true, Phi.RELU, sw, sv, 0, 0, 1);
        MeanFieldRecursion.Trajectory t = frn.run(300, 2.0, 2.0, 0.5, 0, 0, true);
        double rate = Math.log(1 + sv * sv * sw * sw / 2);
        assertEquals(rate, (Math.log(t.p()[300]) - Math.log(t.p()[100])) / 200, 1e-12);
        // Two inputs at cosine 0.5: correlations increase towards 1 with depth for ReLU.
        assertTrue(t.cosine()[300] > t.cosine()[1] && t.cosine()[300] < 1 + 1e-12);
    }

    /**
     * With alpha = L^-1/2 and no biases, ReLU FRN's length recursion is E||h_L||^2 / ||h_0||^2 =
     * (1 + sigma_v^2 sigma_w^2 / (2L))^L, the res-3 column of THEORY.md section 1 ((1 + alpha^2/2)^L at
     * sigma = 1) plus ||h_0||^2: E r_fwd = p^L/p^0 - 1 when the cross terms vanish.
     */
    @Test
    void scaledReluMatchesRes3() {
        int depth = 400;
        MeanFieldRecursion frn = new MeanFieldRecursion(true, Phi.RELU, 1, 1, 0, 0, Math.pow(depth, -0.5));
        MeanFieldRecursion.Trajectory t = frn.run(depth, 1.0, 1.0, 1.0, 0, 0, false);
        assertEquals(resnetmc.theory.Bounds.exactMean(0.5, Math.pow(depth, -0.5), depth), t.p()[depth] - 1, 1e-12);
    }

    /** RRN: the cross term vanishes for tanh (odd) and dominates for ReLU. */
    @Test
    void rrnCrossTerm() {
        MeanFieldRecursion.Trajectory tanh = new MeanFieldRecursion(false, Phi.TANH, 1, 1, 0, 0, 1)
                .run(50, 1, 1, 1, 0.3, 0.3, false);
        MeanFieldRecursion.Trajectory tanh0 = new MeanFieldRecursion(false, Phi.TANH, 1, 1, 0, 0, 1)
                .run(50, 1, 1, 1, 0.0, 0.0, false);
        assertEquals(tanh0.p()[50], tanh.p()[50], 1e-12);
        MeanFieldRecursion.Trajectory relu = new MeanFieldRecursion(false, Phi.RELU, 1, 1, 0, 0, 1)
                .run(200, 1, 1, 1, 0.0, 0.0, false);
        // Without the cross term p would grow by the factor (1 + 1/2) per layer only.
        assertTrue(relu.p()[200] > 10 * Math.pow(1.5, 200), "cross term dominates for ReLU");
    }
}
