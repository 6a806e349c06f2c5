package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.RandomStreams;
import resnetmc.rng.TrialStreams;

/**
 * Exact, deterministic laws of span conditioning and of the multi-input sampler (their laws are checked
 * statistically elsewhere): the images are linear in the inputs; the transposes are consistent with the
 * images, x_i . (M^T p_j) = (M x_i) . p_j for every x_i in the conditioned span (THEORY.md section 5: M is
 * (M Q) Q^T on the span); a single input along e_1 sees M e_1 = z / sqrt d from the stream's normals. For a
 * linear network (identity branch) these make h_L linear in h_0, p_0 linear in p_L, and
 * p_0^j . h_0^i = p_L^j . h_L^i for every pair of inputs. Tolerances are rounding-level (1e-12 relative).
 */
class SpanIdentitiesTest {
    private static final int D = 6;

    private static UniformRandomProvider rng(int purpose) {
        return RandomStreams.of(40, 41, 42).v(purpose);
    }

    private static double[][] inputs() {
        double[][] x = new double[3][D];
        for (int i = 0; i < D; i++) {
            x[0][i] = i + 1;
            x[1][i] = i % 3 == 0 ? -2 : 0.5 * i;
            x[2][i] = 2 * x[0][i] - 3 * x[1][i];  // dependent: rank 2
        }
        return x;
    }

    private static double[][] gradients() {
        double[][] p = new double[3][D];
        for (int i = 0; i < D; i++) {
            p[0][i] = i % 2 == 0 ? 1 : -0.25;
            p[1][i] = 0.1 * i * i - 1;
            p[2][i] = -p[0][i] + 0.5 * p[1][i];
        }
        return p;
    }

    private static void close(double expected, double actual, double scale, String what) {
        assertEquals(expected, actual, 1e-12 * Math.max(1, scale), what);
    }

    @Test
    void imagesAreLinearAndTransposesConsistent() {
        SpanConditioning sc = new SpanConditioning(D, 3);
        SpanConditioning.Span span = new SpanConditioning.Span(D, 3);
        double[][] x = inputs();
        double[][] img = new double[3][D];
        sc.image(x, img, rng(1), span);
        assertEquals(2, span.rank());
        for (int i = 0; i < D; i++) {
            close(2 * img[0][i] - 3 * img[1][i], img[2][i], 10, "image of the dependent input, entry " + i);
        }
        // Q: orthonormal rows spanning the inputs
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                close(a == b ? 1 : 0, Vectors.dot(span.q[a], span.q[b], D), 1, "Q^T Q");
            }
        }
        double[][] p = gradients();
        double[][] t = new double[3][D];
        sc.transpose(p, t, rng(2), span);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double expected = Vectors.dot(img[i], p[j], D);
                close(expected, Vectors.dot(x[i], t[j], D), 100, "x_" + i + " . M^T p_" + j);
            }
        }
        for (int i = 0; i < D; i++) {
            close(-t[0][i] + 0.5 * t[1][i], t[2][i], 10, "transpose of the dependent gradient, entry " + i);
        }
        // reused objects: a second call with the same streams gives the same bits
        double[][] t2 = new double[3][D];
        sc.transpose(p, t2, rng(2), span);
        for (int j = 0; j < 3; j++) {
            assertArrayEquals(t[j], t2[j], 0.0);
        }
    }

    /**
     * One input c e_1 and one gradient e_2: M e_1 = z / sqrt d (z the stream's first d normals), so the image
     * is c z / sqrt d; M^T e_2 is the fresh draw f / sqrt d with its e_1 entry replaced by (M e_1)_2 = z_2 / sqrt d.
     */
    @Test
    void singleInputIsTheStreamsNormals() {
        SpanConditioning sc = new SpanConditioning(D, 1);
        SpanConditioning.Span span = new SpanConditioning.Span(D, 1);
        double[][] x = new double[1][D];
        x[0][0] = 3;
        double[][] img = new double[1][D];
        sc.image(x, img, rng(1), span);
        assertEquals(1, span.rank());
        ZigguratSampler.NormalizedGaussian z = ZigguratSampler.NormalizedGaussian.of(rng(1));
        double[] mq = new double[D];
        for (int i = 0; i < D; i++) {
            mq[i] = z.sample() / Math.sqrt(D);
            close(3 * mq[i], img[0][i], 1, "image entry " + i);
        }
        double[][] p = new double[1][D];
        p[0][1] = 1;
        double[][] t = new double[1][D];
        sc.transpose(p, t, rng(2), span);
        ZigguratSampler.NormalizedGaussian f = ZigguratSampler.NormalizedGaussian.of(rng(2));
        for (int i = 0; i < D; i++) {
            double fresh = f.sample() / Math.sqrt(D);
            close(i == 0 ? mq[1] : fresh, t[0][i], 1, "transpose entry " + i);
        }
    }

    /** A zero input and a zero gradient span nothing: rank 0, images and transposes 0. */
    @Test
    void zeroColumnsSpanNothing() {
        SpanConditioning sc = new SpanConditioning(D, 1);
        SpanConditioning.Span span = new SpanConditioning.Span(D, 1);
        double[][] img = {{9, 9, 9, 9, 9, 9}};
        sc.image(new double[1][D], img, rng(1), span);
        assertEquals(0, span.rank());
        assertArrayEquals(new double[D], img[0], 0.0);
        double[][] t = {{9, 9, 9, 9, 9, 9}};
        sc.transpose(new double[1][D], t, rng(2), span);
        assertArrayEquals(new double[D], t[0], 0.0);
    }

    private static Cell cell(Architecture arch, Activation act) {
        return new Cell(arch, arch == Architecture.RES_3 ? Activation.RELU : act, WeightDistribution.GAUSSIAN, D, 4,
                new Scaling.Explicit(0.8), InputKind.UNIT, LossKind.RANDOM_DIRECTION, Sampler.CONDITIONAL);
    }

    private static double[] plainState(MultiInputSampler s, int k, int j) {
        double[] u = s.state(k, j);
        double f = Math.exp(s.logNorm(k, j)) / Vectors.norm(u, D);
        for (int i = 0; i < D; i++) {
            u[i] *= f;
        }
        return u;
    }

    private static double[] plainGradient(MultiInputSampler s, int j) {
        double[] q = s.gradient(j);
        double f = Math.exp(s.gradientLogNorm(0, j)) / Vectors.norm(q, D);
        for (int i = 0; i < D; i++) {
            q[i] *= f;
        }
        return q;
    }

    /**
     * A linear network (identity branch, res-1 and res-2): h_L of the dependent input is the same combination
     * of the others' h_L, likewise p_0, and p_0^j . h_0^i = p_L^j . h_L^i for all nine pairs.
     */
    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"RES_1", "RES_2"})
    void linearNetworkIsLinearAndDual(Architecture arch) {
        Cell c = cell(arch, Activation.IDENTITY);
        MultiInputSampler s = new MultiInputSampler(c, 3);
        TrialStreams st = RandomStreams.of(6, c.id(), 2);
        double[][] x = inputs();
        double[][] p = gradients();
        s.forward(x, st);
        s.backward(p, st);
        double[][] hL = new double[3][];
        double[][] p0 = new double[3][];
        for (int j = 0; j < 3; j++) {
            hL[j] = plainState(s, 4, j);
            p0[j] = plainGradient(s, j);
            close(Math.log(Vectors.norm(x[j], D)), s.logNorm(0, j), 1, "log ||h_0||");
            close(Math.log(Vectors.norm(p[j], D)), s.gradientLogNorm(4, j), 1, "log ||p_L||");
        }
        for (int i = 0; i < D; i++) {
            close(2 * hL[0][i] - 3 * hL[1][i], hL[2][i], 100, arch + " h_L entry " + i);
            close(-p0[0][i] + 0.5 * p0[1][i], p0[2][i], 100, arch + " p_0 entry " + i);
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double expected = Vectors.dot(p[j], hL[i], D);
                close(expected, Vectors.dot(p0[j], x[i], D), 1000, arch + " p_0^" + j + " . h_0^" + i);
            }
        }
        close(Vectors.dot(x[0], x[1], D) / (Vectors.norm(x[0], D) * Vectors.norm(x[1], D)), s.cosine(0, 0, 1), 1,
                "cosine at layer 0");
        close(Vectors.dot(hL[0], hL[2], D) / (Vectors.norm(hL[0], D) * Vectors.norm(hL[2], D)), s.cosine(4, 0, 2), 1,
                "cosine at layer L");
    }

    /**
     * Positive homogeneity (ReLU, res-3; leaky ReLU, res-1): an input 2.5 x follows x's path, so its state is
     * the same and its log-norm exceeds x's by ln 2.5 at every layer; its own Euler identity holds.
     */
    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"RES_1", "RES_3"})
    void scaledInputFollowsTheSamePath(Architecture arch) {
        Cell c = cell(arch, Activation.leakyRelu(0.75));
        MultiInputSampler s = new MultiInputSampler(c, 2);
        double[][] x = {inputs()[0], inputs()[0].clone()};
        for (int i = 0; i < D; i++) {
            x[1][i] *= 2.5;
        }
        TrialStreams st = RandomStreams.of(6, c.id(), 3);
        s.forward(x, st);
        for (int k = 0; k <= 4; k++) {
            close(s.logNorm(k, 0) + Math.log(2.5), s.logNorm(k, 1), 1, arch + " layer " + k);
            assertArrayEquals(s.state(k, 0), s.state(k, 1), 1e-12);
        }
        double[][] p = {gradients()[0], gradients()[1]};
        s.backward(p, st);
        for (int j = 0; j < 2; j++) {
            double lhs = Vectors.dot(plainGradient(s, j), x[j], D);
            double rhs = Vectors.dot(p[j], plainState(s, 4, j), D);
            close(rhs, lhs, Math.abs(rhs) * 100, arch + " Euler, input " + j);
        }
    }

    /** tanh is carried as is (log-scale 0): the state is h itself. Non-Gaussian laws are refused. */
    @Test
    void tanhStatesArePlainAndLawsChecked() {
        Cell c = cell(Architecture.RES_1, Activation.TANH);
        MultiInputSampler s = new MultiInputSampler(c, 1);
        double[][] x = {inputs()[0]};
        s.forward(x, RandomStreams.of(1, c.id(), 0));
        assertArrayEquals(x[0], s.state(0, 0), 0.0);
        close(Math.log(Vectors.norm(x[0], D)), s.logNorm(0, 0), 1, "log ||h_0||");
        Cell uniform = new Cell(Architecture.RES_1, Activation.TANH, WeightDistribution.UNIFORM, D, 4,
                new Scaling.Explicit(0.8), InputKind.UNIT, LossKind.RANDOM_DIRECTION, Sampler.DENSE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MultiInputSampler(uniform, 2));
        assertTrue(e.getMessage().contains("Gaussian weights only"), e.getMessage());
    }

    /**
     * Two inputs x and 3x have rank 1 whatever their scale: the rank test compares the residual with
     * 1e-10 of the input's own norm, so at ||x|| = 1e4 the second input's rounding residual (about 1e-16 of
     * 3e4) must count as dependent; compared with an absolute 1e-10 (or 1e-10 / norm) it would make rank 2.
     */
    @Test
    void parallelInputsHaveRankOneAtAnyScale() {
        for (double scale : new double[] {1e-4, 1, 1e4, 1e8}) {
            SpanConditioning sc = new SpanConditioning(D, 2);
            SpanConditioning.Span span = new SpanConditioning.Span(D, 2);
            double[][] x = new double[2][D];
            for (int i = 0; i < D; i++) {
                x[0][i] = scale * Math.sin(i + 1.0) / Math.sqrt(D);
                x[1][i] = 3 * x[0][i];
            }
            sc.image(x, new double[2][D], rng(2), span);
            assertEquals(1, span.rank(), "scale " + scale);
        }
    }

    /**
     * The multi-input sampler replayed in plain vectors from a second copy of the trial's streams, in the order the
     * class uses them: layer k's W from {@code w(k + 1)} and V from {@code v(k + 1)} forward, V^T and W^T from
     * {@code vBackward(k + 1)} and {@code wBackward(k + 1)} backward, each conditioned on the span of that layer's m
     * states ({@link SpanConditioning}, tested on its own above). Images are linear in each column, so the sampler's
     * unit directions and log-scales must give the plain vectors back to rounding (1e-10 relative); a layer that read
     * another layer's stream would still be exact in law but not in these bits. res-3 ReLU and res-2 tanh, m = 3.
     */
    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"RES_2", "RES_3"})
    void replaysFromTheLayersStreams(Architecture arch) {
        Activation act = arch == Architecture.RES_3 ? Activation.RELU : Activation.TANH;
        Cell c = cell(arch, act);
        int m = 3;
        int depth = c.depth();
        MultiInputSampler s = new MultiInputSampler(c, m);
        double[][] x = inputs();
        double[][] p = gradients();
        s.forward(x, RandomStreams.of(6, c.id(), 5));
        s.backward(p, RandomStreams.of(6, c.id(), 5));

        TrialStreams st = RandomStreams.of(6, c.id(), 5);
        SpanConditioning sc = new SpanConditioning(D, m);
        double[][][] h = new double[depth + 1][][];
        double[][][] pre = new double[depth][m][D];
        SpanConditioning.Span[] wSpan = new SpanConditioning.Span[depth];
        SpanConditioning.Span[] vSpan = new SpanConditioning.Span[depth];
        h[0] = new double[m][];
        for (int j = 0; j < m; j++) {
            h[0][j] = x[j].clone();
        }
        for (int k = 0; k < depth; k++) {
            wSpan[k] = new SpanConditioning.Span(D, m);
            vSpan[k] = new SpanConditioning.Span(D, m);
            sc.image(h[k], pre[k], st.w(k + 1), wSpan[k]);
            double[][] g = new double[m][D];
            for (int j = 0; j < m; j++) {
                act.apply(pre[k][j], g[j], D);
            }
            double[][] img = new double[m][D];
            sc.image(g, img, st.v(k + 1), vSpan[k]);
            h[k + 1] = new double[m][D];
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < D; i++) {
                    h[k + 1][j][i] = h[k][j][i] + c.alpha() * img[j][i];
                }
            }
        }
        double[][] q = new double[m][];
        for (int j = 0; j < m; j++) {
            q[j] = p[j].clone();
        }
        for (int k = depth - 1; k >= 0; k--) {
            double[][] y = new double[m][D];
            sc.transpose(q, y, st.vBackward(k + 1), vSpan[k]);
            double[][] xx = new double[m][D];
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < D; i++) {
                    xx[j][i] = act.derivative(pre[k][j][i]) * y[j][i];
                }
            }
            double[][] out = new double[m][D];
            sc.transpose(xx, out, st.wBackward(k + 1), wSpan[k]);
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < D; i++) {
                    q[j][i] += c.alpha() * out[j][i];
                }
            }
        }
        for (int j = 0; j < m; j++) {
            double[] hL = act == Activation.TANH ? s.state(depth, j) : plainState(s, depth, j);
            double[] p0 = plainGradient(s, j);
            double hNorm = Vectors.norm(h[depth][j], D);
            double pNorm = Vectors.norm(q[j], D);
            for (int i = 0; i < D; i++) {
                assertEquals(h[depth][j][i], hL[i], 1e-10 * hNorm, arch + " h_L^" + j + " entry " + i);
                assertEquals(q[j][i], p0[i], 1e-10 * pNorm, arch + " p_0^" + j + " entry " + i);
            }
        }
    }
}
