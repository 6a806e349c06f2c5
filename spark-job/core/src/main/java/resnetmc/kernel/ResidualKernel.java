package resnetmc.kernel;

import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.TrialStreams;

/**
 * Forward and backward pass of one scaled ResNet at initialisation; subclasses say how a layer's
 * weights act ({@link DenseSampler}: every entry drawn; {@link ConditionalSampler}: Gaussian
 * conditioning, THEORY.md section 5).
 *
 * <p>Model (Marion et al., arXiv 2206.06929, eq. (1) and (res-1)-(res-3)):
 * h_{k+1} = h_k + alpha V_{k+1} g(h_k), g = sigma(h) (res-1), sigma(W_{k+1} h) (res-2),
 * ReLU(W_{k+1} h) (res-3); backward p_k = p_{k+1} + alpha J_k^T p_{k+1}.
 *
 * <p>Implementation overview.
 * <ul>
 * <li>No overflow: the backward recursion is linear in p, and for a positively homogeneous sigma the
 * forward map is homogeneous of degree 1 in h, so both states are carried as e^{s} u with ||u|| = 1
 * and a log-scale s; sigma'(W u) = sigma'(W h) for those sigma. For tanh the forward state is carried
 * as is (s = 0) and an overflow is reported through {@link TrialOutcome#finite()}.</li>
 * <li>Memory: the backward pass needs h_k (and what a subclass keeps per layer) in reverse order.
 * When (L + 1) such records fit in {@link #FULL_STORAGE_BYTES} they are all kept. Otherwise only every
 * c-th state is kept (c = ceil(sqrt(L))), and the backward pass recomputes each segment of c layers
 * forward from its checkpoint, re-reading the layers' own random streams, so the recomputed states
 * are bit-identical: about one extra forward pass for O(sqrt(L) d) memory instead of O(L d). The last
 * segment is still in memory after the forward pass and is never recomputed.</li>
 * <li>The workspace is allocated once per kernel and reused across trials. Not thread-safe.</li>
 * </ul>
 */
public abstract class ResidualKernel implements TrialKernel {
    /** Full storage up to 64 MiB of per-layer records per trial; above, sqrt(L) checkpointing. */
    public static final long FULL_STORAGE_BYTES = 64L << 20;

    private static final double LN10 = StrictMath.log(10.0);

    protected final Cell cell;
    protected final Architecture arch;
    protected final Activation act;
    protected final WeightDistribution law;
    protected final int d;
    protected final int depth;
    protected final double alpha;
    protected final boolean homogeneous;
    /** 1/sqrt(d): entries of sqrt(d) V have unit variance. */
    protected final double scale;
    private final int[] trajectory;

    /** Layers per segment; depth when everything is stored. */
    protected final int segment;
    private final double[][] checkpoint;   // state u_{j c} for j = 0..L/c
    private final double[] checkpointScale;
    private final double[][] u;            // states of the current segment: u[k - k0], k0 <= k <= k0 + segment
    private final double[] s;              // their log-scales
    private final double[] logNormH;       // log ||h_k|| at the trajectory layers
    private final double[] pLog;           // log ||p_k|| at the trajectory layers
    private final double[] u0;
    private final double[] uL;
    private double s0;
    private double sL;
    private int segmentStart = -1;         // k0 of the segment held in u

    protected final double[] q;            // backward state direction
    private final double[] jtq;            // J_k^T q
    private final double[] pLDirection;

    protected ResidualKernel(Cell cell, int[] trajectoryLayers, int vectorsPerLayer, long storageBytes) {
        this.cell = cell;
        this.arch = cell.arch();
        this.act = cell.activation();
        this.law = cell.distribution();
        this.d = cell.width();
        this.depth = cell.depth();
        this.alpha = cell.alpha();
        this.homogeneous = act.positivelyHomogeneous();
        this.scale = 1.0 / Math.sqrt(d);
        this.trajectory = trajectoryLayers.clone();
        this.segment = segmentLength(depth, d, vectorsPerLayer, storageBytes);
        int checkpoints = depth / segment + 1;
        this.checkpoint = new double[checkpoints][];
        this.checkpointScale = new double[checkpoints];
        this.u = new double[segment + 1][d];
        this.s = new double[segment + 1];
        this.logNormH = new double[trajectory.length];
        this.pLog = new double[trajectory.length];
        this.u0 = new double[d];
        this.uL = new double[d];
        this.q = new double[d];
        this.jtq = new double[d];
        this.pLDirection = new double[d];
    }

    /** Layers per stored segment: all of them if they fit in the budget, else ceil(sqrt(L)). */
    static int segmentLength(int depth, int d, int vectorsPerLayer, long storageBytes) {
        double bytes = (depth + 1.0) * d * vectorsPerLayer * 8.0;
        return bytes <= storageBytes ? depth : Math.max(1, (int) Math.ceil(Math.sqrt(depth)));
    }

    /** Whether the backward pass recomputes segments (false: every state is stored). */
    public boolean checkpointed() {
        return segment < depth;
    }

    /** Allocates per-layer records for positions 0..segment of a segment (called lazily once). */
    protected abstract void allocate(int positions);

    /**
     * next = h + alpha * (branch output through layer k + 1) for the state h at layer k, stored at
     * position pos of the segment; a subclass may record what its backward step needs at pos.
     * hSquaredNorm is h . h as {@link Vectors#dot} sums it when known, else NaN; returns next . next summed
     * the same way when the layer computed it on the way (saving a pass), else NaN.
     */
    protected abstract double forwardLayer(int k, int pos, double[] h, double hSquaredNorm, double[] next,
                                           TrialStreams streams);

    /**
     * out = J_k^T q for the layer from k to k + 1, with h = h_k at position pos of the segment, and NaN
     * returned; or, to save a pass, q += alpha J_k^T q done in place (each term J_k^T q rounded as if stored
     * in out first) and q . q of the result returned, summed as {@link Vectors#dot} sums it.
     */
    protected abstract double backwardLayer(int k, int pos, double[] h, double[] q, double[] out,
                                            TrialStreams streams);

    private boolean allocated;

    /** Per-trial set-up before the passes (the correlated weight field); nothing by default. */
    protected void prepare(TrialStreams streams) {
    }

    /** Runs one whole trial: draws h_0 and the loss head, then the forward and backward passes. */
    @Override
    public TrialOutcome run(TrialStreams streams) {
        return run(streams, true);
    }

    /**
     * One trial, with the backward pass only when {@code backward}. The forward pass reads the same streams
     * either way, so its columns are the same bits; without the backward pass the gradient columns are NaN.
     */
    public TrialOutcome run(TrialStreams streams, boolean backward) {
        prepare(streams);
        InputDraw in = InputDraw.draw(streams.inputs(), d, cell.input(), cell.loss());
        forward(in.h0, streams);
        if (!backward) {
            return outcome(streams.trial(), false);
        }
        double[] pL = new double[d];
        double pScale = in.gradientAt(uL, sL, pL);
        backward(pL, pScale, streams);
        return outcome(streams.trial(), true);
    }

    /** Forward pass from h_0; afterwards {@link #hidden(int)} gives h_L. */
    public void forward(double[] h0, TrialStreams streams) {
        if (!allocated) {
            allocate(segment + 1);
            allocated = true;
        }
        System.arraycopy(h0, 0, u[0], 0, d);
        s[0] = homogeneous ? normalise(u[0]) : 0.0;
        System.arraycopy(u[0], 0, u0, 0, d);
        s0 = s[0];
        int t = 0;
        int k0 = 0;
        double known = Double.NaN;  // u[pos] . u[pos] when the last step computed it
        for (int k = 0; ; k++) {
            int pos = k - k0;
            if (pos == 0 && checkpointed()) {
                storeCheckpoint(k / segment, u[0], s[0]);
            }
            while (t < trajectory.length && trajectory[t] == k) {
                logNormH[t++] = s[pos] + StrictMath.log(Vectors.norm(u[pos], d));
            }
            if (k == depth) {
                break;
            }
            known = step(k, pos, known, streams);
            if (pos + 1 == segment && k + 1 < depth) {
                // Segment full: its last state starts the next one.
                System.arraycopy(u[segment], 0, u[0], 0, d);
                s[0] = s[segment];
                k0 = k + 1;
            }
        }
        segmentStart = k0;
        System.arraycopy(u[depth - k0], 0, uL, 0, d);
        sL = s[depth - k0];
    }

    /**
     * One forward layer from position pos to pos + 1, normalising a homogeneous state (with the squared
     * norm the layer returned when it did); returns u[pos + 1] . u[pos + 1] when known for the next layer.
     */
    private double step(int k, int pos, double known, TrialStreams streams) {
        double sq = forwardLayer(k, pos, u[pos], known, u[pos + 1], streams);
        if (!homogeneous) {
            s[pos + 1] = s[pos];
            return sq;
        }
        double[] next = u[pos + 1];
        s[pos + 1] = s[pos] + Vectors.normaliseKnown(next, d, sq == sq ? sq : Vectors.dot(next, next, d));
        return Double.NaN;  // normalised: its squared norm is near 1 but not known exactly
    }

    private void storeCheckpoint(int j, double[] state, double logScale) {
        if (checkpoint[j] == null) {
            checkpoint[j] = new double[d];
        }
        System.arraycopy(state, 0, checkpoint[j], 0, d);
        checkpointScale[j] = logScale;
    }

    /** Recomputes the segment starting at layer k0 from its checkpoint, re-reading the same streams. */
    private void recompute(int k0, TrialStreams streams) {
        System.arraycopy(checkpoint[k0 / segment], 0, u[0], 0, d);
        s[0] = checkpointScale[k0 / segment];
        int end = Math.min(depth, k0 + segment);
        double known = Double.NaN;
        for (int k = k0; k < end; k++) {
            known = step(k, k - k0, known, streams);
        }
        segmentStart = k0;
    }

    /**
     * Backward pass from p_L = e^{logScale} pL (pL is not modified), after {@link #forward}; the
     * result is p_0 = e^{return value} {@link #gradient()}.
     */
    public double backward(double[] pL, double logScale, TrialStreams streams) {
        System.arraycopy(pL, 0, q, 0, d);
        double t = logScale + normalise(q);
        System.arraycopy(q, 0, pLDirection, 0, d);
        int tj = trajectory.length - 1;
        while (tj >= 0 && trajectory[tj] == depth) {
            pLog[tj--] = t;
        }
        for (int k = depth - 1; k >= 0; k--) {
            if (k < segmentStart) {
                recompute(k - k % segment, streams);
            }
            int pos = k - segmentStart;
            double sq = backwardLayer(k, pos, u[pos], q, jtq, streams);
            t += Vectors.normaliseKnown(q, d, sq == sq ? sq : Vectors.axpySquaredNorm(alpha, jtq, q, d));
            while (tj >= 0 && trajectory[tj] == k) {
                pLog[tj--] = t;
            }
        }
        return t;
    }

    /**
     * h_k as plain doubles (may overflow at extreme depths), for k in the segment held in memory
     * (after {@link #forward}: the last one, which holds h_L). For tests.
     */
    public double[] hidden(int k) {
        int pos = k - segmentStart;
        if (pos < 0 || pos > Math.min(segment, depth - segmentStart)) {
            throw new IllegalArgumentException("layer " + k + " is not in the stored segment");
        }
        double[] h = u[pos].clone();
        double e = StrictMath.exp(s[pos]);
        for (int i = 0; i < d; i++) {
            h[i] *= e;
        }
        return h;
    }

    /** The unit direction of p_0 after {@link #backward}. */
    public double[] gradient() {
        return q.clone();
    }

    /** {@link Vectors#normalise} at this kernel's width. */
    protected final double normalise(double[] x) {
        return Vectors.normalise(x, d);
    }

    /** The trial's columns; without the backward pass ({@code backward} false) the gradient ones are NaN. */
    private TrialOutcome outcome(long trial, boolean backward) {
        double logH0 = s0 + StrictMath.log(Vectors.norm(u0, d));
        double logHL = sL + StrictMath.log(Vectors.norm(uL, d));
        double logRFwd = Vectors.logSquaredDistance(uL, sL, u0, s0, d) - 2 * logH0;
        double logHRatio = logHL - logH0;
        double pLog0 = backward ? pLog[0] : Double.NaN;
        double pLogL = backward ? pLog[trajectory.length - 1] : Double.NaN;
        double logRBwd = backward
                ? Vectors.logSquaredDistance(q, pLog0, pLDirection, pLogL, d) - 2 * pLogL : Double.NaN;
        double logPRatio = pLog0 - pLogL;
        double euler = Double.NaN;
        if (backward && homogeneous) {
            // p_0.h_0 = e^{pLog0 + logH0} (q.u0) and p_L.h_L = e^{pLogL + logHL} (pL.uL), unit directions.
            double a = StrictMath.exp(pLog0 + logH0 - pLogL - logHL) * Vectors.dot(q, u0, d);
            euler = Math.abs(a - Vectors.dot(pLDirection, uL, d));
        }
        double[] th = new double[trajectory.length];
        double[] tp = new double[trajectory.length];
        for (int j = 0; j < trajectory.length; j++) {
            th[j] = (logNormH[j] - logH0) / LN10;
            tp[j] = (pLog[j] - pLogL) / LN10; // NaN without the backward pass (pLogL is NaN)
        }
        double l10f = logRFwd / LN10;
        double l10b = logRBwd / LN10;
        boolean finite = Double.isFinite(l10f) && Double.isFinite(logHRatio) && Double.isFinite(logH0)
                && (!backward || Double.isFinite(l10b) && Double.isFinite(logPRatio));
        return new TrialOutcome(trial, l10f, l10b, logHRatio / LN10, logPRatio / LN10, logH0 / LN10, euler, finite, th,
                tp);
    }
}
