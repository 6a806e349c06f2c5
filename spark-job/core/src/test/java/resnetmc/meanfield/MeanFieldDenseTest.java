package resnetmc.meanfield;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import resnetmc.kernel.Samples;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.RandomStreams;
import resnetmc.testing.FalseFailureRate;
import resnetmc.theory.meanfield.MeanFieldRecursion;
import resnetmc.theory.meanfield.Phi;

/**
 * The dense path of {@link MeanFieldSampler} (every weight drawn, used for the uniform presets):
 * <ul>
 * <li>He-uniform FRN tanh (sigma_w = sigma_v = sqrt 2, no biases, e^0 = 1/2) at N = 256, L = 40:
 * p, e and chi^0/chi^l at l = 5, 40 within 99.999% of the recursion, which depends on the weights only
 * through their variance (the central limit theorem makes W x Gaussian as N grows), plus 4/N
 * relative for the O(1/N) finite-width bias (see {@link MeanFieldSamplerTest});</li>
 * <li>dense Gaussian against span-conditioned Gaussian, same network (N = 128): the two are exact in law, so
 * the difference of their means of p^L and chi^0/chi^L is within 4.53 standard errors (t_199).</li>
 * </ul>
 * 8 checks at 1e-5 (Student t_199 = 4.53): false failure at most 8e-5.
 */
@FalseFailureRate(8e-5)
class MeanFieldDenseTest {
    private static final int N = 256;
    private static final int L = 40;
    private static final int TRIALS = 200;
    /**
     * Two-sided 1e-5 Student t quantile at 199 degrees of freedom (4.53; the normal 4.42 would make the
     * rate 1.6e-5, the sd being estimated from the trials). Also used for the dense-vs-span difference,
     * whose Welch degrees of freedom are near 2 x 199: conservative there.
     */
    private static final double T = new org.apache.commons.math3.distribution.TDistribution(TRIALS - 1)
            .inverseCumulativeProbability(1 - 5e-6);

    @Test
    void uniformWeightsFollowTheRecursion() {
        double s = Math.sqrt(2);
        int[] at = {5, L};
        double[] th = new MeanFieldRecursion(true, Phi.TANH, s, s, 0, 0, 1.0).predict(L, 1.0, 0.5, at);
        MeanFieldSampler dense = new MeanFieldSampler(true, Phi.TANH, s, s, 0, 0, 1.0, N, L, WeightDistribution.UNIFORM);
        double[][] v = new double[TRIALS][];
        for (int t = 0; t < TRIALS; t++) {
            v[t] = dense.trial(RandomStreams.of(41, 1, t), 1.0, 0.5, at);
        }
        for (int k = 0; k < at.length; k++) {
            for (int q : new int[] {0, 2, 5}) {
                double[] x = new double[TRIALS];
                for (int t = 0; t < TRIALS; t++) {
                    x[t] = v[t][k * 6 + q];
                }
                double[] ms = Samples.meanAndSe(x);
                double theory = th[k * 6 + q];
                double tol = T * ms[1] + 4.0 / N * Math.abs(theory);
                assertTrue(Math.abs(ms[0] - theory) <= tol, String.format("quantity %d at l = %d: MC %.5g vs %.5g (tol %.3g)",
                        q, at[k], ms[0], theory, tol));
            }
        }
    }

    @Test
    void denseGaussianAgreesWithSpanConditioning() {
        int[] at = {L};
        int n = N / 2;
        MeanFieldSampler dense = new MeanFieldSampler(true, Phi.RELU, 1, 1, 0.1, 0.1, 0.3, n, L, WeightDistribution.GAUSSIAN);
        MeanFieldSampler span = new MeanFieldSampler(true, Phi.RELU, 1, 1, 0.1, 0.1, 0.3, n, L);
        for (int q : new int[] {0, 5}) {
            double[] a = new double[TRIALS];
            double[] b = new double[TRIALS];
            for (int t = 0; t < TRIALS; t++) {
                a[t] = dense.trial(RandomStreams.of(43, 1, t), 1.0, 0.5, at)[q];
                b[t] = span.trial(RandomStreams.of(43, 2, t), 1.0, 0.5, at)[q];
            }
            double[] ma = Samples.meanAndSe(a);
            double[] mb = Samples.meanAndSe(b);
            double se = Math.hypot(ma[1], mb[1]);
            assertTrue(Math.abs(ma[0] - mb[0]) <= T * se, String.format("quantity %d: dense %.5g vs span %.5g (se %.3g)",
                    q, ma[0], mb[0], se));
        }
    }
}
