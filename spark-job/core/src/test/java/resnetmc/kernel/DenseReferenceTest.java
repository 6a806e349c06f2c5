package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.model.WeightProcess;
import resnetmc.process.LayerProcess;
import resnetmc.rng.RandomStreams;
import resnetmc.rng.TrialStreams;

/**
 * The dense sampler against a plain reference network built from explicit matrices: V_k (and W_k) are the
 * d rows that the layer's stream gives ({@link EntrySampler#of} on {@link TrialStreams#v}, the documented
 * source of i.i.d. rows), or the correlated field's layers ({@link WeightField#copyLayer}). The reference
 * runs h_{k+1} = h_k + alpha V g(h_k) and p_k = p_{k+1} + alpha J_k^T p_{k+1} in plain doubles, and every
 * column of the trial is recomputed from its definition (TrialOutcome's javadoc). Deterministic: the two
 * sides differ only by rounding (log-scale bookkeeping, summation order), so the tolerances are 1e-9
 * relative, far above rounding over a few layers and far below any change of a term.
 */
class DenseReferenceTest {
    private static final double TOL = 1e-9;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Object[][] branches = {{Architecture.RES_1, Activation.TANH}, {Architecture.RES_1, Activation.leakyRelu(0.8)},
            {Architecture.RES_2, Activation.TANH}, {Architecture.RES_2, Activation.IDENTITY},
            {Architecture.RES_3, Activation.RELU}};
        for (Object[] b : branches) {
            for (WeightDistribution law : WeightDistribution.values()) {
                for (LossKind loss : LossKind.values()) {
                    // d = 5 and 6: an odd and an even row (uniform rows draw two entries per word)
                    out.add(Arguments.of(b[0], b[1], law, loss, law == WeightDistribution.UNIFORM ? 5 : 6));
                }
            }
        }
        return out.stream();
    }

    /** A plain network: matrices v[k], w[k] (row-major, layer k + 1), states and gradients kept. */
    static final class Reference {
        final int d;
        final int depth;
        final double alpha;
        final Activation act;
        final boolean inner;
        final double[][] v;
        final double[][] w;
        final double[][] h;
        final double[][] p;

        Reference(Cell cell, double[][] v, double[][] w) {
            this.d = cell.width();
            this.depth = cell.depth();
            this.alpha = cell.alpha();
            this.act = cell.activation();
            this.inner = cell.arch().hasInnerWeights();
            this.v = v;
            this.w = w;
            this.h = new double[depth + 1][];
            this.p = new double[depth + 1][];
        }

        private static double[] times(double[] m, double[] x, int d) {
            double[] y = new double[d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    y[i] += m[i * d + j] * x[j];
                }
            }
            return y;
        }

        private static double[] transposeTimes(double[] m, double[] x, int d) {
            double[] y = new double[d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    y[j] += m[i * d + j] * x[i];
                }
            }
            return y;
        }

        private double[] pre(int k) {
            return inner ? times(w[k], h[k], d) : h[k];
        }

        void forward(double[] h0) {
            h[0] = h0.clone();
            for (int k = 0; k < depth; k++) {
                double[] a = pre(k);
                double[] g = new double[d];
                for (int i = 0; i < d; i++) {
                    g[i] = act.value(a[i]);
                }
                double[] vg = times(v[k], g, d);
                h[k + 1] = new double[d];
                for (int i = 0; i < d; i++) {
                    h[k + 1][i] = h[k][i] + alpha * vg[i];
                }
            }
        }

        void backward(double[] pL) {
            p[depth] = pL.clone();
            for (int k = depth - 1; k >= 0; k--) {
                double[] a = pre(k);
                double[] y = transposeTimes(v[k], p[k + 1], d);
                for (int i = 0; i < d; i++) {
                    y[i] *= act.derivative(a[i]);
                }
                double[] jt = inner ? transposeTimes(w[k], y, d) : y;
                p[k] = new double[d];
                for (int i = 0; i < d; i++) {
                    p[k][i] = p[k + 1][i] + alpha * jt[i];
                }
            }
        }
    }

    static double[][] iidLayers(int depth, int d, WeightDistribution law, TrialStreams streams, boolean inner) {
        double[][] m = new double[depth][d * d];
        for (int k = 0; k < depth; k++) {
            RowFiller rows = EntrySampler.of(law, inner ? streams.w(k + 1) : streams.v(k + 1), 1 / Math.sqrt(d));
            double[] row = new double[d];
            for (int i = 0; i < d; i++) {
                rows.fill(row, d);
                System.arraycopy(row, 0, m[k], i * d, d);
            }
        }
        return m;
    }

    private static double norm(double[] x) {
        return Math.sqrt(Vectors.dot(x, x, x.length));
    }

    private static double dist2(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - y[i]) * (x[i] - y[i]);
        }
        return s;
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, TOL * Math.max(1, Math.abs(expected)), what);
    }

    /** Every column of a trial, recomputed from the reference network's states and gradients. */
    static void assertColumns(Reference ref, InputDraw in, int[] layers, TrialOutcome o, boolean homogeneous,
                              String what) {
        int depth = ref.depth;
        double[] h0 = ref.h[0];
        double[] hL = ref.h[depth];
        double[] pL = ref.p[depth];
        double[] p0 = ref.p[0];
        close(Math.log10(norm(h0)), o.log10H0Norm(), what + " log10H0Norm");
        close(Math.log10(dist2(hL, h0) / dist2(h0, new double[h0.length])), o.log10RFwd(), what + " log10RFwd");
        close(Math.log10(norm(hL) / norm(h0)), o.log10HRatio(), what + " log10HRatio");
        close(Math.log10(dist2(p0, pL) / dist2(pL, new double[pL.length])), o.log10RBwd(), what + " log10RBwd");
        close(Math.log10(norm(p0) / norm(pL)), o.log10PRatio(), what + " log10PRatio");
        assertEquals(layers.length, o.trajLog10H().length, what);
        for (int j = 0; j < layers.length; j++) {
            close(Math.log10(norm(ref.h[layers[j]]) / norm(h0)), o.trajLog10H()[j], what + " trajLog10H " + j);
            close(Math.log10(norm(ref.p[layers[j]]) / norm(pL)), o.trajLog10P()[j], what + " trajLog10P " + j);
        }
        if (homogeneous) {
            // Euler: p_0 . h_0 = p_L . h_L, the gap relative to ||p_L|| ||h_L||
            assertTrue(o.eulerGap() < 1e-12, what + " Euler gap " + o.eulerGap());
            double plain = Math.abs(Vectors.dot(p0, h0, h0.length) - Vectors.dot(pL, hL, hL.length))
                    / (norm(pL) * norm(hL));
            assertTrue(plain < 1e-9, what + " reference Euler gap " + plain);
        } else {
            assertTrue(Double.isNaN(o.eulerGap()), what);
        }
        assertTrue(o.finite(), what);
    }

    /** p_L of the trial's loss at the reference h_L (the plain formula, InputDraw's own at log-scale 0). */
    static double[] lossGradient(InputDraw in, double[] hL) {
        double[] pL = new double[hL.length];
        double m = in.gradientAt(hL, 0.0, pL);
        for (int i = 0; i < pL.length; i++) {
            pL[i] *= Math.exp(m);
        }
        return pL;
    }

    /**
     * I.i.d. weights of every law, every loss, res-1/2/3, homogeneous and tanh branches, full storage and
     * forced checkpointing (storage budget 0, segments of ceil(sqrt 7) = 3 layers, the last one short): the
     * trial's columns are those of the reference network. alpha = 0.9 at L = 7 makes every layer count.
     */
    @ParameterizedTest
    @MethodSource("cases")
    void iidTrialIsTheReferenceNetwork(Architecture arch, Activation act, WeightDistribution law, LossKind loss,
                                       int d) {
        int depth = 7;
        Cell cell = new Cell(arch, act, law, d, depth, new Scaling.Explicit(0.9), InputKind.GAUSSIAN, loss,
                Sampler.DENSE);
        int[] layers = Trajectory.layers(depth, 5);
        for (long storage : new long[] {ResidualKernel.FULL_STORAGE_BYTES, 0}) {
            DenseSampler s = new DenseSampler(cell, layers, storage);
            assertEquals(storage == 0, s.checkpointed());
            for (int trial = 0; trial < 2; trial++) {
                TrialStreams streams = RandomStreams.of(17, cell.id(), trial);
                TrialOutcome o = s.run(streams);
                Reference ref = new Reference(cell, iidLayers(depth, d, law, streams, false),
                        arch.hasInnerWeights() ? iidLayers(depth, d, law, streams, true) : null);
                InputDraw in = InputDraw.draw(streams.inputs(), d, cell.input(), loss);
                ref.forward(in.h0);
                ref.backward(lossGradient(in, ref.h[depth]));
                assertColumns(ref, in, layers, o, act.positivelyHomogeneous(),
                        cell.key() + " storage " + storage + " trial " + trial);
                assertEquals(trial, o.trial());
                // h_L as the kernel holds it after a forward pass
                s.forward(in.h0, streams);
                double[] hL = s.hidden(depth);
                for (int i = 0; i < d; i++) {
                    close(ref.h[depth][i], hL[i], "h_L");
                }
            }
        }
    }

    /**
     * Correlated weights (fBm, two series per draw, at an odd width so the last pair is cut; RBF, one per
     * draw): the trial runs on the field's matrices, V_k and W_k the field's layer k, and
     * {@link Kernels#trialKernel} builds that sampler from the cell alone.
     */
    @ParameterizedTest
    @MethodSource("correlated")
    void correlatedTrialIsTheReferenceNetworkOnTheField(Architecture arch, Activation act, WeightProcess weights) {
        int d = 5;
        int depth = 6;
        Cell cell = new Cell(arch, act, WeightDistribution.GAUSSIAN, d, depth, new Scaling.Explicit(0.8),
                InputKind.DATA, LossKind.QUADRATIC, Sampler.DENSE, weights);
        LayerProcess process = WeightField.processFor(cell);
        int[] layers = Trajectory.layers(depth, 4);
        TrialKernel kernel = Kernels.trialKernel(cell, 4, true);
        for (int trial = 0; trial < 2; trial++) {
            TrialStreams streams = RandomStreams.of(5, cell.id(), trial);
            TrialOutcome o = kernel.run(streams);
            WeightField field = new WeightField(cell, process);
            field.generate(streams);
            double[][] v = new double[depth][d * d];
            double[][] w = arch.hasInnerWeights() ? new double[depth][d * d] : null;
            for (int k = 0; k < depth; k++) {
                field.copyLayer(false, k + 1, v[k], 0);
                if (w != null) {
                    field.copyLayer(true, k + 1, w[k], 0);
                }
            }
            Reference ref = new Reference(cell, v, w);
            InputDraw in = InputDraw.draw(streams.inputs(), d, cell.input(), cell.loss());
            ref.forward(in.h0);
            ref.backward(lossGradient(in, ref.h[depth]));
            assertColumns(ref, in, layers, o, act.positivelyHomogeneous(), cell.key() + " trial " + trial);
        }
    }

    static Stream<Arguments> correlated() {
        return Stream.of(
                Arguments.of(Architecture.RES_2, Activation.TANH, new WeightProcess.Fbm(0.7)),
                Arguments.of(Architecture.RES_1, Activation.leakyRelu(0.8), new WeightProcess.Fbm(0.3)),
                Arguments.of(Architecture.RES_3, Activation.RELU, new WeightProcess.Rbf(2.0)));
    }

    /**
     * Without the backward pass the forward columns are the same bits and the gradient ones NaN (dense and
     * conditional, through {@link Kernels#trialKernel}); {@link ResidualKernel#hidden} refuses layers outside
     * the stored segment.
     */
    @ParameterizedTest
    @MethodSource("samplers")
    void forwardOnlyKeepsTheForwardColumns(Sampler sampler) {
        Cell cell = new Cell(Architecture.RES_2, Activation.RELU, WeightDistribution.GAUSSIAN, 6, 9,
                new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC, sampler);
        TrialOutcome both = Kernels.trialKernel(cell, 4, true).run(RandomStreams.of(2, cell.id(), 0));
        TrialOutcome fwd = Kernels.trialKernel(cell, 4, false).run(RandomStreams.of(2, cell.id(), 0));
        assertEquals(both.log10RFwd(), fwd.log10RFwd(), 0.0);
        assertEquals(both.log10HRatio(), fwd.log10HRatio(), 0.0);
        assertEquals(both.log10H0Norm(), fwd.log10H0Norm(), 0.0);
        assertArrayEquals(both.trajLog10H(), fwd.trajLog10H(), 0.0);
        assertFalse(Double.isNaN(both.log10RBwd()));
        assertTrue(Double.isNaN(fwd.log10RBwd()));
        assertTrue(Double.isNaN(fwd.log10PRatio()));
        assertTrue(Double.isNaN(fwd.eulerGap()));
        for (double t : fwd.trajLog10P()) {
            assertTrue(Double.isNaN(t));
        }
        assertTrue(fwd.finite(), "the forward columns are finite");

        ResidualKernel k = Kernels.of(cell, 4);
        // 9 layers, budget 0: segments of 3, the last (layers 6..9) held after the forward pass
        ResidualKernel checkpointed = sampler == Sampler.DENSE ? new DenseSampler(cell, Trajectory.layers(9, 4), 0)
                : new ConditionalSampler(cell, Trajectory.layers(9, 4), 0);
        TrialStreams streams = RandomStreams.of(2, cell.id(), 0);
        InputDraw in = InputDraw.draw(streams.inputs(), 6, cell.input(), cell.loss());
        for (ResidualKernel r : new ResidualKernel[] {k, checkpointed}) {
            r.forward(in.h0, streams);
        }
        assertArrayEquals(in.h0, k.hidden(0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> k.hidden(-1));
        assertThrows(IllegalArgumentException.class, () -> k.hidden(10));
        assertArrayEquals(k.hidden(9), checkpointed.hidden(9), 0.0);
        assertArrayEquals(k.hidden(6), checkpointed.hidden(6), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> checkpointed.hidden(5));
        assertTrue(e.getMessage().contains("layer 5 is not in the stored segment"), e.getMessage());
    }

    static Stream<Sampler> samplers() {
        return Stream.of(Sampler.DENSE, Sampler.CONDITIONAL);
    }
}
