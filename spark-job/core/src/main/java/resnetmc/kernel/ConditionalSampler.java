package resnetmc.kernel;

import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import resnetmc.model.Cell;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.TrialStreams;

/**
 * Exact O(L d) sampling of the forward and backward passes for Gaussian weights (THEORY.md section 5).
 *
 * <p>If M has i.i.d. N(0, 1/d) entries and is independent of a vector x, then M x has the law of
 * (||x|| / sqrt d) z with z ~ N(0, I_d), and conditionally on M x = m,
 * M = m x^T / ||x||^2 + M~ (I - x x^T / ||x||^2) with M~ an independent copy. So
 * M^T p = x (m . p) / ||x||^2 + (I - x x^T/||x||^2) M~^T p, and when p depends on M only through m,
 * M~^T p has the law of (||p|| / sqrt d) z'. Layer k + 1 meets its matrices once in the forward pass
 * (W through h_k, V through g_k = sigma(W h_k)) and once in the backward pass, and p_{k+1} depends on
 * them only through W h_k and V g_k, so applying this to V and to W, layer by layer, samples the joint
 * law of (h_0..h_L, p_L..p_0) exactly, with 2 d draws per matrix instead of d^2.
 *
 * <p>Per layer it keeps W h_k and V g_k / ||g_k|| besides the state (3 d-vectors; 2 for res-1). The
 * forward draws come from the layer's streams {@link TrialStreams#w} / {@link TrialStreams#v}, so
 * checkpointed segments are recomputed bit-identically; the backward draws from
 * {@link TrialStreams#wBackward} / {@link TrialStreams#vBackward}.
 */
public final class ConditionalSampler extends ResidualKernel {
    private double[][] pre;    // W h_k, res-2/3 only
    private double[][] vUnit;  // V g_k / ||g_k||
    private double[] gNorm;    // ||g_k||
    private double[] hNorm;    // ||h_k||, kept so the backward pass does not recompute it (1 for unit states)
    private double[][] kept;   // g_k, for a branch too costly to recompute (tanh); null otherwise
    private final double[] g;
    private final double[] fresh;
    private final double[] y;
    private final double[] x;
    private final double[] mask;  // ReLU'(W h) as 1.0 / +0.0, res-2/3 ReLU only
    private final double[] sums = new double[2];

    public ConditionalSampler(Cell cell, int[] trajectoryLayers) {
        this(cell, trajectoryLayers, FULL_STORAGE_BYTES);
    }

    /** With a given budget for stored records; above it the backward pass recomputes segments. */
    ConditionalSampler(Cell cell, int[] trajectoryLayers, long storageBytes) {
        super(cell, trajectoryLayers, (cell.arch().hasInnerWeights() ? 3 : 2) + (keepsBranch(cell) ? 1 : 0),
                storageBytes);
        if (cell.distribution() != WeightDistribution.GAUSSIAN) {
            throw new IllegalArgumentException("the conditional sampler is exact for Gaussian weights only, not "
                    + cell.distribution().label());
        }
        this.g = new double[d];
        this.fresh = new double[d];
        this.y = new double[d];
        this.x = new double[d];
        this.mask = cell.activation().kind() == resnetmc.model.Activation.Kind.RELU ? new double[d] : null;
    }

    @Override
    protected void allocate(int positions) {
        pre = arch.hasInnerWeights() ? new double[positions][d] : null;
        vUnit = new double[positions][d];
        gNorm = new double[positions];
        hNorm = new double[positions];
        kept = keepsBranch(cell) ? new double[positions][d] : null;
    }

    /**
     * Whether g_k is stored per layer rather than recomputed in the backward pass: for tanh, whose d
     * evaluations per layer cost about as much as the layer's 4 d Gaussian draws; one more d-vector per record.
     */
    private static boolean keepsBranch(Cell cell) {
        return cell.activation().kind() == resnetmc.model.Activation.Kind.TANH;
    }

    @Override
    protected double forwardLayer(int k, int pos, double[] h, double hSquaredNorm, double[] next,
                                  TrialStreams streams) {
        double[] g = kept != null ? kept[pos] : this.g;
        double ng2;
        if (arch.hasInnerWeights()) {
            double nh = stateNorm(h, hSquaredNorm);
            hNorm[pos] = nh;
            double[] a = pre[pos];
            Fused.gaussians(ZigguratSampler.NormalizedGaussian.of(streams.w(k + 1)), scale * nh, a, d);
            ng2 = Fused.applySquaredNorm(act, a, g, d);
        } else {
            ng2 = Fused.applySquaredNorm(act, h, g, d);
        }
        double ng = Math.sqrt(ng2);
        gNorm[pos] = ng;
        double[] vu = vUnit[pos];
        // V g / ||g|| drawn in a block, then the state step and its squared norm in one pass.
        Fused.gaussians(ZigguratSampler.NormalizedGaussian.of(streams.v(k + 1)), scale, vu, d);
        return Fused.addScaledSquaredNorm(h, alpha * ng, vu, next, d);
    }

    @Override
    protected double backwardLayer(int k, int pos, double[] h, double[] q, double[] out, TrialStreams streams) {
        // y = V^T q given V g: g (V g^ . q) + (I - g^ g^^T) V~^T q, g^ = g / ||g||, with ||q|| = 1. g is kept
        // (tanh) or recomputed in the pass of the dots, and sigma' read off it (tanh' = 1 - tanh^2).
        double[] preAct = arch.hasInnerWeights() ? pre[pos] : h;
        double[] g = kept != null ? kept[pos] : this.g;
        double ng = gNorm[pos];
        Fused.gaussians(ZigguratSampler.NormalizedGaussian.of(streams.vBackward(k + 1)), scale, fresh, d);
        double c = 0.0;
        // ReLU with inner weights: sigma' as a mask from the pass that recomputes g, for a vectorised x pass.
        boolean masked = ng > 0 && mask != null && arch.hasInnerWeights();
        if (ng > 0) {
            if (masked) {
                Fused.applyMaskTwoDots(preAct, g, mask, fresh, vUnit[pos], q, d, sums);
            } else if (kept == null) {
                Fused.applyTwoDots(act, preAct, g, fresh, vUnit[pos], q, d, sums);
            } else {
                Fused.twoDots(g, fresh, vUnit[pos], q, d, sums);
            }
            double inv = 1.0 / ng;
            c = (sums[1] - inv * sums[0]) * inv;
        } else if (kept == null) {
            act.apply(preAct, g, d);
        }
        if (!arch.hasInnerWeights()) {
            Fused.addScaled(fresh, c, g, y, d);
            act.multiplyDerivative(preAct, g, y, out, d);
            return Double.NaN;
        }
        // out = W^T x with x = sigma'(W h) y, given W h: h (W h^ . x) + (I - h^ h^^T) W~^T x. The pass that
        // forms y and x also sums ||x||^2 and W h . x; the last one steps q and sums its squared norm.
        if (masked) {
            Fused.maskDots(preAct, mask, fresh, c, g, x, d, sums);
        } else {
            Fused.multiplyDerivativeDots(act, preAct, g, fresh, c, g, y, x, d, sums);
        }
        double nh = hNorm[pos];
        c = conditionalTranspose(h, nh, nh > 0 ? 1.0 / nh : 0.0, sums[1], Math.sqrt(sums[0]),
                streams.wBackward(k + 1));
        return Fused.stepSquaredNorm(q, alpha, fresh, c, h, d);
    }

    /**
     * ||h||: 1 for the unit states of a positively homogeneous branch (normalised after every layer, so
     * the pass that would recompute it is skipped), the actual norm for tanh (from the previous layer's
     * fused update when known, i.e. not NaN).
     */
    private double stateNorm(double[] h, double squaredNorm) {
        if (homogeneous) {
            return 1.0;
        }
        return Math.sqrt(squaredNorm == squaredNorm ? squaredNorm : Vectors.dot(h, h, d));
    }

    /**
     * M^T p given M v = image (known) is v^ (mUnit . p) + (I - v^ v^^T) M~^T p, where v^ = v/||v||
     * (nv = ||v||), mUnit = M v^ = imageScale * image, and M~^T p = (||p|| / sqrt d) z' from {@code rng}
     * (np = ||p||). Draws M~^T p into {@code fresh} and returns the c with M^T p = fresh + c v, given
     * image . p (c = 0 when v = 0: then the forward pass says nothing about M and M^T p is a fresh draw).
     */
    private double conditionalTranspose(double[] v, double nv, double imageScale, double imageDotP, double np,
                                        org.apache.commons.rng.UniformRandomProvider rng) {
        // The draws in a block (a tight loop, as the draw-only limit times them), then v . fresh.
        Fused.gaussians(ZigguratSampler.NormalizedGaussian.of(rng), scale * np, fresh, d);
        if (!(nv > 0)) {
            return 0.0;
        }
        double inv = 1.0 / nv;
        // Coefficient along v^: (M v^ . p) + (v^ . fresh) removed from the fresh part.
        double along = imageScale * imageDotP - inv * Vectors.dot(v, fresh, d);
        return along * inv;
    }
}
