package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.RandomStreams;
import resnetmc.rng.TrialStreams;
import resnetmc.testing.FalseFailureRate;

/**
 * Two inputs through the same network: the span-conditioned sampler against an explicit dense network
 * (every matrix drawn and kept), d = 6, L = 5, alpha = 0.7, inputs at cosine 0.5, gradients p_L^j fixed
 * unit vectors. Statistics: cos(h_L^1, h_L^2), log ||h_L^1||, log ||p_0^2||, cos(p_0^1, p_0^2).
 * Two-sample KS tests, n = 20000 per side, each at level 1e-5: 3 architectures x 4 statistics = 12
 * tests, false-failure probability at most 1.2e-4 (Bonferroni); the seeds are fixed. Also checks that
 * identical inputs stay identical (rank-1 span) and Euler's identity input by input.
 */
@FalseFailureRate(1.2e-4)
class MultiInputSamplerTest {
    private static final int D = 6;
    private static final int L = 5;
    private static final int N = 20_000;
    private static final double ALPHA = 0.7;

    private static Cell cell(Architecture arch) {
        Activation act = arch == Architecture.RES_3 ? Activation.RELU : Activation.leakyRelu(0.75);
        return new Cell(arch, act, WeightDistribution.GAUSSIAN, D, L, new Scaling.Explicit(ALPHA),
                resnetmc.model.InputKind.UNIT, resnetmc.model.LossKind.RANDOM_DIRECTION, Sampler.CONDITIONAL);
    }

    private static double[][] inputs() {
        double[][] h = new double[2][D];
        h[0][0] = 1;
        h[1][0] = 0.5;
        h[1][1] = Math.sqrt(0.75);
        return h;
    }

    private static double[][] gradients() {
        double[][] p = new double[2][D];
        p[0][2] = 1;
        p[1][3] = 0.6;
        p[1][2] = 0.8;
        return p;
    }

    private static double cos(double[] a, double[] b) {
        return Vectors.dot(a, b, D) / (Vectors.norm(a, D) * Vectors.norm(b, D));
    }

    /** The explicit network: matrices drawn with N(0, 1/D) entries, kept, used forward and transposed. */
    private static double[] dense(Cell c, TrialStreams st) {
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(st.v(1));
        double[][][] w = new double[L][D][D];
        double[][][] v = new double[L][D][D];
        for (int k = 0; k < L; k++) {
            for (int i = 0; i < D; i++) {
                for (int j = 0; j < D; j++) {
                    w[k][i][j] = normal.sample() / Math.sqrt(D);
                    v[k][i][j] = normal.sample() / Math.sqrt(D);
                }
            }
        }
        Activation act = c.activation();
        boolean inner = c.arch().hasInnerWeights();
        double[][][] h = new double[L + 1][2][];
        double[][][] a = new double[L][2][D];
        h[0] = inputs();
        for (int k = 0; k < L; k++) {
            for (int n = 0; n < 2; n++) {
                double[] gk = new double[D];
                for (int i = 0; i < D; i++) {
                    a[k][n][i] = inner ? Vectors.dot(w[k][i], h[k][n], D) : h[k][n][i];
                    gk[i] = act.value(a[k][n][i]);
                }
                h[k + 1][n] = h[k][n].clone();
                for (int i = 0; i < D; i++) {
                    h[k + 1][n][i] += ALPHA * Vectors.dot(v[k][i], gk, D);
                }
            }
        }
        double[][] p = gradients();
        for (int k = L - 1; k >= 0; k--) {
            for (int n = 0; n < 2; n++) {
                double[] y = new double[D];
                for (int i = 0; i < D; i++) {
                    Vectors.axpy(p[n][i], v[k][i], y, D);
                }
                double[] z = new double[D];
                for (int i = 0; i < D; i++) {
                    double c2 = act.derivative(a[k][n][i]) * y[i];
                    if (inner) {
                        Vectors.axpy(c2, w[k][i], z, D);
                    } else {
                        z[i] = c2;
                    }
                }
                for (int i = 0; i < D; i++) {
                    p[n][i] += ALPHA * z[i];
                }
            }
        }
        return new double[] {cos(h[L][0], h[L][1]), Math.log(Vectors.norm(h[L][0], D)), Math.log(Vectors.norm(p[1], D)),
            cos(p[0], p[1])};
    }

    private static double[] conditional(MultiInputSampler s, TrialStreams st) {
        s.forward(inputs(), st);
        s.backward(gradients(), st);
        return new double[] {s.cosine(L, 0, 1), s.logNorm(L, 0), s.gradientLogNorm(0, 1), cos(s.gradient(0), s.gradient(1))};
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void sameLawAsDenseNetwork(Architecture arch) {
        Cell c = cell(arch);
        MultiInputSampler s = new MultiInputSampler(c, 2);
        double[][] a = new double[4][N];
        double[][] b = new double[4][N];
        for (int n = 0; n < N; n++) {
            double[] x = dense(c, RandomStreams.of(1, c.id(), n));
            double[] y = conditional(s, RandomStreams.of(2, c.id(), n));
            for (int k = 0; k < 4; k++) {
                a[k][n] = x[k];
                b[k][n] = y[k];
            }
        }
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        for (int k = 0; k < 4; k++) {
            double p = ks.kolmogorovSmirnovTest(a[k], b[k], false);
            assertTrue(p > 1e-5, arch + " statistic " + k + ": D = " + ks.kolmogorovSmirnovStatistic(a[k], b[k])
                    + ", p = " + p);
        }
    }

    /** Identical inputs span a line: both copies follow the same path, and p_0 . h_0 = p_L . h_L per input. */
    @ParameterizedTest
    @EnumSource(Architecture.class)
    void identicalInputsAndEuler(Architecture arch) {
        Cell c = cell(arch);
        MultiInputSampler s = new MultiInputSampler(c, 2);
        double[][] same = {inputs()[0], inputs()[0]};
        TrialStreams st = RandomStreams.of(3, c.id(), 0);
        s.forward(same, st);
        assertEquals(1.0, s.cosine(L, 0, 1), 1e-12);
        assertEquals(s.logNorm(L, 0), s.logNorm(L, 1), 1e-12);
        // Euler per input (homogeneous branch): p_0 . h_0 = p_L . h_L, with h_L = ||h_L|| * unit state.
        s.forward(inputs(), st);
        double[][] pL = gradients();
        s.backward(pL, st);
        for (int j = 0; j < 2; j++) {
            double lhs = Math.exp(s.gradientLogNorm(0, j)) * Vectors.dot(s.gradient(j), inputs()[j], D);
            double rhs = Math.exp(s.logNorm(L, j)) * Vectors.dot(pL[j], s.state(L, j), D);
            assertEquals(rhs, lhs, 1e-10 * Math.max(1, Math.abs(rhs)), arch + " input " + j);
        }
    }
}
