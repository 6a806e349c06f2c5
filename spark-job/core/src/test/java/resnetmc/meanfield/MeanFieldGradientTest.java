package resnetmc.meanfield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import resnetmc.kernel.Samples;
import resnetmc.kernel.Vectors;
import resnetmc.rng.RandomStreams;
import resnetmc.testing.FalseFailureRate;
import resnetmc.theory.meanfield.MeanFieldRecursion;
import resnetmc.theory.meanfield.Phi;

/**
 * True backpropagation through finite-width FRN/RRN against the gradient-independence recursion
 * chi^{l-1} = chi^l (1 + sigma_v^2 sigma_w^2 E phi'(u)^2) (Yang and Schoenholz; THEORY.md section 3),
 * comparing the mean ratio chi^0/chi^L (the mean of its log sits below the log of the mean because of
 * the spread).
 * <ul>
 * <li>FRN tanh, FRN ReLU and RRN tanh, N = 2048, L = 100 (ReLU: L = 50, which keeps the ratio's
 * lognormal-like spread small enough for 40 trials): the mean over 40 trials lies within its 99.99%
 * Student t interval (t_39 = 4.33 se) plus an allowance of L/(2N) of the prediction (2.4% at L = 100), for the O(1/N)
 * per-layer corrections the recursion neglects (3 checks: false failure at most 3e-4);</li>
 * <li>RRN ReLU, N = 256, L = 30: the real gradient grows like p^L / N because x aligns with the all-ones
 * vector, so the mean ratio is far above the prediction 1.92e5 = 1.5^30: measured 540x (1.04e8 +- 0.14e8
 * over 160 trials; 230x over the first 40: a heavy right tail). Asserted: the one-sided 99.99% Student t lower confidence bound of the mean
 * over 160 trials (t_159 = 3.79 se) is above 100x the prediction, i.e. the disagreement is two orders of
 * magnitude, not a modest bias. For this right-skewed ratio the lower t bound errs on the safe side, so a
 * true mean above 100x fails it with probability at most 1e-4.</li>
 * </ul>
 * False failure at most 3e-4 + 1e-4.
 */
@FalseFailureRate(4e-4)
class MeanFieldGradientTest {

    private static double[] gaussian(SplittableRandom r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    /** {mean, se} over trials of chi^0/chi^L, with a random gradient at layer L independent of the weights. */
    private static double[] chiRatio(MeanFieldSampler s, int n, int depth, int trials, double[] x) {
        double[] ratios = new double[trials];
        for (int t = 0; t < trials; t++) {
            SplittableRandom r = new SplittableRandom(1000 + t);
            var streams = RandomStreams.of(23, n, t);
            s.forward(x, x, streams);
            s.backward(gaussian(r, n), gaussian(r, n), streams);
            ratios[t] = s.chi(0) / s.chi(depth);
        }
        return Samples.meanAndSe(ratios);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"true, TANH, 100", "true, RELU, 50", "false, TANH, 100"})
    void independenceHolds(boolean frn, Phi.Kind kind, int depth) {
        int n = 2048;
        Phi phi = kind == Phi.Kind.TANH ? Phi.TANH : Phi.RELU;
        double[] x = gaussian(new SplittableRandom(4), n);
        double p0 = Vectors.dot(x, x, n) / n;
        double m0 = java.util.Arrays.stream(x).average().orElseThrow();
        double[] mc = chiRatio(new MeanFieldSampler(frn, phi, 1, 1, 0.1, 0.1, 1, n, depth), n, depth, 40, x);
        double th = new MeanFieldRecursion(frn, phi, 1, 1, 0.1, 0.1, 1).run(depth, p0, p0, 1, m0, m0, false)
                .chiRatio()[depth];
        // 40 trials: Student t with 39 degrees of freedom, two-sided 1e-4.
        double t = new org.apache.commons.math3.distribution.TDistribution(39).inverseCumulativeProbability(1 - 5e-5);
        double tol = t * mc[1] + depth / (2.0 * n) * th;
        assertTrue(Math.abs(mc[0] - th) <= tol, (frn ? "FRN " : "RRN ") + kind + ": MC " + mc[0] + " +- " + mc[1]
                + " vs theory " + th);
    }

    @Test
    void rrnReluDisagrees() {
        int n = 256;
        int depth = 30;
        double[] x = gaussian(new SplittableRandom(5), n);
        double p0 = Vectors.dot(x, x, n) / n;
        double m0 = java.util.Arrays.stream(x).average().orElseThrow();
        int trials = 160;
        double[] mc = chiRatio(new MeanFieldSampler(false, Phi.RELU, 1, 1, 0, 0, 1, n, depth), n, depth, trials, x);
        double th = new MeanFieldRecursion(false, Phi.RELU, 1, 1, 0, 0, 1).run(depth, p0, p0, 1, m0, m0, false)
                .chiRatio()[depth];
        assertEquals(Math.pow(1.5, depth), th, 1e-9 * th, "no biases: chi grows by 1 + E relu'^2 = 1.5 a layer");
        double t = new org.apache.commons.math3.distribution.TDistribution(trials - 1).inverseCumulativeProbability(1 - 1e-4);
        double lower = mc[0] - t * mc[1];
        System.out.printf("RRN ReLU N=%d L=%d: MC chi ratio %.4g +- %.3g (se), theory %.6g: %.4gx, lower bound %.4gx%n",
                n, depth, mc[0], mc[1], th, mc[0] / th, lower / th);
        assertTrue(lower > 100 * th, "RRN ReLU: MC " + mc[0] + " +- " + mc[1] + " should be over 100x theory " + th);
    }
}
