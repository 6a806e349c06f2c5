package resnetmc.meanfield;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetmc.kernel.Samples;
import resnetmc.kernel.Vectors;
import resnetmc.rng.RandomStreams;
import resnetmc.testing.FalseFailureRate;
import resnetmc.theory.meanfield.MeanFieldRecursion;
import resnetmc.theory.meanfield.Phi;

/**
 * Finite-width FRN Monte Carlo (span-conditioned, exact in law) against the infinite-width recursion
 * at N = 2048, for each phi: the means over T = 24 trials of p^l and e^l at l = 1, 10, 100, 500 lie
 * within their Student t interval at two-sided level 2e-5 (23 degrees of freedom: T = 24 trials, sd
 * estimated) plus an allowance of 4/N relative to the prediction: the recursion neglects the O(1/N)
 * fluctuations of q^l = sigma_w^2 p^{l-1} + sigma_b^2, whose Jensen correction to E phi(u)^2 is
 * O(Var(q)/q^2) = O(1/N); with alpha = L^-1/2 the per-layer corrections add up to O(1/N) over the
 * depth. (Measured: every check also passes with no allowance.) 3 phi x 4 layers x 2 quantities = 24
 * checks at 2e-5 each: false failure at most 4.8e-4.
 */
@FalseFailureRate(4.8e-4)
class MeanFieldSamplerTest {
    /** Two-sided 2e-5 quantile of Student t with 23 degrees of freedom. */
    private static final double T_23 = new org.apache.commons.math3.distribution.TDistribution(23)
            .inverseCumulativeProbability(1 - 1e-5);
    private static final int N = 2048;
    private static final int TRIALS = 24;
    private static final int DEPTH = 500;

    @ParameterizedTest
    @CsvSource({"TANH, NaN", "RELU, NaN", "ALPHA_RELU, 0.7"})
    void frnMatchesRecursion(Phi.Kind kind, double a) {
        Phi phi = kind == Phi.Kind.TANH ? Phi.TANH : kind == Phi.Kind.RELU ? Phi.RELU : Phi.alphaRelu(a);
        double sw = 1.0;
        double sv = 1.0;
        double sa = 0.1;
        double sb = 0.1;
        double alpha = 1.0 / Math.sqrt(DEPTH); // keeps ReLU's p^L within doubles and the network non-degenerate
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[N];
        double[] xb = new double[N];
        for (int i = 0; i < N; i++) {
            double z = r.nextGaussian();
            x[i] = z;
            xb[i] = 0.5 * z + Math.sqrt(0.75) * r.nextGaussian();
        }
        double p0 = Vectors.dot(x, x, N) / N;
        double p0b = Vectors.dot(xb, xb, N) / N;
        double e0 = Vectors.dot(x, xb, N) / N / Math.sqrt(p0 * p0b);
        MeanFieldRecursion.Trajectory th = new MeanFieldRecursion(true, phi, sw, sv, sa, sb, alpha)
                .run(DEPTH, p0, p0b, e0, 0, 0, true);
        int[] ls = {1, 10, 100, 500};
        double[][] pm = new double[ls.length][TRIALS];
        double[][] em = new double[ls.length][TRIALS];
        MeanFieldSampler s = new MeanFieldSampler(true, phi, sw, sv, sa, sb, alpha, N, DEPTH);
        for (int t = 0; t < TRIALS; t++) {
            s.forward(x, xb, RandomStreams.of(17, kind.ordinal(), t));
            for (int k = 0; k < ls.length; k++) {
                pm[k][t] = s.p(ls[k]);
                em[k][t] = s.cosine(ls[k]);
            }
        }
        for (int k = 0; k < ls.length; k++) {
            check("p", kind, ls[k], pm[k], th.p()[ls[k]]);
            check("e", kind, ls[k], em[k], th.cosine()[ls[k]]);
        }
    }

    private static void check(String q, Phi.Kind kind, int l, double[] values, double theory) {
        double[] ms = Samples.meanAndSe(values);
        double tol = T_23 * ms[1] + 4.0 / N * Math.abs(theory);
        assertTrue(Math.abs(ms[0] - theory) <= tol, String.format("%s %s^%d: MC %.6g vs theory %.6g (tol %.3g)", kind,
                q, l, ms[0], theory, tol));
    }
}
