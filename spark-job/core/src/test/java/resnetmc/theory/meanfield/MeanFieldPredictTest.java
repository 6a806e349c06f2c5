package resnetmc.theory.meanfield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link MeanFieldRecursion#predict} (the layout a Monte Carlo trial is compared with) and
 * {@link Phi#value}/{@link Phi#derivative}, in core: the job module's mean-field tests use them too, but
 * the core-only mutation run does not see those. Deterministic; expected values are closed forms written
 * out here (ReLU's half-normal moments and Cho and Saul's degree-1 arc-cosine kernel), not calls to the
 * code under test.
 */
class MeanFieldPredictTest {

    /** Arc-cosine kernel of degree 1: E relu(u) relu(v), Var u = Var v = q, Cov = c. */
    private static double arcCos(double q, double c) {
        double t = Math.acos(Math.max(-1, Math.min(1, c / q)));
        return q * (Math.sin(t) + (Math.PI - t) * Math.cos(t)) / (2 * Math.PI);
    }

    /**
     * ReLU FRN, sigma_w = 1.1, sigma_v = 0.9, biases sigma_a = 0.3, sigma_b = 0.2, branch 0.7, input
     * length 2 and cosine 0.25, three layers, predicted at layers 0, 1 and 3. By hand, per layer:
     * q = sw^2 p + sb^2, lambda = sw^2 gamma + sb^2, p' = p + a^2 (sv^2 q/2 + sa^2),
     * gamma' = gamma + a^2 (sv^2 arcCos(q, lambda) + sa^2), factor = 1 + a^2 sv^2 sw^2 / 2
     * (E relu'(u)^2 = 1/2); cosine = gamma/p, expressivity = p - gamma (both inputs have the same length),
     * chi^l = prod_{k > l} factor_k (chi^L = 1), chi^0/chi^l = prod_{k <= l} factor_k.
     */
    @Test
    void predictLaysOutTheReluRecursionPerLayer() {
        double sw = 1.1;
        double sv = 0.9;
        double sa = 0.3;
        double sb = 0.2;
        double a = 0.7;
        int layers = 3;
        double p0 = 2.0;
        double e0 = 0.25;
        double[] p = new double[layers + 1];
        double[] g = new double[layers + 1];
        double[] ratio = new double[layers + 1];
        p[0] = p0;
        g[0] = e0 * p0;
        ratio[0] = 1;
        for (int l = 1; l <= layers; l++) {
            double q = sw * sw * p[l - 1] + sb * sb;
            double lambda = sw * sw * g[l - 1] + sb * sb;
            p[l] = p[l - 1] + a * a * (sv * sv * q / 2 + sa * sa);
            g[l] = g[l - 1] + a * a * (sv * sv * arcCos(q, lambda) + sa * sa);
            ratio[l] = ratio[l - 1] * (1 + a * a * sv * sv * sw * sw / 2);
        }
        int[] at = {0, 1, 3};
        double[] out = new MeanFieldRecursion(true, Phi.RELU, sw, sv, sa, sb, a).predict(layers, p0, e0, at);
        assertEquals(6 * at.length, out.length);
        for (int k = 0; k < at.length; k++) {
            int l = at[k];
            int o = 6 * k;
            String where = "layer " + l;
            assertEquals(p[l], out[o], 1e-12 * p[l], "p, " + where);
            assertEquals(g[l], out[o + 1], 1e-9 * p[l], "gamma, " + where);
            assertEquals(g[l] / p[l], out[o + 2], 1e-9, "cosine, " + where);
            assertEquals(p[l] - g[l], out[o + 3], 1e-9 * p[l], "expressivity, " + where);
            assertEquals(ratio[layers] / ratio[l], out[o + 4], 1e-12 * ratio[layers], "chi, " + where);
            assertEquals(ratio[l], out[o + 5], 1e-12 * ratio[l], "chi^0/chi^l, " + where);
        }
        // chi^L = 1 exactly (the loss gradient's normalisation), whatever the factors.
        assertEquals(1.0, out[6 * 2 + 4], 0.0);
    }

    /**
     * ReLU RRN without biases, inputs of length 1, zero coordinate mean, cosine 1: predict uses
     * m0 = 0 for both inputs, so layer 1 has no cross term, p^1 = 1 + a^2 q/2 exactly, and from layer 2
     * on m^1 = a sqrt(q/(2 pi)) enters: p^2 = p^1 + a^2 q'/2 + 2 a m^1 sqrt(q'/(2 pi)), q' = sw^2 p^1.
     * With both inputs equal (cosine 1), gamma = p, cosine = 1 and expressivity 0 at every layer.
     * chi factor per layer: 1 + a^2 sw^2 / 2.
     */
    @Test
    void predictRrnCrossTermFromTheSecondLayer() {
        double sw = 1.3;
        double a = 0.6;
        double q1 = sw * sw;
        double p1 = 1 + a * a * q1 / 2;
        double m1 = a * Math.sqrt(q1 / (2 * Math.PI));
        double q2 = sw * sw * p1;
        double p2 = p1 + a * a * q2 / 2 + 2 * a * m1 * Math.sqrt(q2 / (2 * Math.PI));
        double f = 1 + a * a * sw * sw / 2;
        double[] out = new MeanFieldRecursion(false, Phi.RELU, sw, 1, 0, 0, a).predict(2, 1.0, 1.0, new int[] {1, 2});
        assertEquals(p1, out[0], 1e-12);
        assertEquals(p2, out[6], 1e-12);
        assertEquals(p2, out[7], 1e-9, "gamma = p for identical inputs");
        assertEquals(1.0, out[8], 1e-9);
        assertEquals(0.0, out[9], 1e-9);
        assertEquals(f, out[4], 1e-12, "chi^1 = factor_2");
        assertEquals(f, out[5], 1e-12);
        assertEquals(f * f, out[11], 1e-12);
    }

    /**
     * alpha-ReLU with alpha = 0.4 <= 1/2: E phi'(u)^2 diverges, so chi^0/chi^l is infinite from layer 1
     * on and chi^l for l < L is reported infinite (not inf/inf = NaN); chi^L = 1 and chi^0/chi^0 = 1.
     */
    @Test
    void predictReportsDivergentGradientsAsInfinite() {
        double[] out = new MeanFieldRecursion(true, Phi.alphaRelu(0.4), 1, 1, 0, 0, 0.5)
                .predict(3, 1.0, 0.5, new int[] {0, 1, 3});
        assertEquals(Double.POSITIVE_INFINITY, out[4], "chi^0");
        assertEquals(1.0, out[5], 0.0, "chi^0/chi^0");
        assertEquals(Double.POSITIVE_INFINITY, out[10], "chi^1");
        assertEquals(Double.POSITIVE_INFINITY, out[11], "chi^0/chi^1");
        assertEquals(1.0, out[16], 0.0, "chi^L");
        assertEquals(Double.POSITIVE_INFINITY, out[17], "chi^0/chi^L");
        assertTrue(Double.isFinite(out[12]) && out[12] > 1.0, "p^3 stays finite and grows");
    }

    /** phi and phi' at and around the kink, with phi'(0) = 0 (the left derivative) for both ReLUs. */
    @Test
    void valuesAndDerivatives() {
        assertEquals(0.0, Phi.RELU.value(-2.0), 0.0);
        assertEquals(0.0, Phi.RELU.value(0.0), 0.0);
        assertEquals(1.5, Phi.RELU.value(1.5), 0.0);
        assertEquals(0.0, Phi.RELU.derivative(-1.0), 0.0);
        assertEquals(0.0, Phi.RELU.derivative(0.0), 0.0);
        assertEquals(1.0, Phi.RELU.derivative(1e-300), 0.0);
        assertEquals(1.0, Phi.RELU.derivative(3.0), 0.0);

        Phi ar = Phi.alphaRelu(0.7);
        assertEquals(0.0, ar.value(-1.0), 0.0);
        assertEquals(0.0, ar.value(0.0), 0.0);
        assertEquals(Math.pow(2.0, 0.7), ar.value(2.0), 1e-15);
        assertEquals(0.0, ar.derivative(-1.0), 0.0);
        assertEquals(0.0, ar.derivative(0.0), 0.0, "phi'(0) = 0, not 0.7 * 0^-0.3 = infinity");
        assertEquals(0.7 * Math.pow(2.0, -0.3), ar.derivative(2.0), 1e-15);

        // tanh' = 1 - tanh^2 = sech^2; FastTanh is within a few ulps of tanh.
        for (double x : new double[] {-2.0, 0.0, 0.3, 5.0}) {
            double sech = 1 / Math.cosh(x);
            assertEquals(sech * sech, Phi.TANH.derivative(x), 1e-15, "tanh' at " + x);
            assertEquals(Math.tanh(x), Phi.TANH.value(x), 1e-15, "tanh at " + x);
        }
    }

    /** alpha-ReLU needs alpha strictly inside (0, 1); the error names the value. */
    @Test
    void alphaReluArgumentCheck() {
        for (double bad : new double[] {0.0, 1.0, -0.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Phi.alphaRelu(bad));
            assertTrue(e.getMessage().contains("alpha in (0, 1)"), e.getMessage());
        }
        assertEquals(0.5, Phi.alphaRelu(0.5).alpha(), 0.0);
        assertEquals(Phi.Kind.ALPHA_RELU, Phi.alphaRelu(1e-9).kind());
    }
}
