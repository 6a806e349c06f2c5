package resnetmc.training;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import resnetmc.kernel.WeightField;
import resnetmc.model.Activation;
import resnetmc.rng.TrialStreams;

/**
 * Forward pass, loss and hand-written backpropagation of a {@link NetworkSpec} on mini-batches, every
 * product a {@link Gemm} (MLlib's BLAS dgemm in training).
 *
 * <p>Implementation overview. A batch of n examples is a column-major d x n matrix (example b's state
 * at [b d, (b + 1) d)), so a row-major n x n_in block of the data set is already the column-major
 * n_in x n matrix X and no copy is needed. Row-major weight matrices are the column-major transposes,
 * hence the transpose flags below. The forward pass keeps, per layer, h_{k-1}, the normalised input
 * (batch norm), W z (res-2/3), g and the dropout multipliers: O(L d n) doubles, allocated once per
 * network. The backward pass runs p = dLoss/dh from the head down:
 * dV_k = (alpha D_k p) g^T, dg = V_k^T (alpha D_k p), dW_k = (dg . sigma'(s)) z^T, dz = W_k^T (...),
 * through batch norm with the usual batch-statistics formula (Ioffe and Szegedy 2015, section 3), and
 * p_{k-1} = p_k + dh_branch; finally dA = p_0 x^T and dB = (dLoss/dout) h_L^T.
 *
 * <p>Losses are means over the batch: softmax cross-entropy -log softmax(B h_L)_y for classifiers,
 * (1/2) ||B h_L - y||^2 for regression. Dropout is inverted dropout on the branch output (kept
 * coordinates scaled by 1/(1 - p)), so evaluation uses the network as it is: Srivastava et al.'s (JMLR 2014)
 * scaling of the weights at test time, done at training time instead.
 */
public final class Network {
    /** Batch-norm epsilon inside the root: 1e-5 as in Ioffe and Szegedy's reference code (and PyTorch). */
    public static final double BN_EPSILON = 1e-5;
    /** Weight of the newest batch in the running mean/variance used at evaluation (PyTorch's default 0.1). */
    public static final double BN_MOMENTUM = 0.1;

    private final NetworkSpec spec;
    private final Gemm gemm;
    private final Activation act;
    private final int d;
    private final int depth;
    private final int nIn;
    private final int nOut;
    private final int cap;
    private final double[] params;

    // workspace, column-major d x cap blocks per layer
    private final double[] hs;      // h_0..h_L
    private final double[] zs;      // batch norm: z = scale xhat + shift (null without BN)
    private final double[] xhats;   // batch norm: normalised h_{k-1}
    private final double[] invStd;  // batch norm: 1/sqrt(var + eps) per layer and feature
    private final double[] ss;      // res-2/3: W z
    private final double[] gs;      // g = sigma(.)
    private final double[] masks;   // dropout multipliers 0 or 1/(1 - p) (null without dropout)
    private final double[] runMean;
    private final double[] runVar;
    private final double[] out;
    private final double[] dOut;
    private final double[] p;
    private final double[] du;
    private final double[] dg;
    private final double[] dz;
    private final double[] colSum;
    private final double[] colSum2;
    private boolean statsSeeded;

    /**
     * @param capacity the largest batch the network will see (training and evaluation chunks)
     */
    public Network(NetworkSpec spec, int capacity, Gemm gemm) {
        this.spec = spec;
        this.gemm = gemm;
        this.act = spec.activation();
        this.d = spec.width();
        this.depth = spec.depth();
        this.nIn = spec.inputs();
        this.nOut = spec.outputs();
        this.cap = capacity;
        this.params = new double[spec.parameterCount()];
        long block = (long) d * capacity;
        if (block * (depth + 1) * (spec.batchNorm() ? 5 : 3) > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("batch " + capacity + " x width " + d + " x depth " + depth
                    + " is too large for one workspace");
        }
        int bl = (int) block;
        this.hs = new double[bl * (depth + 1)];
        this.zs = spec.batchNorm() ? new double[bl * depth] : null;
        this.xhats = spec.batchNorm() ? new double[bl * depth] : null;
        this.invStd = spec.batchNorm() ? new double[d * depth] : null;
        this.runMean = spec.batchNorm() ? new double[d * depth] : null;
        this.runVar = spec.batchNorm() ? new double[d * depth] : null;
        if (runVar != null) {
            Arrays.fill(runVar, 1.0);
        }
        this.ss = spec.arch().hasInnerWeights() ? new double[bl * depth] : null;
        this.gs = new double[bl * depth];
        this.masks = spec.dropout() > 0 ? new double[bl * depth] : null;
        this.out = new double[nOut * capacity];
        this.dOut = new double[nOut * capacity];
        this.p = new double[bl];
        this.du = new double[bl];
        this.dg = new double[bl];
        this.dz = new double[bl];
        this.colSum = new double[d];
        this.colSum2 = new double[d];
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** The flat parameter vector [A, V_1..V_L, (W_1..W_L), B, (scale_k, shift_k)...], updated in place. */
    public double[] params() {
        return params;
    }

    /**
     * Draws the initial weights: A with N(0, 1/n_in) entries, B with N(0, 1/d) entries (from the
     * stream {@code inputs}), V_k and W_k with N(0, 1/d) entries from the layer's own stream as in the
     * Monte Carlo dense sampler, or from {@code field} (fbm weights across layers, Marion et al.
     * Section 5) when it is not null; batch-norm scales 1 and shifts 0.
     */
    public void initialise(TrialStreams streams, WeightField field) {
        ZigguratSampler.NormalizedGaussian in = ZigguratSampler.NormalizedGaussian.of(streams.inputs());
        gaussian(in, spec.aOffset(), nIn * d, 1 / Math.sqrt(nIn));
        gaussian(in, spec.bOffset(), nOut * d, 1 / Math.sqrt(d));
        if (field != null) {
            field.generate(streams);
        }
        for (int k = 1; k <= depth; k++) {
            if (field != null) {
                field.copyLayer(false, k, params, spec.vOffset(k));
                if (spec.arch().hasInnerWeights()) {
                    field.copyLayer(true, k, params, spec.wOffset(k));
                }
            } else {
                gaussian(ZigguratSampler.NormalizedGaussian.of(streams.v(k)), spec.vOffset(k), d * d, 1 / Math.sqrt(d));
                if (spec.arch().hasInnerWeights()) {
                    gaussian(ZigguratSampler.NormalizedGaussian.of(streams.w(k)), spec.wOffset(k), d * d,
                            1 / Math.sqrt(d));
                }
            }
            if (spec.batchNorm()) {
                Arrays.fill(params, spec.bnOffset(k), spec.bnOffset(k) + d, 1.0);
                Arrays.fill(params, spec.bnOffset(k) + d, spec.bnOffset(k) + 2 * d, 0.0);
            }
        }
    }

    private void gaussian(ZigguratSampler.NormalizedGaussian g, int off, int n, double scale) {
        for (int i = 0; i < n; i++) {
            params[off + i] = g.sample() * scale;
        }
    }

    // ------------------------------------------------------------------ training

    /**
     * One mini-batch: forward in training mode (batch statistics, dropout masks drawn from
     * {@code dropoutRng}, which may be null without dropout), mean loss, and its gradient written to
     * {@code grad} (every entry overwritten). Batch-norm running statistics are updated.
     *
     * @param x      row-major examples, n x n_in, starting at {@code xOff}
     * @param y      regression targets, row-major n x n_out from {@code yOff} (unused for classifiers)
     * @param labels class labels from {@code labelOff} (unused for regression)
     * @return the mean loss over the batch
     */
    public double lossAndGradient(double[] x, int xOff, double[] y, int yOff, int[] labels, int labelOff, int n,
                                  UniformRandomProvider dropoutRng, double[] grad) {
        forward(x, xOff, n, true, dropoutRng);
        double loss = headLoss(y, yOff, labels, labelOff, n, true);
        backward(x, xOff, n, grad);
        return loss;
    }

    /**
     * Sets the batch-norm running statistics to one batch's statistics (before the first step, so that
     * an evaluation at step 0 normalises as training will); no-op without batch norm.
     */
    public void seedStatistics(double[] x, int xOff, int n) {
        if (spec.batchNorm()) {
            statsSeeded = false;
            forward(x, xOff, n, true, null, false);
        }
    }

    // ------------------------------------------------------------------ evaluation

    /** Sums over a data set in evaluation mode (no dropout, running batch-norm statistics). */
    public record Evaluation(double lossSum, long correct, long count) {
        public double meanLoss() {
            return lossSum / count;
        }

        public double accuracy() {
            return (double) correct / count;
        }
    }

    /** Loss (and accuracy for classifiers) over the first {@code count} examples, in chunks of the capacity. */
    public Evaluation evaluate(double[] x, double[] y, int[] labels, int count) {
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < count; start += cap) {
            int n = Math.min(cap, count - start);
            forward(x, start * nIn, n, false, null);
            lossSum += headLoss(y, start * nOut, labels, start, n, false) * n;
            if (spec.classifier()) {
                correct += correct(labels, start, n);
            }
        }
        return new Evaluation(lossSum, correct, count);
    }

    /** ||h_L - h_0||_F / ||h_0||_F over the first {@code count} examples, in evaluation mode. */
    public double hChange(double[] x, int count) {
        double num = 0;
        double den = 0;
        int last = depth * d * cap;
        for (int start = 0; start < count; start += cap) {
            int n = Math.min(cap, count - start);
            forward(x, start * nIn, n, false, null);
            for (int i = 0; i < n * d; i++) {
                double diff = hs[last + i] - hs[i];
                num += diff * diff;
                den += hs[i] * hs[i];
            }
        }
        return Math.sqrt(num / den);
    }

    // ------------------------------------------------------------------ passes

    private void forward(double[] x, int xOff, int n, boolean train, UniformRandomProvider dropoutRng) {
        forward(x, xOff, n, train, dropoutRng, true);
    }

    private void forward(double[] x, int xOff, int n, boolean train, UniformRandomProvider dropoutRng,
                         boolean dropoutOn) {
        if (n > cap || n < 1) {
            throw new IllegalArgumentException("batch of " + n + " examples, capacity " + cap);
        }
        int block = d * cap;
        int len = d * n;
        double alpha = spec.alpha();
        // h_0 = A x: A row-major d x n_in is the column-major n_in x d matrix A^T.
        gemm.gemm(true, false, d, n, nIn, 1.0, params, spec.aOffset(), nIn, x, xOff, nIn, 0.0, hs, 0, d);
        boolean drop = masks != null && train && dropoutOn;
        double keep = 1.0 - spec.dropout();
        for (int k = 1; k <= depth; k++) {
            int hPrev = (k - 1) * block;
            int lb = (k - 1) * block;
            double[] zArr = hs;
            int zOff = hPrev;
            if (spec.batchNorm()) {
                normalise(k, hPrev, lb, n, train);
                zArr = zs;
                zOff = lb;
            }
            if (ss != null) {
                // s = W z; then g = sigma(s)
                gemm.gemm(true, false, d, n, d, 1.0, params, spec.wOffset(k), d, zArr, zOff, d, 0.0, ss, lb, d);
                applyActivation(ss, lb, gs, lb, len);
            } else {
                applyActivation(zArr, zOff, gs, lb, len);
            }
            int hNext = k * block;
            // u = V g into h_k's slot, then h_k = h_{k-1} + alpha D u.
            gemm.gemm(true, false, d, n, d, 1.0, params, spec.vOffset(k), d, gs, lb, d, 0.0, hs, hNext, d);
            if (drop) {
                double scale = 1.0 / keep;
                for (int i = 0; i < len; i++) {
                    double m = dropoutRng.nextDouble() < spec.dropout() ? 0.0 : scale;
                    masks[lb + i] = m;
                    hs[hNext + i] = hs[hPrev + i] + alpha * m * hs[hNext + i];
                }
            } else {
                if (masks != null) {
                    Arrays.fill(masks, lb, lb + len, 1.0);
                }
                for (int i = 0; i < len; i++) {
                    hs[hNext + i] = hs[hPrev + i] + alpha * hs[hNext + i];
                }
            }
        }
        // out = B h_L: B row-major n_out x d is the column-major d x n_out matrix B^T.
        gemm.gemm(true, false, nOut, n, d, 1.0, params, spec.bOffset(), d, hs, depth * block, d, 0.0, out, 0, nOut);
    }

    /** Batch norm of h_{k-1} into zs (and xhats): batch statistics in training, running ones otherwise. */
    private void normalise(int k, int hOff, int lb, int n, boolean train) {
        int so = (k - 1) * d;
        int bn = spec.bnOffset(k);
        if (train) {
            Arrays.fill(colSum, 0.0);
            for (int b = 0; b < n; b++) {
                int o = hOff + b * d;
                for (int i = 0; i < d; i++) {
                    colSum[i] += hs[o + i];
                }
            }
            for (int i = 0; i < d; i++) {
                colSum[i] /= n;
            }
            Arrays.fill(colSum2, 0.0);
            for (int b = 0; b < n; b++) {
                int o = hOff + b * d;
                for (int i = 0; i < d; i++) {
                    double c = hs[o + i] - colSum[i];
                    colSum2[i] += c * c;
                }
            }
            for (int i = 0; i < d; i++) {
                double var = colSum2[i] / n;
                invStd[so + i] = 1.0 / Math.sqrt(var + BN_EPSILON);
                // Running variance unbiased (n / (n - 1)), as PyTorch keeps it for evaluation.
                double unbiased = n > 1 ? colSum2[i] / (n - 1) : var;
                if (statsSeeded) {
                    runMean[so + i] = (1 - BN_MOMENTUM) * runMean[so + i] + BN_MOMENTUM * colSum[i];
                    runVar[so + i] = (1 - BN_MOMENTUM) * runVar[so + i] + BN_MOMENTUM * unbiased;
                } else {
                    runMean[so + i] = colSum[i];
                    runVar[so + i] = unbiased;
                }
            }
            if (k == depth) {
                statsSeeded = true;
            }
            for (int b = 0; b < n; b++) {
                int o = b * d;
                for (int i = 0; i < d; i++) {
                    double xh = (hs[hOff + o + i] - colSum[i]) * invStd[so + i];
                    xhats[lb + o + i] = xh;
                    zs[lb + o + i] = params[bn + i] * xh + params[bn + d + i];
                }
            }
        } else {
            for (int i = 0; i < d; i++) {
                colSum2[i] = 1.0 / Math.sqrt(runVar[so + i] + BN_EPSILON);
            }
            for (int b = 0; b < n; b++) {
                int o = b * d;
                for (int i = 0; i < d; i++) {
                    double xh = (hs[hOff + o + i] - runMean[so + i]) * colSum2[i];
                    xhats[lb + o + i] = xh;
                    zs[lb + o + i] = params[bn + i] * xh + params[bn + d + i];
                }
            }
        }
    }

    private void applyActivation(double[] in, int inOff, double[] o, int oOff, int len) {
        switch (act.kind()) {
            case IDENTITY -> System.arraycopy(in, inOff, o, oOff, len);
            case RELU -> {
                for (int i = 0; i < len; i++) {
                    o[oOff + i] = Math.max(in[inOff + i], 0.0);
                }
            }
            case LEAKY_RELU -> {
                double s = act.slope();
                for (int i = 0; i < len; i++) {
                    double v = in[inOff + i];
                    o[oOff + i] = Math.max(v, s * v);
                }
            }
            case TANH -> {
                for (int i = 0; i < len; i++) {
                    o[oOff + i] = resnetmc.model.FastTanh.tanh(in[inOff + i]);
                }
            }
        }
    }

    /** dst[i] *= sigma'(pre[i]) (for tanh from g = tanh(pre): 1 - g^2). */
    private void multiplyDerivative(double[] dst, double[] pre, int preOff, int gOff, int len) {
        switch (act.kind()) {
            case IDENTITY -> { }
            case RELU -> {
                for (int i = 0; i < len; i++) {
                    if (!(pre[preOff + i] > 0)) {
                        dst[i] = 0.0;
                    }
                }
            }
            case LEAKY_RELU -> {
                double s = act.slope();
                for (int i = 0; i < len; i++) {
                    if (!(pre[preOff + i] > 0)) {
                        dst[i] *= s;
                    }
                }
            }
            case TANH -> {
                for (int i = 0; i < len; i++) {
                    double g = gs[gOff + i];
                    dst[i] *= 1.0 - g * g;
                }
            }
        }
    }

    /**
     * Mean loss of the batch in {@code out}; when {@code gradient}, dLoss/dout into dOut. Softmax
     * cross-entropy is computed from the max-shifted logits (log-sum-exp), so large logits do not
     * overflow; a NaN logit gives a NaN loss, which the trainer reads as divergence.
     */
    private double headLoss(double[] y, int yOff, int[] labels, int labelOff, int n, boolean gradient) {
        double sum = 0;
        if (spec.classifier()) {
            for (int b = 0; b < n; b++) {
                int o = b * nOut;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < nOut; c++) {
                    max = Math.max(max, out[o + c]);
                }
                double z = 0;
                for (int c = 0; c < nOut; c++) {
                    z += StrictMath.exp(out[o + c] - max);
                }
                int label = labels[labelOff + b];
                sum += StrictMath.log(z) + max - out[o + label];
                if (gradient) {
                    for (int c = 0; c < nOut; c++) {
                        dOut[o + c] = (StrictMath.exp(out[o + c] - max) / z - (c == label ? 1.0 : 0.0)) / n;
                    }
                }
            }
        } else {
            for (int b = 0; b < n; b++) {
                int o = b * nOut;
                for (int c = 0; c < nOut; c++) {
                    double r = out[o + c] - y[yOff + o + c];
                    sum += 0.5 * r * r;
                    if (gradient) {
                        dOut[o + c] = r / n;
                    }
                }
            }
        }
        return sum / n;
    }

    private long correct(int[] labels, int off, int n) {
        long ok = 0;
        for (int b = 0; b < n; b++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < nOut; c++) {
                // NaN logits never win, so a network with NaN weights scores 0, not the first class.
                if (out[b * nOut + c] > bestValue) {
                    bestValue = out[b * nOut + c];
                    best = c;
                }
            }
            ok += best == labels[off + b] ? 1 : 0;
        }
        return ok;
    }

    private void backward(double[] x, int xOff, int n, double[] grad) {
        int block = d * cap;
        int len = d * n;
        double alpha = spec.alpha();
        // dB^T (d x n_out) = h_L dOut^T; p_L = B^T dOut.
        gemm.gemm(false, true, d, nOut, n, 1.0, hs, depth * block, d, dOut, 0, nOut, 0.0, grad, spec.bOffset(), d);
        gemm.gemm(false, false, d, n, nOut, 1.0, params, spec.bOffset(), d, dOut, 0, nOut, 0.0, p, 0, d);
        for (int k = depth; k >= 1; k--) {
            int lb = (k - 1) * block;
            int hPrev = (k - 1) * block;
            // du = alpha D_k p
            if (masks != null) {
                for (int i = 0; i < len; i++) {
                    du[i] = alpha * masks[lb + i] * p[i];
                }
            } else {
                for (int i = 0; i < len; i++) {
                    du[i] = alpha * p[i];
                }
            }
            // dV_k^T = g du^T (row-major dV_k); dg = V_k^T du.
            gemm.gemm(false, true, d, d, n, 1.0, gs, lb, d, du, 0, d, 0.0, grad, spec.vOffset(k), d);
            gemm.gemm(false, false, d, n, d, 1.0, params, spec.vOffset(k), d, du, 0, d, 0.0, dg, 0, d);
            double[] zArr = spec.batchNorm() ? zs : hs;
            int zOff = spec.batchNorm() ? lb : hPrev;
            double[] dzArr;
            if (ss != null) {
                // ds = dg . sigma'(s) (in dg); dW_k^T = z ds^T; dz = W_k^T ds.
                multiplyDerivative(dg, ss, lb, lb, len);
                gemm.gemm(false, true, d, d, n, 1.0, zArr, zOff, d, dg, 0, d, 0.0, grad, spec.wOffset(k), d);
                gemm.gemm(false, false, d, n, d, 1.0, params, spec.wOffset(k), d, dg, 0, d, 0.0, dz, 0, d);
                dzArr = dz;
            } else {
                multiplyDerivative(dg, zArr, zOff, lb, len);
                dzArr = dg;
            }
            if (spec.batchNorm()) {
                batchNormBackward(k, lb, n, dzArr, grad);
            } else {
                for (int i = 0; i < len; i++) {
                    p[i] += dzArr[i];
                }
            }
        }
        // dA^T (n_in x d) = x p_0^T.
        gemm.gemm(false, true, nIn, d, n, 1.0, x, xOff, nIn, p, 0, d, 0.0, grad, spec.aOffset(), nIn);
    }

    /**
     * Through z = scale xhat + shift, xhat = (h - mean) invStd with batch statistics:
     * dscale = sum_b dz xhat, dshift = sum_b dz, dh = scale invStd (dz - dshift/n - xhat dscale/n),
     * added to p.
     */
    private void batchNormBackward(int k, int lb, int n, double[] dzArr, double[] grad) {
        int bn = spec.bnOffset(k);
        int so = (k - 1) * d;
        Arrays.fill(colSum, 0.0);
        Arrays.fill(colSum2, 0.0);
        for (int b = 0; b < n; b++) {
            int o = b * d;
            for (int i = 0; i < d; i++) {
                colSum[i] += dzArr[o + i] * xhats[lb + o + i];
                colSum2[i] += dzArr[o + i];
            }
        }
        for (int i = 0; i < d; i++) {
            grad[bn + i] = colSum[i];
            grad[bn + d + i] = colSum2[i];
        }
        for (int b = 0; b < n; b++) {
            int o = b * d;
            for (int i = 0; i < d; i++) {
                double f = params[bn + i] * invStd[so + i];
                p[o + i] += f * (dzArr[o + i] - colSum2[i] / n - xhats[lb + o + i] * colSum[i] / n);
            }
        }
    }
}
