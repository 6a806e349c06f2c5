package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static resnetmc.kernel.PlainAlgebra.dot;
import static resnetmc.kernel.PlainAlgebra.norm;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.rng.RandomStreams;
import resnetmc.rng.TrialStreams;

/**
 * The conditional sampler replayed in plain vectors (no unit states, no log-scales, no fused loops), from
 * second copies of the layers' streams, deterministic. THEORY.md section 5 with M x = (||x|| / sqrt d) z for
 * M independent of x: forward, layer k + 1 draws W h_k = (||h_k|| / sqrt d) z_w from w(k + 1) (res-2/3),
 * g = sigma(W h_k) (res-1: sigma(h_k)), and V g = (||g|| / sqrt d) z_v from v(k + 1); backward, with p' = p_{k+1},
 * V^T p' given V g is g^ (V g^ . p') + (I - g^ g^^T) (||p'|| / sqrt d) z from vBackward(k + 1), x = sigma'(W h_k) y,
 * W^T x given W h_k is h^ (W h^ . x) + (I - h^ h^^T) (||x|| / sqrt d) z' from wBackward(k + 1) (res-1: x itself),
 * p_k = p' + alpha W^T x. Every column of {@link TrialOutcome} must agree to 1e-10 (log10 values of O(1)), for
 * every branch including tanh (whose state is carried as is, so its norm is read, not assumed 1), full storage,
 * forced checkpoints and forward only.
 */
class ConditionalReplayTest {
    private static final double TOL = 1e-10;


    /** z from a fresh normal sampler on {@code rng}, times {@code scale}. */
    private static double[] normals(UniformRandomProvider rng, double scale, int d) {
        ZigguratSampler.NormalizedGaussian n = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            z[i] = n.sample() * scale;
        }
        return z;
    }

    /** M^T p given M v = image: v^ (image . p) / ||v|| + (I - v^ v^^T) fresh (fresh alone when v = 0). */
    private static double[] transpose(double[] v, double[] image, double[] p, double[] fresh) {
        double nv = norm(v);
        double[] out = fresh.clone();
        if (nv == 0) {
            return out;
        }
        double c = (dot(image, p) / nv - dot(v, fresh) / nv) / nv;
        for (int i = 0; i < out.length; i++) {
            out[i] += c * v[i];
        }
        return out;
    }

    /** The columns of one trial: {log10RFwd, log10RBwd, log10HRatio, log10PRatio, log10H0Norm, eulerGap}, th, tp. */
    static Object[] replay(Cell cell, int[] layers, TrialStreams streams) {
        int d = cell.width();
        int depth = cell.depth();
        double alpha = cell.alpha();
        Activation act = cell.activation();
        boolean inner = cell.arch().hasInnerWeights();
        double sd = Math.sqrt(d);
        InputDraw in = InputDraw.draw(streams.inputs(), d, cell.input(), cell.loss());
        double[][] h = new double[depth + 1][];
        double[][] pre = new double[depth][];
        double[][] g = new double[depth][];
        double[][] vg = new double[depth][];
        h[0] = in.h0.clone();
        for (int k = 0; k < depth; k++) {
            double[] x = h[k];
            if (inner) {
                x = normals(streams.w(k + 1), norm(h[k]) / sd, d);
                pre[k] = x;
            }
            g[k] = new double[d];
            for (int i = 0; i < d; i++) {
                g[k][i] = act.value(x[i]);
            }
            vg[k] = normals(streams.v(k + 1), norm(g[k]) / sd, d);
            h[k + 1] = h[k].clone();
            for (int i = 0; i < d; i++) {
                h[k + 1][i] += alpha * vg[k][i];
            }
        }
        double[] hL = h[depth];
        double nhL = norm(hL);
        double[] pL = new double[d];
        double pScale = Math.exp(in.gradientAt(scaleBy(1 / nhL, hL), Math.log(nhL), pL));
        pL = scaleBy(pScale, pL);
        double[] p = pL.clone();
        double[] tp = new double[layers.length];
        double npL = norm(pL);
        int tj = layers.length - 1;
        while (tj >= 0 && layers[tj] == depth) {
            tp[tj--] = 0.0;
        }
        for (int k = depth - 1; k >= 0; k--) {
            double[] y = transpose(g[k], vg[k], p, normals(streams.vBackward(k + 1), norm(p) / sd, d));
            double[] x = new double[d];
            double[] preAct = inner ? pre[k] : h[k];
            for (int i = 0; i < d; i++) {
                x[i] = act.derivative(preAct[i]) * y[i];
            }
            double[] out = inner ? transpose(h[k], pre[k], x, normals(streams.wBackward(k + 1), norm(x) / sd, d)) : x;
            for (int i = 0; i < d; i++) {
                p[i] += alpha * out[i];
            }
            while (tj >= 0 && layers[tj] == k) {
                tp[tj--] = Math.log10(norm(p) / npL);
            }
        }
        double[] th = new double[layers.length];
        double nh0 = norm(h[0]);
        for (int j = 0; j < layers.length; j++) {
            th[j] = Math.log10(norm(h[layers[j]]) / nh0);
        }
        double rf = 0;
        double rb = 0;
        for (int i = 0; i < d; i++) {
            rf += (hL[i] - h[0][i]) * (hL[i] - h[0][i]);
            rb += (p[i] - pL[i]) * (p[i] - pL[i]);
        }
        double euler = act.positivelyHomogeneous() ? Math.abs(dot(p, h[0]) - dot(pL, hL)) / (npL * nhL) : Double.NaN;
        return new Object[] {new double[] {Math.log10(rf / (nh0 * nh0)), Math.log10(rb / (npL * npL)),
            Math.log10(nhL / nh0), Math.log10(norm(p) / npL), Math.log10(nh0), euler}, th, tp};
    }

    private static double[] scaleBy(double s, double[] x) {
        double[] r = x.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] *= s;
        }
        return r;
    }

    private static void assertReplayed(Cell c, Object[] r, TrialOutcome o, boolean backward) {
        double[] v = (double[]) r[0];
        String what = c.key() + " trial " + o.trial();
        assertEquals(v[0], o.log10RFwd(), TOL, what);
        assertEquals(v[2], o.log10HRatio(), TOL, what);
        assertEquals(v[4], o.log10H0Norm(), TOL, what);
        assertArrayEquals((double[]) r[1], o.trajLog10H(), TOL, what);
        assertTrue(o.finite(), what);
        if (!backward) {
            assertTrue(Double.isNaN(o.log10RBwd()) && Double.isNaN(o.log10PRatio()) && Double.isNaN(o.eulerGap()),
                    what);
            return;
        }
        assertEquals(v[1], o.log10RBwd(), TOL, what);
        assertEquals(v[3], o.log10PRatio(), TOL, what);
        assertArrayEquals((double[]) r[2], o.trajLog10P(), TOL, what);
        if (Double.isNaN(v[5])) {
            assertTrue(Double.isNaN(o.eulerGap()), what);
        } else {
            assertTrue(v[5] < 1e-12 && o.eulerGap() < 1e-12, what + " gaps " + v[5] + ", " + o.eulerGap());
        }
    }

    /**
     * res-1 (identity, tanh, leaky ReLU 0.8), res-2 (identity, tanh, leaky ReLU 0.8) and res-3 (ReLU) at d = 3..6
     * (d = 3: all of W h is negative, ||g|| = 0, in 1 layer of 8), every loss and input; L = 9 with
     * ceil(sqrt 9) = 3-layer segments when checkpointed.
     */
    @Test
    void everyColumnFollowsThePlainVectors() {
        Object[][] branches = {
            {Architecture.RES_1, Activation.IDENTITY}, {Architecture.RES_1, Activation.TANH},
            {Architecture.RES_1, Activation.leakyRelu(0.8)}, {Architecture.RES_2, Activation.IDENTITY},
            {Architecture.RES_2, Activation.TANH}, {Architecture.RES_2, Activation.leakyRelu(0.8)},
            {Architecture.RES_3, Activation.RELU},
        };
        int depth = 9;
        int[] layers = Trajectory.layers(depth, 6);
        for (int b = 0; b < branches.length; b++) {
            for (int d = 3; d <= 6; d++) {
                LossKind loss = LossKind.values()[(b + d) % LossKind.values().length];
                InputKind input = InputKind.values()[(2 * b + d) % InputKind.values().length];
                Cell c = Cells.withAlpha((Architecture) branches[b][0], (Activation) branches[b][1], d, depth, 0.6,
                        input);
                c = new Cell(c.arch(), c.activation(), c.distribution(), d, depth, c.scaling(), input, loss,
                        c.sampler());
                ConditionalSampler full = new ConditionalSampler(c, layers);
                ConditionalSampler check = new ConditionalSampler(c, layers, 0);
                assertFalse(full.checkpointed());
                assertTrue(check.checkpointed());
                for (int trial = 0; trial < 3; trial++) {
                    Object[] r = replay(c, layers, RandomStreams.of(41, c.id(), trial));
                    assertReplayed(c, r, full.run(RandomStreams.of(41, c.id(), trial)), true);
                    assertReplayed(c, r, check.run(RandomStreams.of(41, c.id(), trial)), true);
                    assertReplayed(c, r, full.run(RandomStreams.of(41, c.id(), trial), false), false);
                }
            }
        }
    }

    /**
     * The record rule (ResidualKernel.segmentLength): (L + 1) records of v d-vectors of 8 bytes are kept whole
     * while they fit the budget, with v = 3 for res-2/3 (W h, V g^, the state) plus g for tanh (kept, not
     * recomputed), and v = 2 for res-1 (plus g for tanh). At a budget of exactly (L + 1) d v 8 bytes nothing is
     * checkpointed; one byte less and the backward pass recomputes segments.
     */
    @Test
    void recordsPerLayerSetTheStorageBoundary() {
        Object[][] cases = {
            {Architecture.RES_1, Activation.IDENTITY, 2}, {Architecture.RES_1, Activation.TANH, 3},
            {Architecture.RES_2, Activation.leakyRelu(0.8), 3}, {Architecture.RES_2, Activation.TANH, 4},
            {Architecture.RES_3, Activation.RELU, 3},
        };
        int d = 5;
        int depth = 10;
        for (Object[] cs : cases) {
            Cell c = Cells.withAlpha((Architecture) cs[0], (Activation) cs[1], d, depth, 0.5, InputKind.GAUSSIAN);
            long bytes = (depth + 1L) * d * (int) cs[2] * 8;
            assertFalse(new ConditionalSampler(c, new int[] {0, depth}, bytes).checkpointed(), c.key());
            assertTrue(new ConditionalSampler(c, new int[] {0, depth}, bytes - 1).checkpointed(), c.key());
        }
    }
}
