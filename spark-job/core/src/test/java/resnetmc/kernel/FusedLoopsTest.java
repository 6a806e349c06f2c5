package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.XoShiRo256PlusPlus;
import org.junit.jupiter.api.Test;
import resnetmc.model.Activation;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.RandomStreams;
import resnetmc.rng.TrialStreams;

/**
 * The fused loops of the conditional and dense samplers give the same bits as the unfused calls they
 * replace (Activation's loops, then Vectors.dot; commons-rng's xoshiro256++), so the speed-ups change no
 * result; the masked ReLU pair (applyMaskTwoDots, maskDots) against the same calls. Deterministic: exact equality of raw bits, no tolerance.
 */
class FusedLoopsTest {
    private static final int[] LENGTHS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 40, 41, 256, 257};
    private static final Activation[] ACTIVATIONS = {Activation.RELU, Activation.TANH, Activation.IDENTITY,
        Activation.leakyRelu(0.8)};

    /** Random entries with exact zeros of both signs mixed in (where a ReLU's branches meet). */
    private static double[] vector(UniformRandomProvider rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            int r = rng.nextInt(10);
            x[i] = r == 0 ? 0.0 : r == 1 ? -0.0 : rng.nextDouble() * 4 - 2;
        }
        return x;
    }

    private static void assertBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                what + ": " + expected + " vs " + actual);
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertBits(expected[i], actual[i], what + "[" + i + "]");
        }
    }

    @Test
    void reluStepIsTheBranch() {
        double[] pre = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1.0, -1.0, Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -Double.NaN,
            Double.longBitsToDouble(0x7ff0000000000001L), Double.longBitsToDouble(0xfff0000000000001L)};
        double[] y = {2.5, -2.5, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        for (double p : pre) {
            for (double v : y) {
                double expected = p > 0 ? v : 0.0 * v;
                assertEquals(Double.isNaN(expected), Double.isNaN(v * Fused.reluStep(p)), p + ", " + v);
                if (!Double.isNaN(expected)) {
                    assertBits(expected, v * Fused.reluStep(p), p + ", " + v);
                }
            }
        }
    }

    @Test
    void fusedLoopsMatchTheUnfusedCalls() {
        UniformRandomProvider rng = new XoShiRo256PlusPlus(new long[] {1, 2, 3, 4});
        double[] sums = new double[2];
        for (int n : LENGTHS) {
            double[] a = vector(rng, n);
            double[] b = vector(rng, n);
            double[] c = vector(rng, n);
            double[] e = vector(rng, n);
            Fused.twoDots(a, b, c, e, n, sums);
            assertBits(Vectors.dot(a, b, n), sums[0], "twoDots a.b, n = " + n);
            assertBits(Vectors.dot(c, e, n), sums[1], "twoDots c.e, n = " + n);

            double[] out = new double[n];
            double[] ref = new double[n];
            double sq = Fused.addScaledSquaredNorm(a, 0.37, b, out, n);
            for (int i = 0; i < n; i++) {
                ref[i] = a[i] + 0.37 * b[i];
            }
            assertBits(ref, out, "addScaledSquaredNorm, n = " + n);
            assertBits(Vectors.dot(ref, ref, n), sq, "addScaledSquaredNorm's sum, n = " + n);

            double[] q = c.clone();
            double[] jtq = new double[n];
            for (int i = 0; i < n; i++) {
                jtq[i] = b[i] + -1.3 * a[i];
            }
            double expected = Vectors.axpySquaredNorm(0.05, jtq, q, n);
            double[] q2 = c.clone();
            assertBits(expected, Fused.stepSquaredNorm(q2, 0.05, b, -1.3, a, n), "stepSquaredNorm, n = " + n);
            assertBits(q, q2, "stepSquaredNorm's q, n = " + n);

            for (Activation act : ACTIVATIONS) {
                act.apply(a, ref, n);
                double s = Fused.applySquaredNorm(act, a, out, n);
                assertBits(ref, out, act.label() + " applySquaredNorm, n = " + n);
                assertBits(Vectors.dot(ref, ref, n), s, act.label() + " applySquaredNorm's sum, n = " + n);

                double[] value = new double[n];
                act.apply(a, value, n);
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    y[i] = b[i] + 0.9 * value[i];
                }
                act.multiplyDerivative(a, value, y, ref, n);
                Fused.multiplyDerivativeDots(act, a, value, b, 0.9, value, new double[n], out, n, sums);
                assertBits(ref, out, act.label() + " multiplyDerivativeDots, n = " + n);
                assertBits(Vectors.dot(ref, ref, n), sums[0], act.label() + " ||x||^2, n = " + n);
                assertBits(Vectors.dot(a, ref, n), sums[1], act.label() + " pre.x, n = " + n);

                if (act.kind() == Activation.Kind.RELU) {
                    // The masked pair the conditional sampler uses for res-2/3 ReLU: the same g, sums and x.
                    double[] gm = new double[n];
                    double[] mask = new double[n];
                    Fused.applyMaskTwoDots(a, gm, mask, b, c, e, n, sums);
                    assertBits(value, gm, "applyMaskTwoDots' g, n = " + n);
                    assertBits(Vectors.dot(value, b, n), sums[0], "applyMaskTwoDots g.b, n = " + n);
                    assertBits(Vectors.dot(c, e, n), sums[1], "applyMaskTwoDots c.e, n = " + n);
                    double[] xm = new double[n];
                    Fused.maskDots(a, mask, b, 0.9, value, xm, n, sums);
                    assertBits(ref, xm, "maskDots' x, n = " + n);
                    assertBits(Vectors.dot(ref, ref, n), sums[0], "maskDots ||x||^2, n = " + n);
                    assertBits(Vectors.dot(a, ref, n), sums[1], "maskDots pre.x, n = " + n);
                }

                double[] g = new double[n];
                Fused.applyTwoDots(act, a, g, b, c, e, n, sums);
                assertBits(value, g, act.label() + " applyTwoDots' g, n = " + n);
                assertBits(Vectors.dot(value, b, n), sums[0], act.label() + " applyTwoDots g.b, n = " + n);
                assertBits(Vectors.dot(c, e, n), sums[1], act.label() + " applyTwoDots c.e, n = " + n);
            }
        }
    }

    /** Uniform rows with the generator in locals: the same entries and dots as through commons-rng. */
    @Test
    void localUniformMatchesTheProviderUniform() {
        TrialStreams streams = RandomStreams.of(11, 12, 13);
        UniformRandomProvider rng = new XoShiRo256PlusPlus(new long[] {5, 6, 7, 8});
        for (int n : LENGTHS) {
            for (int layer = 1; layer <= 2; layer++) {
                double scale = 1 / Math.sqrt(n);
                EntrySampler provider = EntrySampler.of(WeightDistribution.UNIFORM, streams.v(layer), scale);
                EntrySampler local = EntrySampler.uniform(streams.vState(layer), scale);
                double[] x = vector(rng, n);
                double[] r1 = new double[n];
                double[] r2 = new double[n];
                for (int row = 0; row < 7; row++) {
                    // Alternate fill, fillDot and fillAxpy: each must advance the generator by the same words.
                    if (row % 3 == 2) {
                        double[] y1 = x.clone();
                        double[] y2 = x.clone();
                        provider.fillAxpy(r1, -0.7, y1, n);
                        local.fillAxpy(r2, -0.7, y2, n);
                        assertBits(y1, y2, "fillAxpy, n = " + n);
                    } else if ((row & 1) == 0) {
                        assertBits(provider.fillDot(r1, x, n), local.fillDot(r2, x, n), "fillDot, n = " + n);
                    } else {
                        provider.fill(r1, n);
                        local.fill(r2, n);
                    }
                    assertBits(r1, r2, "row " + row + ", n = " + n);
                }
            }
        }
    }

    @Test
    void statesStartTheStreams() {
        TrialStreams streams = RandomStreams.of(3, 4, 5);
        for (int layer = 1; layer <= 3; layer++) {
            UniformRandomProvider v = streams.v(layer);
            UniformRandomProvider vs = new XoShiRo256PlusPlus(streams.vState(layer));
            UniformRandomProvider w = streams.w(layer);
            UniformRandomProvider ws = new XoShiRo256PlusPlus(streams.wState(layer));
            for (int i = 0; i < 100; i++) {
                assertEquals(v.nextLong(), vs.nextLong());
                assertEquals(w.nextLong(), ws.nextLong());
            }
        }
    }
}
