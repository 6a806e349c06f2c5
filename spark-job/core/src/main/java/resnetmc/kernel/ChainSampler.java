package resnetmc.kernel;

import org.apache.commons.rng.RandomProviderState;
import org.apache.commons.rng.RestorableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.WeightDistribution;
import resnetmc.model.WeightProcess;
import resnetmc.rng.TrialStreams;
import resnetmc.rng.dist.Binomial;
import resnetmc.rng.dist.Gamma;

/**
 * Exact O(1)-per-layer sampling of a trial's forward and backward passes for Gaussian weights
 * (THEORY.md section 6), whatever the width: the same {@link TrialOutcome} as the dense and conditional
 * samplers, in law.
 *
 * <p>Branches: res-3 (= res-2 ReLU), res-2 with leaky ReLU (slope s) or the identity, res-1 with the
 * identity: g = sigma(W h) with sigma(x) = x (x > 0), s x (x < 0), or g = h.
 *
 * <p>Forward. Given h_k, W h_k = (||h_k|| / sqrt d) z, so ||g_k||^2 = (||h_k||^2 / d) Q_k with
 * Q = X+ + s^2 X-, K ~ Binomial(d, 1/2) active units, X+ ~ chi2(K), X- ~ chi2(d - K) (identity:
 * Q ~ chi2(d); res-1: Q = d), and V g_k = (||g_k|| / sqrt d) xi, xi ~ N(0, I_d) fresh. With
 * e = h_0 / ||h_0|| and w_k the unit direction of h_k - (h_k . e) e, h_k = a_k e + b_k w_k and
 * xi = xi1 e + xi2 w_k + sqrt(Y) r, Y ~ chi2(d - 2), r uniform on the unit sphere of the complement
 * C_k of {e, w_k}: a_{k+1} = a_k + c xi1, b_{k+1} = sqrt((b_k + c xi2)^2 + c^2 Y),
 * c = t ||h_k||, t = alpha sqrt(Q) / d.
 *
 * <p>Backward (reverse time over the stored forward scalars of each layer). Conditioning V on V g = u
 * and W on W h = y (THEORY.md section 5): p_k = p' + alpha W^T D V^T p' with p' = p_{k+1} is
 * p_k = p' + t (xi . p') h^ + gamma (I - h^ h^^T) z, z ~ N(0, I_d) fresh, h^ = h_k / ||h_k||, where
 * y . D V^T p' = u . p' (Euler for sigma: sigma'(y) y = sigma(y)) gives the h^ term and
 * gamma = alpha ||D V^T p'|| / sqrt d with d ||D V^T p'||^2 = X2:
 * <ul>
 * <li>ReLU: X2 = (xi . p')^2 + ||p'||^2 chi2(K - 1) (0 when K = 0): D V^T p' is the active part of
 * g^ (u . p') / ||g|| + (I - g^ g^^T) (||p'|| / sqrt d) z1, and g^ lies in the active coordinates;</li>
 * <li>identity (res-2): X2 = (xi . p')^2 + ||p'||^2 chi2(d - 1); res-1: X2 = d ||p'||^2;</li>
 * <li>leaky ReLU: with ca = sqrt(X+ / Q), cn = s sqrt(X- / Q) the weights of g^ on the unit vectors of
 * its active and inactive parts, zeta_a, zeta_n ~ N(0, 1) the components of z1 on them and
 * omega = ca zeta_a + cn zeta_n, X2 = ((xi . p' - P omega) ca + P zeta_a)^2
 * + s^2 ((xi . p' - P omega) cn + P zeta_n)^2 + P^2 (chi2(K - 1) + s^2 chi2(d - K - 1)), P = ||p'||
 * (a term is absent when its part is empty). So the stored scalars are X+ and X- besides K.</li>
 * </ul>
 * p_k, and p_L (for r_bwd), are held in the frame {e, w_k, C_k} of layer k by their e and w_k
 * components and their C_k parts. The C parts span at most two dimensions: p_L's part has norm nq
 * along an anchor g, and delta = p - p_L (carried instead of p so that r_bwd keeps its relative
 * accuracy when p_0 is close to p_L) has components (dpar, dperp) on (g, g-perp). Each backward step:
 * <ol>
 * <li>v = -sin(theta) w_k + cos(theta) r, with the stored angle theta of the step, is uniform on the
 * unit sphere of C_{k+1} and independent of the C parts (past and future are independent given
 * h_{k+1}, and both laws are invariant under rotations of C_{k+1}): its coordinates on (g, g-perp, rest)
 * are (n1, n2, sqrt(chi2(d - 4))) normalised;</li>
 * <li>the frame turns back: w_k = cos(theta) w_{k+1} - sin(theta) v, and C_k = span(r) + (C_{k+1}
 * minus v), where r = sin(theta) w_{k+1} + cos(theta) v; the parts are re-expressed there and the
 * anchor recomputed explicitly in four coordinates;</li>
 * <li>the step above, with z's components on e, w_k, g, g-perp drawn as normals and the rest of its
 * C part as sqrt(chi2(d - 4)).</li>
 * </ol>
 * Euler's identity p_0 . h_0 = p_L . h_L holds trial by trial: the step changes p . h_k by exactly
 * t ||h_k|| (xi . p') = (h_{k+1} - h_k) . p'.
 *
 * <p>Numbers. Homogeneity lets ||h_0|| = 1 for the chain; ||h_0|| is drawn from its own law for the
 * log10_h0_norm column and the quadratic loss (h_0 = A x: ||h_0||^2 = (||x||^2 / 64) chi2(d)). The
 * forward state (a, a - 1, b) and the backward state delta carry a binary exponent and are rescaled by
 * an exact power of two when they leave [2^-256, 2^256], so norms past 1e308 (beta < 1/2) stay finite
 * with no logarithm per layer.
 *
 * <p>Streams and memory: every forward draw comes from the trial's one {@link TrialStreams#chainForward}
 * stream, every backward draw from {@link TrialStreams#chainBackward}, and h_0's norm and p_L from
 * {@link TrialStreams#inputs}. No draw depends on the chain's state, so each pass draws a block of layers
 * ahead (forward: {@link #FORWARD_BLOCK} layers, or the segment whose records are kept; backward: up to BLOCK
 * layers of a segment) in the same order as layer by layer, and then runs the state update over the block:
 * the generator's work stays out of the update's chain of square roots, which is what bounds a layer's
 * time. The backward pass needs each layer's forward scalars in reverse order: when (L records) fit in
 * {@link #FULL_STORAGE_BYTES} all are kept; otherwise the forward stream's state and the chain's state
 * are saved every c = ceil(sqrt(L)) layers and each segment is regenerated before it is walked backward:
 * O(sqrt L) memory, bit-identical results. d <= 3 is refused (the frame needs d - 4 >= 0). Not
 * thread-safe: one instance per task.
 */
public final class ChainSampler implements TrialKernel {
    /** Largest table of chi2(K) constants: 2^14 entries (256 KiB), d up to about 4e6. */
    static final int ACTIVE_TABLE_MAX = 1 << 14;
    /**
     * Layers of backward variates drawn ahead of the gradient's update (measured: 256 beats drawing layer by
     * layer by about 10 % at d = 1024, where the update's square roots and the draws then run apart).
     */
    static final int BLOCK = 256;
    /** Layers of forward records without the backward pass (the draws run LOOKAHEAD layers ahead inside). */
    static final int FORWARD_BLOCK = 64;
    /**
     * How many layers ahead of the state update the forward variates are drawn, within a block or segment (never
     * across a checkpoint, whose generator state must be its segment's first draw). Measured at d = 1024: 2 to 16
     * alike, 1.15-1.2x faster than drawing a block before updating it. The backward pass gained nothing from the
     * same arrangement (its update is bound by throughput, not by its chain of square roots), so it keeps its
     * blocks.
     */
    static final int LOOKAHEAD = 8;
    /** The backward block's 14 arrays of variates. */
    private static final long BACKWARD_BLOCK_BYTES = 14L * 8 * BLOCK;
    /** Per-layer records kept in full up to 8 MiB per trial (L about 1.5e5); above, checkpoints. */
    public static final long FULL_STORAGE_BYTES = 8L << 20;
    /** Smallest width: the backward overlaps draw chi2(d - 4). */
    public static final int MIN_WIDTH = Sampler.CHAIN_MIN_WIDTH;

    private static final double LN2 = StrictMath.log(2.0);
    private static final double LN10 = StrictMath.log(10.0);
    /** Rescaling threshold 2^256 and its step: squares of rescaled numbers stay within 2^+-600. */
    private static final double BIG = 0x1p256;
    private static final double SMALL = 0x1p-256;
    private static final int STEP = 256;
    /** Bytes of one saved checkpoint: the generator's state (4 longs and caches) and the chain state. */
    private static final long CHECKPOINT_BYTES = 168;

    /** The branch kinds the chain supports. */
    private enum Branch { RELU, LEAKY, IDENTITY, RES1_IDENTITY }

    private final Cell cell;
    private final Branch branch;
    private final int d;
    private final int depth;
    private final double alpha;
    /** alpha / d: t = (alpha / d) sqrt(Q). */
    private final double alphaOverD;
    private final double slope2;
    private final double slope;
    private final boolean backward;
    private final int[] trajectory;
    private final int segment;

    // Per-layer records of the segment in memory (index k - segmentStart).
    private final double[] recA;   // a_k / ||h_k||
    private final double[] recB;   // b_k / ||h_k||
    private final double[] recT;   // t_k = c_k / ||h_k||
    private final double[] recXi1;
    private final double[] recXi2;
    private final double[] recY;   // Y on drawing, sqrt(Y) once recorded
    private final double[] recCs;  // cos and sin of the step's turn of w: w_{k+1} = cos w_k + sin r
    private final double[] recSn;
    private final int[] recK;
    private final double[] recXp;  // leaky: X+, X-
    private final double[] recXn;
    // Backward variates of the current block (index blockEnd - 1 - k).
    private final double[] bN1 = new double[BLOCK];
    private final double[] bN2 = new double[BLOCK];
    private final double[] bZr = new double[BLOCK];
    private final double[] bOff = new double[BLOCK];
    private final double[] bX = new double[BLOCK];
    private final double[] bZe = new double[BLOCK];
    private final double[] bZw = new double[BLOCK];
    private final double[] bY1 = new double[BLOCK];
    private final double[] bY2 = new double[BLOCK];
    private final double[] bZrest = new double[BLOCK];
    private final double[] bZa = new double[BLOCK];
    private final double[] bZn = new double[BLOCK];
    private final double[] bRa = new double[BLOCK];
    private final double[] bRn = new double[BLOCK];
    // Checkpoints: generator state and (a, da, b, exponent) at layer j c.
    private final RandomProviderState[] cpState;
    private final double[] cpA;
    private final double[] cpDa;
    private final double[] cpB;
    private final double[] cpN2;
    private final int[] cpE;
    private int checkpointsSaved;
    private int segmentStart;

    // Forward state: h_k = (a e + b w_k) 2^exp with ||h_0|| = 1; da = a - 1 in the same units.
    private double a;
    private double da;
    private double b;
    /** ||h_k||^2 in the same units, carried: c = (alpha / d) sqrt(Q ||h_k||^2) takes one root. */
    private double n2;
    private int exp;
    /** Next trajectory layer to log in the forward pass. */
    private int trajectoryNext;

    private final double[] logH;   // log ||h_k|| / ||h_0|| at the trajectory layers
    private final double[] logP;   // log ||p_k|| / ||p_L|| at the trajectory layers

    // Per-trial samplers.
    private RestorableUniformRandomProvider fwdRng;
    private ZigguratSampler.NormalizedGaussian fwdNormal;
    private Gamma fwdGamma;
    private Gamma.ChiSquared fwdY;      // chi2(d - 2)
    private Gamma.ChiSquared fwdQ;      // chi2(d): identity branch
    private Gamma.ChiSquaredRange activeChi2; // chi2(K), constants tabulated over K's likely range
    private Gamma.ChiSquaredRange activeBwd;  // chi2(K - 1) in the backward pass
    private final Binomial active;      // Binomial(d, 1/2)
    /** chi2(K) and chi2(K - 1) constants over K's likely range, computed once per sampler. */
    private final Gamma.RangeConstants activeConstants;
    private final Gamma.RangeConstants activeBwdConstants;

    public ChainSampler(Cell cell, int[] trajectoryLayers, boolean backward) {
        this(cell, trajectoryLayers, backward, FULL_STORAGE_BYTES);
    }

    /** With a given budget for per-layer records; above it the backward pass regenerates segments. */
    ChainSampler(Cell cell, int[] trajectoryLayers, boolean backward, long storageBytes) {
        String why = unsupported(cell);
        if (why != null) {
            throw new IllegalArgumentException("cell " + cell.key() + ": " + why);
        }
        this.cell = cell;
        this.branch = branchOf(cell);
        this.d = cell.width();
        this.depth = cell.depth();
        this.alpha = cell.alpha();
        this.alphaOverD = alpha / d;
        this.slope = branch == Branch.LEAKY ? cell.activation().slope() : branch == Branch.RELU ? 0.0 : 1.0;
        this.slope2 = slope * slope;
        this.backward = backward;
        this.trajectory = trajectoryLayers.clone();
        this.logH = new double[trajectory.length];
        this.logP = new double[trajectory.length];
        this.active = Binomial.of(d, 0.5);
        // K ~ Binomial(d, 1/2) lies within 8 sd of d / 2 but with probability 1e-15: tabulate chi2(K)'s
        // constants there when that takes at most ACTIVE_TABLE_MAX entries.
        double sd = 0.5 * Math.sqrt(d);
        long lo = Math.max(0, (long) Math.floor(0.5 * d - 8 * sd));
        long hi = Math.min(d, (long) Math.ceil(0.5 * d + 8 * sd));
        boolean tab = (branch == Branch.RELU) && hi - lo + 1 <= ACTIVE_TABLE_MAX;
        this.activeConstants = new Gamma.RangeConstants(tab ? lo : 0, tab ? (int) (hi - lo + 1) : 0);
        this.activeBwdConstants = new Gamma.RangeConstants(tab ? Math.max(0, lo - 1) : 0,
                tab && backward ? (int) (hi - lo + 1) : 0);
        this.segment = !backward ? 0 : (long) depth * recordBytes(branch) <= storageBytes ? depth
                : (int) Math.ceil(Math.sqrt(depth));
        int positions = backward ? segment : FORWARD_BLOCK;   // forward only: one block, whatever the depth
        recA = new double[positions];
        recB = new double[positions];
        recT = new double[positions];
        recXi1 = new double[positions];
        recXi2 = new double[positions];
        recY = new double[positions];
        recCs = new double[backward ? positions : 0];
        recSn = new double[backward ? positions : 0];
        recK = new int[branch == Branch.RELU || branch == Branch.LEAKY ? positions : 0];
        recXp = new double[branch == Branch.LEAKY ? positions : 0];
        recXn = new double[branch == Branch.LEAKY ? positions : 0];
        int checkpoints = backward && segment < depth ? (depth - 1) / segment + 1 : 0;
        cpState = new RandomProviderState[checkpoints];
        cpA = new double[checkpoints];
        cpDa = new double[checkpoints];
        cpB = new double[checkpoints];
        cpN2 = new double[checkpoints];
        cpE = new int[checkpoints];
    }

    // ------------------------------------------------------------------ what the scheduler needs

    /**
     * Null if the chain samples this cell exactly, else the reason it cannot: the chain needs i.i.d.
     * Gaussian weights and a branch whose law depends on h only through ||h||, and d >= 4.
     */
    public static String unsupported(Cell cell) {
        return Sampler.chainConflict(cell.arch(), cell.activation(), cell.distribution(), cell.weights(),
                cell.width());
    }

    /** Cost of one trial in the units of {@link Cell#cost()} (Gaussian draws): {@link Sampler#chainCost}. */
    public static double cost(Cell cell, boolean backward) {
        return Sampler.chainCost(cell.depth(), backward, checkpointed(cell));
    }

    /** Bytes a trial keeps: the per-layer records (all, or a segment and the checkpoints). */
    public static long bytesPerTrial(Cell cell, boolean backward) {
        long rec = recordBytes(branchOf(cell));
        long fixed = 1024 + BACKWARD_BLOCK_BYTES;
        if (!backward) {
            return FORWARD_BLOCK * rec + fixed;
        }
        if (!checkpointed(cell)) {
            return rec * cell.depth() + fixed;
        }
        long c = (long) Math.ceil(Math.sqrt(cell.depth()));
        return c * rec + ((cell.depth() - 1) / c + 1) * CHECKPOINT_BYTES + fixed;
    }

    private static boolean checkpointed(Cell cell) {
        return (long) cell.depth() * recordBytes(branchOf(cell)) > FULL_STORAGE_BYTES;
    }

    private static long recordBytes(Branch branch) {
        return 8 * 8 + (branch == Branch.LEAKY ? 2 * 8 + 4 : branch == Branch.RELU ? 4 : 0);
    }

    private static Branch branchOf(Cell cell) {
        if (cell.arch() == Architecture.RES_1) {
            return Branch.RES1_IDENTITY;
        }
        return switch (cell.activation().kind()) {
            case RELU -> Branch.RELU;
            case LEAKY_RELU -> Branch.LEAKY;
            default -> Branch.IDENTITY;
        };
    }

    /** Whether the backward pass regenerates segments from checkpoints. */
    public boolean checkpointed() {
        return backward && segment < depth;
    }

    /** Checkpoints saved by the last trial (0 with full storage or without the backward pass). */
    public int checkpointsSaved() {
        return checkpointsSaved;
    }

    /** Per-layer records held at once: L with full storage, ceil(sqrt L) with checkpoints. */
    public int recordCapacity() {
        return recA.length;
    }

    // ------------------------------------------------------------------ one trial

    @Override
    public TrialOutcome run(TrialStreams streams) {
        UniformRandomProvider in = streams.inputs();
        ZigguratSampler.NormalizedGaussian inNormal = ZigguratSampler.NormalizedGaussian.of(in);
        Gamma inGamma = Gamma.of(in, inNormal);
        double logH0 = logInputNorm(in, inGamma);

        fwdRng = streams.chainForward();
        fwdNormal = ZigguratSampler.NormalizedGaussian.of(fwdRng);
        fwdGamma = Gamma.of(fwdRng, fwdNormal);
        fwdY = fwdGamma.fixed(d - 2L);
        fwdQ = fwdGamma.fixed(d);
        activeChi2 = fwdGamma.range(activeConstants);
        forward();
        double nhL = Math.sqrt(n2);
        double logHL = exp * LN2 + 0.5 * StrictMath.log(n2);
        double log10RFwd = (StrictMath.log(da * da + b * b) + 2 * exp * LN2) / LN10;
        double[] th = new double[trajectory.length];
        for (int j = 0; j < th.length; j++) {
            th[j] = logH[j] / LN10;
        }
        double log10HRatio = logHL / LN10;
        if (!backward) {
            double[] tp = new double[trajectory.length];
            java.util.Arrays.fill(tp, Double.NaN);
            boolean finite = Double.isFinite(log10RFwd) && Double.isFinite(log10HRatio) && Double.isFinite(logH0);
            return new TrialOutcome(streams.trial(), log10RFwd, Double.NaN, log10HRatio, Double.NaN, logH0 / LN10,
                    Double.NaN, finite, th, tp);
        }
        double aHatL = a / nhL;
        double bHatL = b / nhL;
        double[] q = initialGradient(in, inNormal, inGamma, aHatL, bHatL, logH0 + logHL);
        return backwardPass(streams, q, aHatL, bHatL, nhL, logH0, log10RFwd, log10HRatio, th);
    }

    /** log ||h_0||: h_0 = A x, A with N(0, 1/64) entries, so ||h_0||^2 = (||x||^2 / 64) chi2(d). */
    private double logInputNorm(UniformRandomProvider in, Gamma g) {
        InputKind kind = cell.input();
        if (kind == InputKind.UNIT) {
            return 0.0;
        }
        int nIn = InputKind.INPUT_DIMENSION;
        double x2;
        if (kind == InputKind.GAUSSIAN) {
            x2 = g.chiSquared(nIn);
        } else {
            x2 = 0;
            for (int j = 0; j < nIn; j++) {
                double x = in.nextDouble();
                x2 += x * x;
            }
        }
        return 0.5 * StrictMath.log(x2 / nIn * g.chiSquared(d));
    }

    /**
     * p_L in the frame of layer L, up to a positive factor (every output is scale-invariant in p_L):
     * {e, w_L, |C part|}. Random direction and scalar output: an isotropic direction (the scalar
     * output's p_L is +-b / ||b|| times a scalar, b Gaussian and independent of the weights).
     * Quadratic (10 outputs, y ~ N(0, I)): B conditioned on t = B h_L (THEORY.md section 6),
     * p_L = h^ t.(t - y) / ||h_L|| + (||t - y|| / sqrt d)(I - h^ h^^T) z with t = lambda zeta,
     * lambda = ||h_L|| / sqrt d, divided by max(lambda, 1) so that it stays finite.
     */
    private double[] initialGradient(UniformRandomProvider in, ZigguratSampler.NormalizedGaussian normal, Gamma g,
                                     double aHat, double bHat, double logHL) {
        if (cell.loss() != LossKind.QUADRATIC) {
            return new double[] {normal.sample(), normal.sample(), Math.sqrt(g.chiSquared(d - 2L))};
        }
        int m = LossKind.OUTPUT_DIMENSION;
        double logLambda = logHL - 0.5 * StrictMath.log(d);
        double logM = Math.max(logLambda, 0.0);
        double lam = StrictMath.exp(logLambda - logM);
        double yScale = StrictMath.exp(-logM);
        double[] zeta = new double[m];
        for (int i = 0; i < m; i++) {
            zeta[i] = normal.sample();
        }
        double along = 0;
        double resid2 = 0;
        for (int i = 0; i < m; i++) {
            double diff = lam * zeta[i] - normal.sample() * yScale;
            along += zeta[i] * diff;
            resid2 += diff * diff;
        }
        double across = Math.sqrt(resid2);
        double ze = normal.sample();
        double zw = normal.sample();
        double zc = Math.sqrt(g.chiSquared(d - 2L));
        double sh = aHat * ze + bHat * zw;
        return new double[] {aHat * along + across * (ze - aHat * sh), bHat * along + across * (zw - bHat * sh),
                across * zc};
    }

    // ------------------------------------------------------------------ forward

    private void forward() {
        a = 1.0;
        da = 0.0;
        b = 0.0;
        n2 = 1.0;
        exp = 0;
        checkpointsSaved = 0;
        trajectoryNext = 0;
        boolean checkpoints = backward && segment < depth;
        // Backward: a segment at a time (its records are kept); forward only: blocks of BLOCK layers.
        int block = backward ? segment : FORWARD_BLOCK;
        int k0 = 0;
        for (int k = 0; k < depth; k += block) {
            if (checkpoints) {
                saveCheckpoint(k / segment);
            }
            int n = Math.min(block, depth - k);
            // With checkpoints only the last segment's records are kept; the others are regenerated.
            advance(k, n, backward && (!checkpoints || k + n == depth), true);
            k0 = k;
        }
        logTrajectory(depth);
        segmentStart = k0;
    }

    private void saveCheckpoint(int j) {
        cpState[j] = fwdRng.saveState();
        cpA[j] = a;
        cpDa[j] = da;
        cpB[j] = b;
        cpN2[j] = n2;
        cpE[j] = exp;
        checkpointsSaved++;
    }

    /** Regenerates the records of the segment starting at layer k0 from its checkpoint. */
    private void regenerate(int k0) {
        int j = k0 / segment;
        fwdRng.restoreState(cpState[j]);
        a = cpA[j];
        da = cpDa[j];
        b = cpB[j];
        n2 = cpN2[j];
        exp = cpE[j];
        int n = Math.min(segment, depth - k0);
        advance(k0, n, true, false);
        segmentStart = k0;
    }

    /**
     * Draws the forward variates of the layer at position i of the records, in the order K, X+ (X-, or Q), xi1,
     * xi2, Y. None depends on the chain's state, so they may be drawn ahead of the state update: called in the
     * order of the positions, the stream gives the same numbers as drawing layer by layer.
     */
    private void drawAt(int i) {
        switch (branch) {
            case RELU -> {
                int kk = active.sample(fwdRng);
                recK[i] = kk;
                recT[i] = activeChi2.sample(kk);
            }
            case LEAKY -> {
                int kk = active.sample(fwdRng);
                double xp = fwdGamma.chiSquared(kk);
                double xn = fwdGamma.chiSquared(d - kk);
                recK[i] = kk;
                recXp[i] = xp;
                recXn[i] = xn;
                recT[i] = xp + slope2 * xn;
            }
            case IDENTITY -> recT[i] = fwdQ.sample();
            default -> recT[i] = d;
        }
        recXi1[i] = fwdNormal.sample();
        recXi2[i] = fwdNormal.sample();
        recY[i] = fwdY.sample();
    }

    /**
     * The state update over layers k0..k0+n-1 (positions 0..n-1 of the records), each layer's variates drawn
     * {@link #LOOKAHEAD} layers ahead into the records (recT holds Q until the update reads it); with
     * {@code record} each layer's direction (a, b) / ||h_k|| and t = (alpha / d) sqrt(Q) are kept for the
     * backward pass, with {@code log} the trajectory. Only two square roots lie on the chain from one
     * layer to the next, side by side: c = (alpha / d) sqrt(Q ||h_k||^2) and b' (||h_{k+1}||^2 is formed
     * from b'^2, not from b'); the roots for the records are off that chain.
     */
    private void advance(int k0, int n, boolean record, boolean log) {
        int ahead = Math.min(LOOKAHEAD, n);
        for (int i = 0; i < ahead; i++) {
            drawAt(i);
        }
        for (int i = 0; i < n; i++) {
            // The draws of layer i + LOOKAHEAD, independent of this update, sit in the same iteration so that the
            // processor runs them while the update waits on its square roots (software pipelining).
            if (i + LOOKAHEAD < n) {
                drawAt(i + LOOKAHEAD);
            }
            if (log) {
                logTrajectory(k0 + i);
            }
            double q = recT[i];
            double c = alphaOverD * Math.sqrt(q * n2);
            if (record) {
                double inv = 1.0 / Math.sqrt(n2);
                recA[i] = a * inv;
                recB[i] = b * inv;
                recT[i] = c * inv;   // t = c / ||h_k|| = (alpha / d) sqrt(Q)
            }
            double cx = c * recXi1[i];
            a += cx;
            da += cx;
            double y = recY[i];
            double bb = b + c * recXi2[i];
            double b2 = bb * bb + c * c * y;
            b = Math.sqrt(b2);
            n2 = a * a + b2;
            if (record) {
                double sy = Math.sqrt(y);
                recY[i] = sy;
                if (b > 0) {
                    double ib = 1.0 / b;
                    recCs[i] = bb * ib;
                    recSn[i] = c * sy * ib;
                } else {
                    recCs[i] = 1.0;
                    recSn[i] = 0.0;
                }
            }
            double m = Math.abs(a) + b;
            if (m > BIG) {
                rescale(-STEP);
            } else if (m < SMALL && m > 0) {
                rescale(STEP);
            }
        }
    }

    /** log ||h_k|| / ||h_0|| at trajectory layer k. */
    private void logTrajectory(int k) {
        while (trajectoryNext < trajectory.length && trajectory[trajectoryNext] == k) {
            logH[trajectoryNext++] = exp * LN2 + 0.5 * StrictMath.log(n2);
        }
    }

    /** Multiplies the forward state by 2^shift (exact). */
    private void rescale(int shift) {
        a = Math.scalb(a, shift);
        da = Math.scalb(da, shift);
        b = Math.scalb(b, shift);
        n2 = Math.scalb(n2, 2 * shift);
        exp -= shift;
    }

    // ------------------------------------------------------------------ backward

    private TrialOutcome backwardPass(TrialStreams streams, double[] q0, double aHatL, double bHatL, double nhL,
                                      double logH0, double log10RFwd, double log10HRatio, double[] th) {
        UniformRandomProvider rng = streams.chainBackward();
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        Gamma gamma = Gamma.of(rng, normal);
        Gamma.ChiSquared chiDm4 = gamma.fixed(d - 4L);
        Gamma.ChiSquared chiDm1 = gamma.fixed(d - 1L);
        activeBwd = gamma.range(activeBwdConstants);
        int expL = exp;
        // p_L = q (unit scale); delta = p - p_L in units of 2^f.
        double qe = q0[0];
        double qw = q0[1];
        double nq = q0[2];
        final double qwL = qw;
        double qNorm = Math.sqrt(qe * qe + qw * qw + nq * nq);
        double de = 0;
        double dw = 0;
        double dpar = 0;
        double dperp = 0;
        int f = 0;
        double sigma = 1.0;
        int tj = trajectory.length - 1;
        while (tj >= 0 && trajectory[tj] == depth) {
            logP[tj--] = 0.0;
        }
        int blockEnd = depth;   // the drawn block holds layers [blockLow, blockEnd)
        int blockLow = depth;
        for (int k = depth - 1; k >= 0; k--) {
            if (k < segmentStart) {
                regenerate(k - k % segment);
            }
            if (k < blockLow) {
                blockEnd = k + 1;
                blockLow = Math.max(segmentStart, blockEnd - BLOCK);
                drawBackward(blockLow, blockEnd, rng, normal, gamma, chiDm4, chiDm1);
            }
            int j = blockEnd - 1 - k;
            int pos = k - segmentStart;
            double ah = recA[pos];
            double bh = recB[pos];
            double t = recT[pos];
            double xi1 = recXi1[pos];
            double xi2 = recXi2[pos];
            double sy = recY[pos];
            double cs = recCs[pos];
            double sn = recSn[pos];

            // 1. v uniform on the sphere of C_{k+1}: coordinates (v1, v2, v3) on (g, g-perp, rest); only
            // v3^2 enters below.
            double v1 = bN1[j];
            double v2 = bN2[j];
            double v3sq = bZr[j];
            double off1 = bOff[j];      // 1 - v1^2
            double qv = nq * v1;
            double dv = dpar * v1 + dperp * v2;
            // 2. Back to the frame of layer k: w_k = cos w_{k+1} - sin v, r = sin w_{k+1} + cos v.
            double qwk = cs * qw - sn * qv;
            double qr = sn * qw + cs * qv;
            double dwk = cs * dw - sn * dv;
            double dr = sn * dw + cs * dv;
            // C_k parts on (r, g, g-perp, rest): the r component and what is left of the C_{k+1} part
            // (the rest components are q3 = -qv v3 and r3 = -dv v3).
            double q1 = nq * off1;
            double q2 = -qv * v2;
            double r1 = dpar * off1 - dperp * v1 * v2;
            double r2 = dperp - dv * v2;
            double nqk = Math.sqrt(qr * qr + q1 * q1 + q2 * q2 + qv * qv * v3sq);
            double dpark;
            double dperpk2;   // its square enters ||p'||^2 directly, its root only the update of dperp
            if (nqk > 0) {
                double inq = 1.0 / nqk;
                dpark = (dr * qr + r1 * q1 + r2 * q2 + dv * qv * v3sq) * inq;
                double u = dpark * inq;
                double e0 = dr - u * qr;
                double e1 = r1 - u * q1;
                double e2 = r2 - u * q2;
                double e3 = dv - u * qv;          // the rest component is -v3 times this
                dperpk2 = e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 * v3sq;
            } else {
                dpark = 0;
                dperpk2 = dr * dr + r1 * r1 + r2 * r2 + dv * dv * v3sq;
            }
            double dperpk = Math.sqrt(dperpk2);
            qw = qwk;
            nq = nqk;
            dw = dwk;
            dpar = dpark;
            dperp = dperpk;

            // 3. p_k = p' + t (xi . p') h^ + gamma (I - h^ h^^T) z, in units of 2^f.
            double pe = de + sigma * qe;
            double pw = dw + sigma * qw;
            double pr = dr + sigma * qr;
            double pc = dpar + sigma * nq;
            double xp = xi1 * pe + xi2 * pw + sy * pr;
            double pp = pe * pe + pw * pw + pc * pc + dperpk2;
            double x2 = switch (branch) {
                case RELU -> recK[pos] == 0 ? 0.0 : xp * xp + pp * bX[j];
                case IDENTITY -> xp * xp + pp * bX[j];
                case RES1_IDENTITY -> d * pp;
                case LEAKY -> leakyX2(xp, pp, recK[pos], recXp[pos], recXn[pos], bZa[j], bZn[j], bRa[j], bRn[j]);
            };
            double gam = alphaOverD * Math.sqrt(x2);
            double ze = bZe[j];
            double zw = bZw[j];
            double y1 = bY1[j];
            double y2 = bY2[j];
            double zrest = bZrest[j];
            double sh = ah * ze + bh * zw;
            double along = t * xp;
            de += ah * along + gam * (ze - ah * sh);
            dw += bh * along + gam * (zw - bh * sh);
            dpar += gam * y1;
            double dp2 = dperp + gam * y2;
            dperp = Math.sqrt(dp2 * dp2 + gam * gam * zrest);
            double dn = Math.abs(de) + Math.abs(dw) + Math.abs(dpar) + dperp;
            if (dn > BIG) {
                de = Math.scalb(de, -STEP);
                dw = Math.scalb(dw, -STEP);
                dpar = Math.scalb(dpar, -STEP);
                dperp = Math.scalb(dperp, -STEP);
                f += STEP;
                sigma = Math.scalb(1.0, -f);
            }
            while (tj >= 0 && trajectory[tj] == k) {
                logP[tj--] = logNorm(de, dw, dpar, dperp, qe, qw, nq, sigma, f) - StrictMath.log(qNorm);
            }
        }
        double logPRatio = logNorm(de, dw, dpar, dperp, qe, qw, nq, sigma, f) - StrictMath.log(qNorm);
        double log10RBwd = (StrictMath.log(de * de + dw * dw + dpar * dpar + dperp * dperp) + 2 * f * LN2
                - 2 * StrictMath.log(qNorm)) / LN10;
        // Euler: p_0 . h_0 = (de + sigma qe) 2^f (||h_0|| = 1), p_L . h_L = (qe a^_L + qw_L b^_L) ||h_L||.
        double lhs = Math.scalb((de + sigma * qe) / nhL, f - expL);
        double euler = Math.abs(lhs - (qe * aHatL + qwL * bHatL)) / qNorm;
        double[] tp = new double[trajectory.length];
        for (int j = 0; j < tp.length; j++) {
            tp[j] = logP[j] / LN10;
        }
        double log10PRatio = logPRatio / LN10;
        boolean finite = Double.isFinite(log10RFwd) && Double.isFinite(log10RBwd) && Double.isFinite(log10HRatio)
                && Double.isFinite(log10PRatio) && Double.isFinite(logH0);
        return new TrialOutcome(streams.trial(), log10RFwd, log10RBwd, log10HRatio, log10PRatio, logH0 / LN10, euler,
                finite, th, tp);
    }

    /**
     * Draws the backward variates of layers blockEnd - 1 down to blockLow into the block arrays (index
     * blockEnd - 1 - k), in the order the layer-by-layer pass takes them: v's n1, n2, chi2(d - 4); the
     * branch's chi-square (ReLU: chi2(K - 1) when K > 0; identity: chi2(d - 1); leaky ReLU: zeta_a,
     * zeta_n, chi2(K - 1), chi2(d - K - 1) where their parts exist); z's four normals and chi2(d - 4).
     * None depends on the gradient's state, so drawing ahead changes no number.
     */
    private void drawBackward(int blockLow, int blockEnd, UniformRandomProvider rng,
                              ZigguratSampler.NormalizedGaussian normal, Gamma gamma, Gamma.ChiSquared chiDm4,
                              Gamma.ChiSquared chiDm1) {
        for (int k = blockEnd - 1, j = 0; k >= blockLow; k--, j++) {
            double n1 = normal.sample();
            double n2 = normal.sample();
            double zr = chiDm4.sample();
            // v = (n1, n2, sqrt(zr)) / norm: its coordinates v1, v2, v3^2 and 1 - v1^2.
            double inn = 1.0 / Math.sqrt(n1 * n1 + n2 * n2 + zr);
            double inn2 = inn * inn;
            bN1[j] = n1 * inn;
            bN2[j] = n2 * inn;
            bZr[j] = zr * inn2;
            bOff[j] = (n2 * n2 + zr) * inn2;
            switch (branch) {
                case RELU -> {
                    int kk = recK[k - segmentStart];
                    bX[j] = kk == 0 ? 0.0 : activeBwd.sample(kk - 1L);
                }
                case IDENTITY -> bX[j] = chiDm1.sample();
                case LEAKY -> {
                    int kk = recK[k - segmentStart];
                    bZa[j] = kk > 0 ? normal.sample() : 0.0;
                    bZn[j] = kk < d ? normal.sample() : 0.0;
                    bRa[j] = kk > 0 ? gamma.chiSquared(kk - 1L) : 0.0;
                    bRn[j] = kk < d ? gamma.chiSquared(d - kk - 1L) : 0.0;
                }
                default -> { }
            }
            bZe[j] = normal.sample();
            bZw[j] = normal.sample();
            bY1[j] = normal.sample();
            bY2[j] = normal.sample();
            bZrest[j] = chiDm4.sample();
        }
    }

    /** log ||p|| with p = delta + sigma q, in units of 2^f. */
    private static double logNorm(double de, double dw, double dpar, double dperp, double qe, double qw, double nq,
                                  double sigma, int f) {
        double pe = de + sigma * qe;
        double pw = dw + sigma * qw;
        double pc = dpar + sigma * nq;
        return 0.5 * StrictMath.log(pe * pe + pw * pw + pc * pc + dperp * dperp) + f * LN2;
    }

    /**
     * d ||D V^T p'||^2 for leaky ReLU (class comment), with xp = xi . p' = sqrt(d) (u . p') / ||g|| and
     * pp = ||p'||^2; K active units with chi-squares X+ (active) and X- (inactive) from the forward pass.
     */
    private double leakyX2(double xp, double pp, int kk, double xPlus, double xMinus, double za, double zn,
                           double restA, double restN) {
        double q = xPlus + slope2 * xMinus;
        double ca = kk > 0 ? Math.sqrt(xPlus / q) : 0.0;
        // slope 0 (leaky ReLU that is ReLU, which the grid accepts): q = 0 on a dead layer, and cn enters only
        // multiplied by the slope
        double cn = kk < d && slope != 0 ? slope * Math.sqrt(xMinus / q) : 0.0;
        double p = Math.sqrt(pp);
        double omega = ca * za + cn * zn;
        double m = xp - p * omega;
        double ta = m * ca + p * za;
        double tn = m * cn + p * zn;
        return ta * ta + slope2 * tn * tn + pp * (restA + slope2 * restN);
    }
}
