package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import resnetmc.rng.dist.Binomial;
import resnetmc.rng.dist.Gamma;

/**
 * The chain sampler replayed in explicit vectors of R^d (d = 4..8), deterministic. The draws are taken from
 * second copies of the trial's three streams in the order ChainSampler's class comment documents (inputs:
 * ||h_0||'s chi-squares, then p_L; forward, per layer: K, X+ and X- or Q, xi1, xi2, Y; backward, per layer
 * from L - 1 down: v's n1, n2, chi2(d - 4), the branch's variates, z's four normals and chi2(d - 4)), and
 * THEORY.md section 6 is applied to actual vectors: h_{k+1} = h_k + c xi with xi = xi1 e + xi2 w_k + sqrt(Y) r,
 * and backward the frame is rebuilt from v (w_k = cos w_{k+1} - sin v, r = sin w_{k+1} + cos v), the anchor g
 * and g-perp are the directions of p_L's and (p' - p_L)'s parts in the complement C of {e, w}, and
 * p_k = p' + t (xi . p') h^ + gamma (I - h^ h^^T) z. Where the theory leaves a direction free (r in the forward
 * pass, the "rest" directions of v and z, g-perp while p' = p_L) any unit vector of the right complement is
 * taken: every output is a norm or an inner product, invariant under those choices. So none of the chain's
 * two-and-four-coordinate bookkeeping (frame rotation, anchor, delta on (g, g-perp), rescaling) is reused; every
 * column of {@link TrialOutcome} must agree with the replay to rounding (1e-10 on log10 values of O(1)).
 */
class ChainReplayTest {
    private static final double TOL = 1e-10;

    /** The replay of one trial: the columns of {@link TrialOutcome} recomputed from explicit vectors. */
    private static final class Replay {
        double log10RFwd;
        double log10RBwd;
        double log10HRatio;
        double log10PRatio;
        double log10H0Norm;
        double eulerGap;
        boolean finite;
        double[] th;
        double[] tp;
    }

    private enum Branch { RELU, LEAKY, IDENTITY, RES1 }

    private static Branch branch(Cell c) {
        if (c.arch() == Architecture.RES_1) {
            return Branch.RES1;
        }
        return switch (c.activation().kind()) {
            case RELU -> Branch.RELU;
            case LEAKY_RELU -> Branch.LEAKY;
            default -> Branch.IDENTITY;
        };
    }

    // ---------------------------------------------------------------- small vector algebra


    /** x + s y. */
    private static double[] axpy(double[] x, double s, double[] y) {
        double[] r = x.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] += s * y[i];
        }
        return r;
    }

    private static double[] scale(double s, double[] x) {
        return axpy(new double[x.length], s, x);
    }

    /** x minus its components on the orthonormal vectors of {@code basis} (twice, for rounding). */
    private static double[] project(double[] x, double[]... basis) {
        double[] r = x.clone();
        for (int pass = 0; pass < 2; pass++) {
            for (double[] u : basis) {
                r = axpy(r, -dot(r, u), u);
            }
        }
        return r;
    }

    /**
     * The unit direction of x's part orthogonal to {@code basis}; when that part is 0 (a free direction), the
     * first coordinate vector with a part of norm >= 0.1 there, and the zero vector if the complement is empty.
     */
    private static double[] unitOrthogonal(double[] x, double[]... basis) {
        double[] r = project(x, basis);
        double n = norm(r);
        if (n > 1e-300) {
            return scale(1 / n, r);
        }
        for (int i = 0; i < x.length; i++) {
            double[] ei = new double[x.length];
            ei[i] = 1;
            double[] s = project(ei, basis);
            double ns = norm(s);
            if (ns >= 0.1) {
                return scale(1 / ns, s);
            }
        }
        return new double[x.length];
    }

    // ---------------------------------------------------------------- the replay

    static Replay replay(Cell cell, int[] layers, TrialStreams streams) {
        int d = cell.width();
        int depth = cell.depth();
        double alpha = cell.alpha();
        Branch br = branch(cell);
        double s = br == Branch.LEAKY ? cell.activation().slope() : 0.0;
        Replay out = new Replay();

        // Inputs: ||h_0||^2 = (||x||^2 / 64) chi2(d) (unit input: 1, no draw).
        UniformRandomProvider in = streams.inputs();
        ZigguratSampler.NormalizedGaussian inNormal = ZigguratSampler.NormalizedGaussian.of(in);
        Gamma inGamma = Gamma.of(in, inNormal);
        double logH0 = 0;
        int nIn = InputKind.INPUT_DIMENSION;
        if (cell.input() == InputKind.GAUSSIAN) {
            double x2 = inGamma.chiSquared(nIn);
            logH0 = 0.5 * Math.log(x2 / nIn * inGamma.chiSquared(d));
        } else if (cell.input() == InputKind.DATA) {
            double x2 = 0;
            for (int j = 0; j < nIn; j++) {
                double x = in.nextDouble();
                x2 += x * x;
            }
            logH0 = 0.5 * Math.log(x2 / nIn * inGamma.chiSquared(d));
        }
        out.log10H0Norm = logH0 / Math.log(10);

        // Forward in R^d from h_0 = e (the chain's homogeneity: ||h_0|| = 1).
        UniformRandomProvider fw = streams.chainForward();
        ZigguratSampler.NormalizedGaussian fwNormal = ZigguratSampler.NormalizedGaussian.of(fw);
        Gamma fwGamma = Gamma.of(fw, fwNormal);
        Binomial active = Binomial.of(d, 0.5);
        double[] e = new double[d];
        e[0] = 1;
        double[] h = e.clone();
        double[] w = unitOrthogonal(h, e);   // b_0 = 0: w_0 is free
        double[] ah = new double[depth];
        double[] bh = new double[depth];
        double[] t = new double[depth];
        double[] xi1 = new double[depth];
        double[] xi2 = new double[depth];
        double[] sy = new double[depth];
        double[] cs = new double[depth];
        double[] sn = new double[depth];
        int[] kAct = new int[depth];
        double[] xPlus = new double[depth];
        double[] xMinus = new double[depth];
        out.th = new double[layers.length];
        int tj = 0;
        for (int k = 0; k < depth; k++) {
            double nh = norm(h);
            while (tj < layers.length && layers[tj] == k) {
                out.th[tj++] = Math.log10(nh);
            }
            double q;
            switch (br) {
                case RELU -> {
                    kAct[k] = active.sample(fw);
                    q = fwGamma.chiSquared(kAct[k]);
                }
                case LEAKY -> {
                    kAct[k] = active.sample(fw);
                    xPlus[k] = fwGamma.chiSquared(kAct[k]);
                    xMinus[k] = fwGamma.chiSquared(d - kAct[k]);
                    q = xPlus[k] + s * s * xMinus[k];
                }
                case IDENTITY -> q = fwGamma.chiSquared(d);
                default -> q = d;   // res-1: g = h, ||g||^2 = ||h||^2 = (||h||^2 / d) d
            }
            xi1[k] = fwNormal.sample();
            xi2[k] = fwNormal.sample();
            sy[k] = Math.sqrt(fwGamma.chiSquared(d - 2L));
            t[k] = alpha * Math.sqrt(q) / d;
            ah[k] = dot(h, e) / nh;
            bh[k] = dot(h, w) / nh;
            double[] r = unitOrthogonal(new double[d], e, w);   // free: any unit vector of C_k
            double[] xi = axpy(axpy(scale(xi1[k], e), xi2[k], w), sy[k], r);
            double[] hNext = axpy(h, t[k] * nh, xi);
            double[] wPart = project(hNext, e);
            double[] wNext = norm(wPart) > 0 ? scale(1 / norm(wPart), wPart) : w;
            cs[k] = dot(wNext, w);
            sn[k] = dot(wNext, r);
            h = hNext;
            w = wNext;
        }
        double nhL = norm(h);
        while (tj < layers.length) {
            out.th[tj++] = Math.log10(nhL);
        }
        out.log10HRatio = Math.log10(nhL);
        out.log10RFwd = Math.log10(dot(axpy(h, -1, e), axpy(h, -1, e)));

        // p_L in the frame of layer L (any positive multiple: every output is scale-invariant in p_L).
        double[] pL;
        double[] gL = unitOrthogonal(new double[d], e, w);
        if (cell.loss() != LossKind.QUADRATIC) {
            double qe = inNormal.sample();
            double qw = inNormal.sample();
            double nq = Math.sqrt(inGamma.chiSquared(d - 2L));
            pL = axpy(axpy(scale(qe, e), qw, w), nq, gL);
        } else {
            // B conditioned on t = B h_L: p_L = h^ t.(t - y) / ||h_L|| + (||t - y|| / sqrt d) (I - h^ h^^T) z,
            // t = lambda zeta with lambda = ||h_L|| / sqrt d (||h_L|| the true norm, times ||h_0||), all
            // divided by max(lambda, 1).
            int m = LossKind.OUTPUT_DIMENSION;
            double lambda = Math.exp(logH0) * nhL / Math.sqrt(d);
            double div = Math.max(lambda, 1.0);
            double[] zeta = new double[m];
            for (int i = 0; i < m; i++) {
                zeta[i] = inNormal.sample();
            }
            double along = 0;
            double resid2 = 0;
            for (int i = 0; i < m; i++) {
                double diff = (lambda * zeta[i] - inNormal.sample()) / div;
                along += zeta[i] * diff;
                resid2 += diff * diff;
            }
            double ze = inNormal.sample();
            double zw = inNormal.sample();
            double zc = Math.sqrt(inGamma.chiSquared(d - 2L));
            double[] hHat = scale(1 / nhL, h);
            double[] z = axpy(axpy(scale(ze, e), zw, w), zc, gL);
            pL = axpy(scale(along, hHat), Math.sqrt(resid2), axpy(z, -dot(hHat, z), hHat));
        }
        double pLNorm = norm(pL);

        // Backward in R^d, p = p_L + delta.
        UniformRandomProvider bw = streams.chainBackward();
        ZigguratSampler.NormalizedGaussian bwNormal = ZigguratSampler.NormalizedGaussian.of(bw);
        Gamma bwGamma = Gamma.of(bw, bwNormal);
        double[] delta = new double[d];
        double[] wNext = w;
        out.tp = new double[layers.length];
        tj = layers.length - 1;
        while (tj >= 0 && layers[tj] == depth) {
            out.tp[tj--] = 0.0;
        }
        for (int k = depth - 1; k >= 0; k--) {
            double n1 = bwNormal.sample();
            double n2 = bwNormal.sample();
            double zr = bwGamma.chiSquared(d - 4L);
            double chi = 0;
            double za = 0;
            double zn = 0;
            double ra = 0;
            double rn = 0;
            int kk = kAct[k];
            switch (br) {
                case RELU -> chi = kk == 0 ? 0.0 : bwGamma.chiSquared(kk - 1L);
                case IDENTITY -> chi = bwGamma.chiSquared(d - 1L);
                case LEAKY -> {
                    za = kk > 0 ? bwNormal.sample() : 0.0;
                    zn = kk < d ? bwNormal.sample() : 0.0;
                    ra = kk > 0 ? bwGamma.chiSquared(kk - 1L) : 0.0;
                    rn = kk < d ? bwGamma.chiSquared(d - kk - 1L) : 0.0;
                }
                default -> { }
            }
            double ze = bwNormal.sample();
            double zw = bwNormal.sample();
            double y1 = bwNormal.sample();
            double y2 = bwNormal.sample();
            double zrest = bwGamma.chiSquared(d - 4L);

            // v uniform on the sphere of C_{k+1}, on (g, g-perp, a free rest direction).
            double[] g = unitOrthogonal(pL, e, wNext);
            double[] gp = unitOrthogonal(delta, e, wNext, g);
            double[] rest = unitOrthogonal(new double[d], e, wNext, g, gp);
            double nv = Math.sqrt(n1 * n1 + n2 * n2 + zr);
            double[] v = scale(1 / nv, axpy(axpy(scale(n1, g), n2, gp), Math.sqrt(zr), rest));
            double[] wk = axpy(scale(cs[k], wNext), -sn[k], v);
            double[] r = axpy(scale(sn[k], wNext), cs[k], v);

            double[] hHat = axpy(scale(ah[k], e), bh[k], wk);
            double[] xi = axpy(axpy(scale(xi1[k], e), xi2[k], wk), sy[k], r);
            double[] p = axpy(pL, 1, delta);
            double xp = dot(xi, p);
            double pp = dot(p, p);
            double x2 = switch (br) {
                case RELU -> kk == 0 ? 0.0 : xp * xp + pp * chi;
                case IDENTITY -> xp * xp + pp * chi;
                case RES1 -> d * pp;
                case LEAKY -> {
                    // The class comment's formula, with q = X+ + s^2 X-.
                    double q = xPlus[k] + s * s * xMinus[k];
                    double ca = kk > 0 ? Math.sqrt(xPlus[k] / q) : 0.0;
                    double cn = kk < d ? s * Math.sqrt(xMinus[k] / q) : 0.0;
                    double pn = Math.sqrt(pp);
                    double mm = xp - pn * (ca * za + cn * zn);
                    double ta = mm * ca + pn * za;
                    double tn = mm * cn + pn * zn;
                    yield ta * ta + s * s * tn * tn + pp * (ra + s * s * rn);
                }
            };
            double gam = alpha / d * Math.sqrt(x2);

            // z on (e, w_k, g_k, g-perp_k, a free rest direction) of layer k's frame.
            double[] gk = unitOrthogonal(pL, e, wk);
            double[] gpk = unitOrthogonal(delta, e, wk, gk);
            double[] restK = unitOrthogonal(new double[d], e, wk, gk, gpk);
            double[] z = axpy(axpy(axpy(axpy(scale(ze, e), zw, wk), y1, gk), y2, gpk), Math.sqrt(zrest), restK);
            delta = axpy(axpy(delta, t[k] * xp, hHat), gam, axpy(z, -dot(hHat, z), hHat));
            wNext = wk;
            while (tj >= 0 && layers[tj] == k) {
                out.tp[tj--] = Math.log10(norm(axpy(pL, 1, delta)) / pLNorm);
            }
        }
        double[] p0 = axpy(pL, 1, delta);
        out.log10PRatio = Math.log10(norm(p0) / pLNorm);
        out.log10RBwd = Math.log10(dot(delta, delta) / (pLNorm * pLNorm));
        out.eulerGap = Math.abs(dot(p0, e) - dot(pL, h)) / (pLNorm * nhL);
        out.finite = Double.isFinite(out.log10RFwd) && Double.isFinite(out.log10RBwd)
                && Double.isFinite(out.log10HRatio) && Double.isFinite(out.log10PRatio)
                && Double.isFinite(out.log10H0Norm);
        return out;
    }

    private static void assertReplayed(Cell c, Replay r, TrialOutcome o, boolean backward) {
        String what = c.key() + " trial " + o.trial();
        assertEquals(r.log10H0Norm, o.log10H0Norm(), TOL, what);
        assertEquals(r.log10HRatio, o.log10HRatio(), TOL, what);
        assertEquals(r.log10RFwd, o.log10RFwd(), TOL, what);
        assertArrayEquals(r.th, o.trajLog10H(), TOL, what);
        if (!backward) {
            assertEquals(Double.isFinite(r.log10RFwd) && Double.isFinite(r.log10HRatio)
                    && Double.isFinite(r.log10H0Norm), o.finite(), what);
            assertTrue(Double.isNaN(o.log10RBwd()) && Double.isNaN(o.log10PRatio()) && Double.isNaN(o.eulerGap()),
                    what);
            for (double v : o.trajLog10P()) {
                assertTrue(Double.isNaN(v), what);
            }
            return;
        }
        assertEquals(r.log10PRatio, o.log10PRatio(), TOL, what);
        assertEquals(r.log10RBwd, o.log10RBwd(), TOL, what);
        assertArrayEquals(r.tp, o.trajLog10P(), TOL, what);
        assertEquals(r.finite, o.finite(), what);
        if (r.finite) {
            // The replay's own Euler gap checks the replay; the chain's must be as small.
            assertTrue(r.eulerGap < 1e-13, what + " replay gap " + r.eulerGap);
            assertTrue(o.eulerGap() < 1e-13, what + " gap " + o.eulerGap());
        }
    }

    /**
     * Every branch at d = 4..8 (d = 4: C_{k+1} has no room beyond g and g-perp; ReLU and leaky ReLU then have
     * layers with K = 0 or K = d, probability 1/16 each), every loss and input, full storage and forced
     * checkpoints (segments of ceil(sqrt 23) = 5), and forward only.
     */
    @Test
    void everyColumnFollowsTheExplicitVectors() {
        Architecture[] archs = {Architecture.RES_3, Architecture.RES_2, Architecture.RES_2, Architecture.RES_2,
            Architecture.RES_1};
        Activation[] acts = {Activation.RELU, Activation.leakyRelu(0.8), Activation.leakyRelu(-0.5),
            Activation.IDENTITY, Activation.IDENTITY};
        int depth = 23;
        int[] layers = Trajectory.layers(depth, 7);
        int n = 0;
        for (int b = 0; b < archs.length; b++) {
            for (int d = 4; d <= 8; d++) {
                LossKind loss = LossKind.values()[(b + d) % LossKind.values().length];
                InputKind input = InputKind.values()[(b + 2 * d) % InputKind.values().length];
                Cell c = ChainSamplerTest.cell(archs[b], acts[b], d, depth, 0.3, loss, input);
                ChainSampler full = new ChainSampler(c, layers, true);
                ChainSampler check = new ChainSampler(c, layers, true, 0);
                ChainSampler fwd = new ChainSampler(c, layers, false);
                for (int trial = 0; trial < 4; trial++) {
                    TrialStreams st = RandomStreams.of(31, c.id(), trial);
                    Replay r = replay(c, layers, st);
                    assertReplayed(c, r, full.run(RandomStreams.of(31, c.id(), trial)), true);
                    assertReplayed(c, r, check.run(RandomStreams.of(31, c.id(), trial)), true);
                    assertReplayed(c, r, fwd.run(RandomStreams.of(31, c.id(), trial)), false);
                    n++;
                }
            }
        }
        assertEquals(100, n);
    }

    /**
     * res-3 ReLU at d = 4, where a layer has K = 0 active units with probability 1/16: then c = 0 and the layer
     * leaves h alone, and when that is layer 0, b stays 0 (w_1 is free: the chain keeps cos = 1, sin = 0). At
     * L = 1 such a trial has h_L = h_0 and p_0 = p_L, so r_fwd = r_bwd = 0 exactly: log10 = -Infinity and
     * finite = false (the documented limitation). 64 trials at L = 1, 2, 3 against the replay; the seed gives
     * trials of both kinds at L = 1 (asserted, so the case cannot silently vanish).
     */
    @Test
    void deadLayersAndZeroRatios() {
        for (int depth = 1; depth <= 3; depth++) {
            for (LossKind loss : new LossKind[] {LossKind.RANDOM_DIRECTION, LossKind.QUADRATIC}) {
                Cell c = ChainSamplerTest.cell(Architecture.RES_3, Activation.RELU, 4, depth, 0.5, loss,
                        InputKind.GAUSSIAN);
                int[] layers = Trajectory.layers(depth, 4);
                ChainSampler full = new ChainSampler(c, layers, true);
                ChainSampler fwd = new ChainSampler(c, layers, false);
                int zero = 0;
                for (int trial = 0; trial < 64; trial++) {
                    Replay r = replay(c, layers, RandomStreams.of(32, c.id(), trial));
                    TrialOutcome o = full.run(RandomStreams.of(32, c.id(), trial));
                    assertReplayed(c, r, o, true);
                    assertReplayed(c, r, fwd.run(RandomStreams.of(32, c.id(), trial)), false);
                    if (r.log10RFwd == Double.NEGATIVE_INFINITY) {
                        zero++;
                        assertEquals(Double.NEGATIVE_INFINITY, o.log10RBwd(), c.key());
                        assertEquals(0.0, o.log10HRatio(), 0.0, c.key());
                    }
                }
                if (depth == 1) {
                    assertTrue(zero > 0 && zero < 64, c.key() + ": " + zero + " trials with K = 0");
                }
            }
        }
    }

    /**
     * Norms past 2^256 (alpha = 12, d = 6, L = 120: log10 ||h|| and log10 ||p|| grow by 0.8 (ReLU) to 1 per
     * layer here): the chain rescales its forward state and its delta by exact powers of two and carries the
     * exponents, which the log10 columns add back; the replay's plain doubles still hold these norms (their squares
     * stay below 1e308). The seed's trials pass 1e77 in both passes (asserted, so the case cannot vanish).
     */
    @Test
    void rescaledNormsAddTheirExponentsBack() {
        int depth = 120;
        int[] layers = Trajectory.layers(depth, 8);
        for (Object[] br : ChainSamplerTest.BRANCHES) {
            Cell c = new Cell((Architecture) br[0], (Activation) br[1], resnetmc.model.WeightDistribution.GAUSSIAN, 6,
                    depth, new resnetmc.model.Scaling.Explicit(12), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION,
                    resnetmc.model.Sampler.CHAIN);
            ChainSampler k = new ChainSampler(c, layers, true);
            for (int trial = 0; trial < 2; trial++) {
                Replay r = replay(c, layers, RandomStreams.of(33, c.id(), trial));
                TrialOutcome o = k.run(RandomStreams.of(33, c.id(), trial));
                assertTrue(r.log10HRatio > 78 && r.log10HRatio < 150, c.key() + " " + r.log10HRatio);
                assertTrue(r.log10PRatio > 78 && r.log10PRatio < 150, c.key() + " " + r.log10PRatio);
                String what = c.key() + " trial " + trial;
                // relative 1e-12 of values near 100
                assertEquals(r.log10HRatio, o.log10HRatio(), 1e-9, what);
                assertEquals(r.log10RFwd, o.log10RFwd(), 1e-9, what);
                assertEquals(r.log10PRatio, o.log10PRatio(), 1e-9, what);
                assertEquals(r.log10RBwd, o.log10RBwd(), 1e-9, what);
                assertArrayEquals(r.th, o.trajLog10H(), 1e-9, what);
                assertArrayEquals(r.tp, o.trajLog10P(), 1e-9, what);
                assertTrue(o.eulerGap() < 1e-12, what + " gap " + o.eulerGap());
            }
        }
    }
}
