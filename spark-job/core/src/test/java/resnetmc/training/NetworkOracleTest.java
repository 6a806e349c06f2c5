package resnetmc.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.rng.RandomStreams;
import resnetmc.testing.FalseFailureRate;

/**
 * The training network against a forward pass written here from the model, sharing no code with
 * {@link Network} beyond the documented parameter layout: h_0 = A x,
 * h_k = h_{k-1} + alpha D_k V_k g_k, g_k = sigma(z) (res-1), sigma(W_k z) (res-2), relu(W_k z) (res-3),
 * z = BN_k(h_{k-1}) or h_{k-1}, out = B h_L; inverted dropout (kept coordinates times 1/(1 - p));
 * batch norm with the biased batch variance in training and the running (unbiased, after seeding)
 * variance in evaluation, eps = 1e-5 inside the root (Ioffe and Szegedy 2015; PyTorch's convention).
 * The gradient tests difference the same forward code, so they cannot see a wrong forward pass; this
 * one can (a missing alpha, a wrong dropout scale or batch-norm variance changes the loss at O(0.01+)
 * while rounding is 1e-13).
 */
@FalseFailureRate(2e-5)
class NetworkOracleTest {
    private static final int N_IN = 3;
    private static final int D = 4;
    private static final int L = 3;
    private static final int N_OUT = 2;
    private static final int BATCH = 5;

    static Stream<Arguments> networks() {
        Stream.Builder<Arguments> b = Stream.builder();
        Object[][] archs = {
            {Architecture.RES_1, Activation.TANH},
            {Architecture.RES_2, Activation.leakyRelu(0.3)},
            {Architecture.RES_3, Activation.RELU},
        };
        for (Object[] a : archs) {
            for (double dropout : new double[] {0.0, 0.4}) {
                for (boolean bn : new boolean[] {false, true}) {
                    for (boolean classifier : new boolean[] {true, false}) {
                        b.add(Arguments.of(a[0], a[1], dropout, bn, classifier));
                    }
                }
            }
        }
        return b.build();
    }

    // ------------------------------------------------------------------ the oracle

    private static double act(Activation a, double x) {
        return switch (a.kind()) {
            case IDENTITY -> x;
            case RELU -> x > 0 ? x : 0;
            case LEAKY_RELU -> x > 0 ? x : a.slope() * x;
            case TANH -> Math.tanh(x);
        };
    }

    /**
     * out[b][c] for a batch (x[b] the example b), from the flat parameters. {@code train}: batch
     * statistics (biased variance); otherwise the statistics {@code evalMean}/{@code evalVar} per layer.
     * {@code mask} is null (no dropout) or a per-layer, per-example, per-coordinate multiplier.
     */
    private static double[][] forward(NetworkSpec s, double[] w, double[][] x, boolean train, double[][][] mask,
                                      double[][] evalMean, double[][] evalVar, double[][][] hOut) {
        int n = x.length;
        double[][] h = new double[n][D];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < D; i++) {
                for (int j = 0; j < N_IN; j++) {
                    h[b][i] += w[s.aOffset() + i * N_IN + j] * x[b][j]; // A row-major d x n_in
                }
            }
        }
        if (hOut != null) {
            hOut[0] = copy(h);
        }
        for (int k = 1; k <= L; k++) {
            double[][] z = copy(h);
            if (s.batchNorm()) {
                for (int i = 0; i < D; i++) {
                    double mean;
                    double var;
                    if (train) {
                        mean = 0;
                        for (double[] hb : h) {
                            mean += hb[i] / n;
                        }
                        var = 0;
                        for (double[] hb : h) {
                            var += (hb[i] - mean) * (hb[i] - mean) / n;
                        }
                    } else {
                        mean = evalMean[k - 1][i];
                        var = evalVar[k - 1][i];
                    }
                    double scale = w[s.bnOffset(k) + i];
                    double shift = w[s.bnOffset(k) + D + i];
                    for (int b = 0; b < n; b++) {
                        z[b][i] = scale * (h[b][i] - mean) / Math.sqrt(var + 1e-5) + shift;
                    }
                }
            }
            double[][] next = new double[n][D];
            for (int b = 0; b < n; b++) {
                double[] g = new double[D];
                for (int i = 0; i < D; i++) {
                    if (s.arch() == Architecture.RES_1) {
                        g[i] = act(s.activation(), z[b][i]);
                    } else {
                        double wz = 0;
                        for (int j = 0; j < D; j++) {
                            wz += w[s.wOffset(k) + i * D + j] * z[b][j];
                        }
                        g[i] = s.arch() == Architecture.RES_3 ? Math.max(wz, 0) : act(s.activation(), wz);
                    }
                }
                for (int i = 0; i < D; i++) {
                    double vg = 0;
                    for (int j = 0; j < D; j++) {
                        vg += w[s.vOffset(k) + i * D + j] * g[j];
                    }
                    double m = mask == null ? 1 : mask[k - 1][b][i];
                    next[b][i] = h[b][i] + s.alpha() * m * vg;
                }
            }
            h = next;
            if (hOut != null) {
                hOut[k] = copy(h);
            }
        }
        double[][] out = new double[n][N_OUT];
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < N_OUT; c++) {
                for (int i = 0; i < D; i++) {
                    out[b][c] += w[s.bOffset() + c * D + i] * h[b][i];
                }
            }
        }
        return out;
    }

    private static double meanLoss(NetworkSpec s, double[][] out, double[] y, int[] labels) {
        double sum = 0;
        for (int b = 0; b < out.length; b++) {
            if (s.classifier()) {
                double z = 0;
                for (double o : out[b]) {
                    z += Math.exp(o);
                }
                sum += Math.log(z) - out[b][labels[b]];
            } else {
                for (int c = 0; c < N_OUT; c++) {
                    double r = out[b][c] - y[b * N_OUT + c];
                    sum += 0.5 * r * r;
                }
            }
        }
        return sum / out.length;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    // ------------------------------------------------------------------ forward pass

    @ParameterizedTest(name = "{0} {1} dropout={2} bn={3} classifier={4}")
    @MethodSource("networks")
    void lossIsTheFromFormulaForwardPass(Architecture arch, Activation act, double dropout, boolean bn,
                                         boolean classifier) {
        // alpha = L^-beta with beta = 0.7, far from 1 so that a dropped or squared alpha shows.
        NetworkSpec spec = new NetworkSpec(arch, act, D, L, Math.pow(L, -0.7), N_IN, N_OUT, classifier, dropout, bn);
        Network net = new Network(spec, BATCH, Gemm.BLAS);
        net.initialise(RandomStreams.of(5, 9, 0), null);
        double[] w = net.params();
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(21L);
        // Larger branch weights (and generic batch-norm scales and shifts) so every term matters at O(1).
        for (int k = 1; k <= L; k++) {
            for (int i = 0; i < D * D; i++) {
                w[spec.vOffset(k) + i] *= 3;
            }
            if (bn) {
                for (int i = 0; i < 2 * D; i++) {
                    w[spec.bnOffset(k) + i] = (i < D ? 1 : 0) + 0.6 * (rng.nextDouble() - 0.5);
                }
            }
        }
        double[][] x = new double[BATCH][N_IN];
        double[] flatX = new double[BATCH * N_IN];
        double[] y = new double[BATCH * N_OUT];
        int[] labels = new int[BATCH];
        for (int b = 0; b < BATCH; b++) {
            for (int j = 0; j < N_IN; j++) {
                x[b][j] = 2 * rng.nextDouble() - 1;
                flatX[b * N_IN + j] = x[b][j];
            }
            labels[b] = rng.nextInt(N_OUT);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextDouble() - 0.5;
        }

        // Training mode: batch statistics; dropout masks drawn uniform-by-uniform in the order layer,
        // example, coordinate from a generator of the same seed (drop when u < p, else keep with 1/(1 - p)).
        double[][][] mask = null;
        long dropSeed = 77L;
        if (dropout > 0) {
            UniformRandomProvider m = RandomSource.XO_RO_SHI_RO_128_PP.create(dropSeed);
            mask = new double[L][BATCH][D];
            for (int k = 0; k < L; k++) {
                for (int b = 0; b < BATCH; b++) {
                    for (int i = 0; i < D; i++) {
                        mask[k][b][i] = m.nextDouble() < dropout ? 0 : 1 / (1 - dropout);
                    }
                }
            }
        }
        double[][][] hTrain = new double[L + 1][][];
        double expectTrain = meanLoss(spec, forward(spec, w, x, true, mask, null, null, hTrain), y, labels);
        double[] grad = new double[spec.parameterCount()];
        double got = net.lossAndGradient(flatX, 0, y, 0, labels, 0, BATCH,
                dropout > 0 ? RandomSource.XO_RO_SHI_RO_128_PP.create(dropSeed) : null, grad);
        assertEquals(expectTrain, got, 1e-12 * (1 + Math.abs(expectTrain)), "training loss");

        // Evaluation mode: no dropout; batch norm with the running statistics, seeded from one batch as the
        // batch mean and the unbiased variance (n/(n-1) times the biased one).
        double[][] evalMean = new double[L][D];
        double[][] evalVar = new double[L][D];
        double[][][] hEval = new double[L + 1][][];
        if (bn) {
            net.seedStatistics(flatX, 0, BATCH);
            // The statistics of layer k are those of h_{k-1} in a training pass without dropout.
            double[][][] hs = new double[L + 1][][];
            forward(spec, w, x, true, null, null, null, hs);
            for (int k = 0; k < L; k++) {
                for (int i = 0; i < D; i++) {
                    double mean = 0;
                    for (int b = 0; b < BATCH; b++) {
                        mean += hs[k][b][i] / BATCH;
                    }
                    double ss = 0;
                    for (int b = 0; b < BATCH; b++) {
                        ss += (hs[k][b][i] - mean) * (hs[k][b][i] - mean);
                    }
                    evalMean[k][i] = mean;
                    evalVar[k][i] = ss / (BATCH - 1);
                }
            }
        }
        double expectEval = meanLoss(spec, forward(spec, w, x, false, null, evalMean, evalVar, hEval), y, labels);
        Network.Evaluation e = net.evaluate(flatX, y, labels, BATCH);
        assertEquals(expectEval, e.meanLoss(), 1e-12 * (1 + Math.abs(expectEval)), "evaluation loss");
        // ||h_L - h_0|| / ||h_0|| in evaluation mode: the residual stream itself, not only the head.
        double num = 0;
        double den = 0;
        for (int b = 0; b < BATCH; b++) {
            for (int i = 0; i < D; i++) {
                num += Math.pow(hEval[L][b][i] - hEval[0][b][i], 2);
                den += hEval[0][b][i] * hEval[0][b][i];
            }
        }
        assertEquals(Math.sqrt(num / den), net.hChange(flatX, BATCH), 1e-12 * Math.sqrt(num / den), "h change");
        if (classifier) {
            long correct = 0;
            double[][] out = forward(spec, w, x, false, null, evalMean, evalVar, null);
            for (int b = 0; b < BATCH; b++) {
                int best = 0;
                for (int c = 1; c < N_OUT; c++) {
                    best = out[b][c] > out[b][best] ? c : best;
                }
                correct += best == labels[b] ? 1 : 0;
            }
            assertEquals(correct, e.correct(), "correct predictions");
        }
    }

    // ------------------------------------------------------------------ initial weights

    /**
     * Initial weights: A ~ N(0, 1/n_in), V_k, W_k, B ~ N(0, 1/d) entrywise and independent. For a block
     * of m entries with claimed variance s^2, sum x^2 / s^2 ~ chi^2_m exactly and sum x / s ~ N(0, m)
     * exactly; the cross-product of two blocks, sum x_i y_i / (s_x s_y), has variance m and is normal to
     * within the CLT at m >= 1024. Each check is two-sided at 1e-6 (exact quantiles); with n_in = 16 !=
     * d = 64, using the wrong fan-in moves the chi-square statistic by a factor 4 (hundreds of sd). There
     * are 8 blocks x 2 + 3 cross checks = 19 checks, so a correct initialiser fails this test with
     * probability about 2e-5 (a factor 2 allowed for the CLT in the cross checks).
     */
    @Test
    void initialWeightsHaveTheirVariances() {
        int nIn = 16;
        int d = 64;
        int depth = 3;
        int nOut = 16;
        NetworkSpec spec = new NetworkSpec(Architecture.RES_2, Activation.TANH, d, depth, 1.0, nIn, nOut, false, 0.0,
                true);
        Network net = new Network(spec, 1, Gemm.BLAS);
        net.initialise(RandomStreams.of(13, 3, 0), null);
        double[] w = net.params();
        checkBlock(w, spec.aOffset(), nIn * d, 1.0 / nIn, "A");
        checkBlock(w, spec.bOffset(), nOut * d, 1.0 / d, "B");
        for (int k = 1; k <= depth; k++) {
            checkBlock(w, spec.vOffset(k), d * d, 1.0 / d, "V_" + k);
            checkBlock(w, spec.wOffset(k), d * d, 1.0 / d, "W_" + k);
            for (int i = 0; i < d; i++) {
                assertEquals(1.0, w[spec.bnOffset(k) + i], 0.0, "batch-norm scale starts at 1");
                assertEquals(0.0, w[spec.bnOffset(k) + d + i], 0.0, "batch-norm shift starts at 0");
            }
        }
        double zc = new NormalDistribution().inverseCumulativeProbability(1 - 0.5e-6);
        int m = d * d;
        double[][] pairs = {{spec.vOffset(1), spec.vOffset(2)}, {spec.vOffset(1), spec.wOffset(1)},
            {spec.vOffset(3), spec.wOffset(3)}};
        for (double[] pr : pairs) {
            double dot = 0;
            for (int i = 0; i < m; i++) {
                dot += w[(int) pr[0] + i] * w[(int) pr[1] + i] * d; // / (s_x s_y) with s^2 = 1/d
            }
            assertTrue(Math.abs(dot) <= zc * Math.sqrt(m), "blocks at " + pr[0] + " and " + pr[1]
                    + " correlated: " + dot / Math.sqrt(m) + " sd");
        }
    }

    private static void checkBlock(double[] w, int off, int m, double variance, String what) {
        double ss = 0;
        double sum = 0;
        for (int i = 0; i < m; i++) {
            ss += w[off + i] * w[off + i] / variance;
            sum += w[off + i] / Math.sqrt(variance);
        }
        ChiSquaredDistribution chi = new ChiSquaredDistribution(m);
        double lo = chi.inverseCumulativeProbability(0.5e-6);
        double hi = chi.inverseCumulativeProbability(1 - 0.5e-6);
        assertTrue(ss >= lo && ss <= hi, String.format("%s: sum x^2/s^2 = %.1f outside [%.1f, %.1f] (m = %d)",
                what, ss, lo, hi, m));
        double z = new NormalDistribution().inverseCumulativeProbability(1 - 0.5e-6);
        assertTrue(Math.abs(sum) <= z * Math.sqrt(m), what + ": mean " + sum / Math.sqrt(m) + " sd from 0");
    }
}
