package resnetmc.kernel;

import org.apache.commons.rng.UniformRandomProvider;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.TrialStreams;

/**
 * Forward and backward pass of one scaled ResNet at initialisation, every weight drawn.
 *
 * <p>Model (Marion et al., arXiv 2206.06929, eq. (1) and (res-1)-(res-3)):
 * h_{k+1} = h_k + alpha V_{k+1} g(h_k), with g = sigma(h) (res-1), sigma(W_{k+1} h) (res-2) or
 * ReLU(W_{k+1} h) (res-3); backward p_k = p_{k+1} + alpha J_k^T p_{k+1} with
 * J_k = V_{k+1} diag(sigma'(.)) (W_{k+1}).
 *
 * <p>Implementation overview.
 * <ul>
 * <li>Memory O(L d + d^2): a matrix is never stored. Row i of V_{k+1} (or W_{k+1}) is drawn into a
 * d-vector and used at once, (V g)_i = row . g in the forward pass and V^T q += q_i row in the backward
 * pass, which regenerates the rows in the same order from the layer's own stream
 * ({@link TrialStreams#v}, {@link TrialStreams#w}). The pre-activations W h_k are recomputed in the
 * backward pass from the stored h_k while W's rows are regenerated, so only h_0..h_L are kept.</li>
 * <li>No overflow: the backward recursion is linear in p, and for a positively homogeneous sigma the
 * forward map is homogeneous of degree 1 in h, so both states are carried as e^{s} u with ||u|| = 1
 * and a log-scale s; sigma'(W u) = sigma'(W h) for those sigma. For tanh the forward state is carried
 * as is (s = 0) and an overflow is reported through {@link TrialOutcome#finite()}.</li>
 * <li>Work per trial: d^2 L draws per matrix per pass, i.e. 2 d^2 L (res-1) or 4 d^2 L (res-2/3)
 * draws and as many multiply-adds; the workspace is allocated once per sampler and reused.</li>
 * </ul>
 * Not thread-safe: one instance per task.
 */
public final class DenseSampler {
    private final Architecture arch;
    private final Activation act;
    private final WeightDistribution law;
    private final int d;
    private final int depth;
    private final double alpha;
    private final boolean homogeneous;
    private final Cell cell;
    private final int[] trajectory;
    /** 1/sqrt(d): entries of sqrt(d) V have unit variance. */
    private final double scale;

    // Workspace, reused across trials.
    private final double[][] u;        // u[k]: direction (homogeneous) or value (tanh) of h_k
    private final double[] s;          // log-scale of h_k
    private final double[] pLog;       // log ||p_k||
    private final double[] row;
    private final double[] pre;
    private final double[] branch;
    private final double[] q;
    private final double[] y;
    private final double[] z;
    private final double[] pLDirection; // unit direction of p_L

    public DenseSampler(Cell cell, int[] trajectoryLayers) {
        this.cell = cell;
        this.arch = cell.arch();
        this.act = cell.activation();
        this.law = cell.distribution();
        this.d = cell.width();
        this.depth = cell.depth();
        this.alpha = cell.alpha();
        this.homogeneous = act.positivelyHomogeneous();
        this.trajectory = trajectoryLayers.clone();
        this.scale = 1.0 / Math.sqrt(d);
        this.u = new double[depth + 1][d];
        this.s = new double[depth + 1];
        this.pLog = new double[depth + 1];
        this.row = new double[d];
        this.pre = new double[d];
        this.branch = new double[d];
        this.q = new double[d];
        this.y = new double[d];
        this.z = new double[d];
        this.pLDirection = new double[d];
    }

    /** Runs one whole trial: draws h_0 and the loss head, then the forward and backward passes. */
    public TrialOutcome run(TrialStreams streams) {
        InputDraw in = InputDraw.draw(streams.inputs(), d, cell.input(), cell.loss());
        forward(in.h0, streams);
        double pScale = in.gradientAt(u[depth], s[depth], q);
        backward(q, pScale, streams);
        return outcome(streams.trial());
    }

    /** Forward pass from h_0; afterwards {@link #hidden(int)} gives h_k. */
    public void forward(double[] h0, TrialStreams streams) {
        System.arraycopy(h0, 0, u[0], 0, d);
        s[0] = 0.0;
        if (homogeneous) {
            s[0] = normalise(u[0]);
        }
        for (int k = 0; k < depth; k++) {
            double[] uk = u[k];
            double[] next = u[k + 1];
            if (arch.hasInnerWeights()) {
                EntrySampler w = EntrySampler.of(law, streams.w(k + 1), scale);
                for (int i = 0; i < d; i++) {
                    w.fill(row, d);
                    pre[i] = Vectors.dot(row, uk, d);
                }
                act.apply(pre, branch, d);
            } else {
                act.apply(uk, branch, d);
            }
            EntrySampler v = EntrySampler.of(law, streams.v(k + 1), scale);
            for (int i = 0; i < d; i++) {
                v.fill(row, d);
                next[i] = uk[i] + alpha * Vectors.dot(row, branch, d);
            }
            s[k + 1] = s[k];
            if (homogeneous) {
                s[k + 1] += normalise(next);
            }
        }
    }

    /**
     * Backward pass from p_L = e^{logScale} pL (pL is not modified), after {@link #forward}; the
     * result is p_0 = e^{return value} {@link #gradient()}.
     */
    public double backward(double[] pL, double logScale, TrialStreams streams) {
        if (pL != q) {
            System.arraycopy(pL, 0, q, 0, d);
        }
        double t = logScale + normalise(q);
        pLog[depth] = t;
        System.arraycopy(q, 0, pLDirection, 0, d);
        for (int k = depth - 1; k >= 0; k--) {
            // y = V_{k+1}^T q, rows regenerated in the forward order.
            java.util.Arrays.fill(y, 0.0);
            EntrySampler v = EntrySampler.of(law, streams.v(k + 1), scale);
            for (int i = 0; i < d; i++) {
                v.fill(row, d);
                Vectors.axpy(q[i], row, y, d);
            }
            double[] uk = u[k];
            if (arch.hasInnerWeights()) {
                // z = W^T diag(sigma'(W h_k)) y; W h_k recomputed row by row from the stored h_k.
                java.util.Arrays.fill(z, 0.0);
                EntrySampler w = EntrySampler.of(law, streams.w(k + 1), scale);
                for (int i = 0; i < d; i++) {
                    w.fill(row, d);
                    double c = act.derivative(Vectors.dot(row, uk, d)) * y[i];
                    if (c != 0.0) {
                        Vectors.axpy(c, row, z, d);
                    }
                }
            } else {
                for (int i = 0; i < d; i++) {
                    z[i] = act.derivative(uk[i]) * y[i];
                }
            }
            for (int i = 0; i < d; i++) {
                q[i] += alpha * z[i];
            }
            t += normalise(q);
            pLog[k] = t;
        }
        return t;
    }

    /** h_k as plain doubles (may overflow at extreme depths); for tests. */
    public double[] hidden(int k) {
        double[] h = u[k].clone();
        double e = StrictMath.exp(s[k]);
        for (int i = 0; i < d; i++) {
            h[i] *= e;
        }
        return h;
    }

    /** The unit direction of p_0 after {@link #backward}. */
    public double[] gradient() {
        return q.clone();
    }

    /** log ||h_k||. */
    private double logNorm(int k) {
        return s[k] + StrictMath.log(Vectors.norm(u[k], d));
    }

    /** Scales x to unit norm and returns log of its former norm (0 for the zero vector, left as is). */
    private double normalise(double[] x) {
        double n = Vectors.norm(x, d);
        if (!(n > 0) || Double.isInfinite(n)) {
            return 0.0;
        }
        double inv = 1.0 / n;
        for (int i = 0; i < d; i++) {
            x[i] *= inv;
        }
        return StrictMath.log(n);
    }

    private static final double LN10 = StrictMath.log(10.0);

    private TrialOutcome outcome(long trial) {
        double[] u0 = u[0];
        double[] uL = u[depth];
        double logH0 = logNorm(0);
        double logRFwd = Vectors.logSquaredDistance(uL, s[depth], u0, s[0], d) - 2 * logH0;
        double logHRatio = logNorm(depth) - logH0;
        double logRBwd = Vectors.logSquaredDistance(q, pLog[0], pLDirection, pLog[depth], d) - 2 * pLog[depth];
        double logPRatio = pLog[0] - pLog[depth];
        double euler = Double.NaN;
        if (homogeneous) {
            // p_0.h_0 = e^{pLog0 + logH0} (q.u0) and p_L.h_L = e^{pLogL + logHL} (pLdir.uL), ||u|| = 1.
            double a = StrictMath.exp(pLog[0] + logH0 - pLog[depth] - logNorm(depth)) * Vectors.dot(q, u0, d);
            euler = Math.abs(a - Vectors.dot(pLDirection, uL, d));
        }
        double[] th = new double[trajectory.length];
        double[] tp = new double[trajectory.length];
        for (int j = 0; j < trajectory.length; j++) {
            th[j] = (logNorm(trajectory[j]) - logH0) / LN10;
            tp[j] = (pLog[trajectory[j]] - pLog[depth]) / LN10;
        }
        double l10f = logRFwd / LN10;
        double l10b = logRBwd / LN10;
        boolean finite = Double.isFinite(l10f) && Double.isFinite(l10b) && Double.isFinite(logHRatio)
                && Double.isFinite(logPRatio) && Double.isFinite(logH0);
        return new TrialOutcome(trial, l10f, l10b, logHRatio / LN10, logPRatio / LN10, logH0 / LN10, euler,
                finite, th, tp);
    }
}
