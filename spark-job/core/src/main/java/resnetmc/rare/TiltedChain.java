package resnetmc.rare;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import resnetmc.model.Cell;
import resnetmc.model.Sampler;
import resnetmc.rng.RandomStreams;
import resnetmc.rng.dist.Binomial;
import resnetmc.rng.dist.Gamma;
import resnetmc.stats.MeanInterval;
import resnetmc.theory.normlaw.Branch;

/**
 * Importance sampling of the forward chain of THEORY.md section 6 (Gaussian weights, a branch whose law
 * depends on h only through ||h||) for events far in the tail of {@code log rho^2 = log ||h_L||^2/||h_0||^2}
 * or of {@code log r_fwd}.
 *
 * <p>The tilt. Each layer draws K, the chi-squares of Q, two normals (xi1, xi2) on the frame {e, w_k} and
 * Y ~ chi2(d - 2), exactly as {@code ChainSampler}. The tilted chain draws the normal pair from
 * N(mu u_k, I_2) instead of N(0, I_2), where u_k is a unit vector of the frame chosen from the past (h_k's
 * direction for the norm ratio; the direction of h_k - h_0 for r_fwd): an exponential tilt of the
 * projection xi . u_k, which is the leading term of the layer's log R = log ||h_{k+1}||^2/||h_k||^2
 * (2 t_k xi . h^_k + O(t^2)). The likelihood ratio of a trial is the product of the layers' ratios of
 * normal densities, {@code prod exp(-mu u_k . z_k - mu^2 / 2)} with z_k the centred draws (u_k is
 * predictable, so the product is a martingale and E_tilted[ratio 1{event}] = P(event) exactly, whatever mu);
 * K, Q and Y are not tilted. mu is chosen so that the mean path of the tilted chain (the chain with its
 * draws replaced by their means, in at most 2000 steps) ends on the threshold: the large-deviation path
 * of a sum of L nearly Gaussian terms, for which the estimator's relative error stays bounded as the
 * probability falls (measured against the exact tail in {@code TiltedChainTest}).
 *
 * <p>The interval is the normal one on the weighted indicators: asymptotic, its coverage measured on the norm
 * ratio in the tests. Streams: trial i of estimate j of a cell uses {@link RandomStreams#rare}, so an
 * estimate is the same on any machine and with any partitioning. Not thread-safe.
 */
public final class TiltedChain {
    /** The quantity whose tail is estimated. */
    public enum Target {
        /** {@code log(||h_L||^2 / ||h_0||^2)}: its exact law is {@code NormRatioLaw}. */
        LOG_RHO2,
        /** {@code log r_fwd = log(||h_L - h_0||^2 / ||h_0||^2)}. */
        LOG_R_FWD
    }

    private static final double LN2 = StrictMath.log(2.0);
    private static final double BIG = 0x1p256;
    private static final double SMALL = 0x1p-256;
    private static final int STEP = 256;
    private static final int MEAN_PATH_STEPS = 2000;

    private final Branch branch;
    private final int d;
    private final int depth;
    private final double alpha;
    private final double alphaOverD;
    private final double slope2;
    private final Binomial active;

    // trial state: h = (a e + b w) 2^exp, da = a - 1 in the same units
    private double a;
    private double da;
    private double b;
    private int exp;

    /**
     * @param branch the branch (its kind and negative slope)
     * @param d      width, {@code >= 4} (as the chain sampler)
     * @param depth  L, {@code >= 1}
     * @param alpha  the residual scale, {@code > 0}
     */
    public TiltedChain(Branch branch, int d, int depth, double alpha) {
        if (d < Sampler.CHAIN_MIN_WIDTH || depth < 1 || !(alpha > 0)) {
            throw new IllegalArgumentException("need d >= " + Sampler.CHAIN_MIN_WIDTH + ", L >= 1, alpha > 0; got "
                    + d + ", " + depth + ", " + alpha);
        }
        this.branch = branch;
        this.d = d;
        this.depth = depth;
        this.alpha = alpha;
        this.alphaOverD = alpha / d;
        this.slope2 = branch.slope() * branch.slope();
        this.active = Binomial.of(d, 0.5);
    }

    /** The branch of the norm law for a cell, null when the cell has none (see {@link #unsupported}). */
    public static Branch branchOf(Cell cell) {
        return unsupported(cell) != null ? null : Branch.of(cell).orElse(null);
    }

    /** Null if the chain (and the norm law) describe this cell exactly, else why not. */
    public static String unsupported(Cell cell) {
        return Sampler.chainConflict(cell.arch(), cell.activation(), cell.distribution(), cell.weights(),
                cell.width());
    }

    /** The tilted chain of a supported cell. */
    public static TiltedChain of(Cell cell) {
        Branch br = branchOf(cell);
        if (br == null) {
            throw new IllegalArgumentException("cell " + cell.key() + ": " + unsupported(cell));
        }
        return new TiltedChain(br, cell.width(), cell.depth(), cell.alpha());
    }

    // ------------------------------------------------------------------ estimate

    /**
     * P(quantity > threshold) ({@code upper}) or P(quantity <= threshold), by {@code n} tilted trials.
     *
     * @param logThreshold the threshold on the natural log of rho^2 or of r_fwd
     * @param seed, cellId, estimateId the streams ({@link RandomStreams#rare})
     * @param confidence   two-sided level of the interval
     */
    public RareEstimate estimate(Target target, boolean upper, double logThreshold, int n, long seed, long cellId,
                                 int estimateId, double confidence) {
        return estimate(target, upper, logThreshold, tilt(target, upper, logThreshold), n, seed, cellId, estimateId,
                confidence);
    }

    /** The same with a given tilt {@code mu} (0: plain Monte Carlo). */
    public RareEstimate estimate(Target target, boolean upper, double logThreshold, double mu, int n, long seed,
                                 long cellId, int estimateId, double confidence) {
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 trials, got " + n);
        }
        return combine(logWeights(target, upper, logThreshold, mu, 0, n, seed, cellId, estimateId), mu, confidence);
    }

    /**
     * The log weights of trials {@code from .. to - 1} of an estimate: log(nominal / tilted density) for a trial
     * inside the event, -Infinity outside. Any split of the trials gives the same numbers.
     */
    public double[] logWeights(Target target, boolean upper, double logThreshold, double mu, int from, int to,
                               long seed, long cellId, int estimateId) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            double[] r = trial(RandomStreams.rare(seed, cellId, i, estimateId), target, mu);
            boolean in = upper ? r[0] > logThreshold : r[0] <= logThreshold;
            out[i - from] = in && Double.isFinite(r[1]) ? r[1] : Double.NEGATIVE_INFINITY;
        }
        return out;
    }

    /** The estimate from the log weights of all its trials, in trial order (-Infinity: outside the event). */
    public static RareEstimate combine(double[] logW, double mu, double confidence) {
        int n = logW.length;
        int hits = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (double w : logW) {
            if (w > Double.NEGATIVE_INFINITY) {
                hits++;
                max = Math.max(max, w);
            }
        }
        if (hits == 0) {
            return new RareEstimate(n, 0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, confidence,
                    0, mu);
        }
        // sums scaled by e^-max: x_i = w_i / e^max in (0, 1]
        double s1 = 0;
        double s2 = 0;
        for (double w : logW) {
            if (w > Double.NEGATIVE_INFINITY) {
                double x = StrictMath.exp(w - max);
                s1 += x;
                s2 += x * x;
            }
        }
        double mean = s1 / n;
        double var = Math.max(0, (s2 - n * mean * mean) / (n - 1));
        double se = Math.sqrt(var / n);
        double logScale = max / StrictMath.log(10);
        double log10Mean = StrictMath.log10(mean) + logScale;
        double ess = s1 * s1 / s2;
        if (hits < 2) {
            return new RareEstimate(n, hits, log10Mean, Double.NEGATIVE_INFINITY, Double.NaN, confidence, ess, mu);
        }
        double z = MeanInterval.z(confidence);
        double low = mean - z * se;
        double log10Low = low > 0 ? StrictMath.log10(low) + logScale : Double.NEGATIVE_INFINITY;
        double log10High = StrictMath.log10(mean + z * se) + logScale;
        return new RareEstimate(n, hits, log10Mean, log10Low, log10High, confidence, ess, mu);
    }

    /**
     * One tilted trial with ||h_0|| = 1.
     *
     * @return {log quantity, log likelihood ratio (nominal / tilted)}
     */
    double[] trial(UniformRandomProvider rng, Target target, double mu) {
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        Gamma gamma = Gamma.of(rng, normal);
        Gamma.ChiSquared chiY = gamma.fixed(d - 2L);
        Gamma.ChiSquared chiQ = gamma.fixed(d);
        a = 1;
        da = 0;
        b = 0;
        exp = 0;
        double logW = 0;
        boolean deviation = target == Target.LOG_R_FWD;
        // The tilt approximates R^theta, theta = mu / (2 tBar), on log R ~ 2 t x + t^2 ||xi||^2: the normal pair
        // shifted by 2 theta t = mu t / tBar along u, and Q tilted by e^{lambda Q} with
        // lambda = (2 theta^2 + theta d) alpha^2 / d^2, the CGF of the first term given Q (clamped below 1/2).
        double tBar = alpha * Math.sqrt(branch.c2() / d);
        double theta = mu / (2 * tBar);
        double lambda = Math.min(0.25, (2 * theta * theta + theta * d) * alpha * alpha / ((double) d * d));
        boolean tiltQ = mu != 0 && (branch.kind() == Branch.Kind.RELU || branch.kind() == Branch.Kind.IDENTITY_RES2);
        double qScale = tiltQ ? 1 / (1 - 2 * lambda) : 1;
        // ReLU: E e^{lambda chi2(K)} = ((1 + s) / 2)^d, s = (1 - 2 lambda)^-1/2; tilted K ~ Binomial(d, s / (1 + s))
        double sK = Math.sqrt(qScale);
        Binomial tiltedActive = tiltQ && branch.kind() == Branch.Kind.RELU ? Binomial.of(d, sK / (1 + sK)) : active;
        double logMq = !tiltQ ? 0 : branch.kind() == Branch.Kind.RELU ? d * StrictMath.log((1 + sK) / 2)
                : 0.5 * d * StrictMath.log(qScale);
        for (int k = 0; k < depth; k++) {
            double nh = Math.sqrt(a * a + b * b);
            double q;
            double t = switch (branch.kind()) {
                case RELU -> {
                    q = qScale * gamma.chiSquared(tiltedActive.sample(rng));
                    yield alphaOverD * Math.sqrt(q);
                }
                case LEAKY -> {
                    int kk = active.sample(rng);
                    double xp = gamma.chiSquared(kk);
                    q = xp + slope2 * gamma.chiSquared(d - kk);
                    yield alphaOverD * Math.sqrt(q);
                }
                case IDENTITY_RES2 -> {
                    q = qScale * chiQ.sample();
                    yield alphaOverD * Math.sqrt(q);
                }
                case IDENTITY_RES1 -> {
                    q = 0;
                    yield alpha / Math.sqrt(d);
                }
            };
            if (tiltQ) {
                logW += logMq - lambda * q;
            }
            double u1;
            double u2;
            double un = deviation ? Math.sqrt(da * da + b * b) : nh;
            if (un > 0) {
                u1 = (deviation ? da : a) / un;
                u2 = b / un;
            } else {
                u1 = 1;
                u2 = 0;
            }
            double shift = mu * t / tBar;
            double z1 = normal.sample();
            double z2 = normal.sample();
            if (shift != 0) {
                logW -= shift * (u1 * z1 + u2 * z2) + 0.5 * shift * shift;
            }
            double xi1 = z1 + shift * u1;
            double xi2 = z2 + shift * u2;
            double y = chiY.sample();
            if (mu != 0) {
                // the isotropic part's tilt e^{theta t^2 Y}: Y ~ chi2(d - 2) / (1 - 2 lam)
                double lam = Math.max(-4, Math.min(0.25, theta * t * t));
                y /= 1 - 2 * lam;
                logW -= 0.5 * (d - 2) * StrictMath.log1p(-2 * lam); // (1 - 2 lam)^{-(d-2)/2}
                logW -= lam * y;
            }
            double c = t * nh;
            a += c * xi1;
            da += c * xi1;
            double bb = b + c * xi2;
            b = Math.sqrt(bb * bb + c * c * y);
            double m = Math.abs(a) + b;
            if (m > BIG) {
                rescale(-STEP);
            } else if (m < SMALL && m > 0) {
                rescale(STEP);
            }
        }
        double q = deviation ? da * da + b * b : a * a + b * b;
        return new double[] {StrictMath.log(q) + 2 * exp * LN2, logW};
    }

    /** E Q of one layer (d^2 t^2 / alpha^2): c2 d, and d for res-1. */
    private double meanQ() {
        return branch.c2() * d;
    }

    /** E Q under the tilt of {@link #trial} for this mu. */
    private double tiltedMeanQ(double mu) {
        if (mu == 0 || !(branch.kind() == Branch.Kind.RELU || branch.kind() == Branch.Kind.IDENTITY_RES2)) {
            return meanQ();
        }
        double theta = mu / (2 * alpha * Math.sqrt(branch.c2() / d));
        double lambda = Math.min(0.25, (2 * theta * theta + theta * d) * alpha * alpha / ((double) d * d));
        double qScale = 1 / (1 - 2 * lambda);
        if (branch.kind() == Branch.Kind.IDENTITY_RES2) {
            return d * qScale;
        }
        double s = Math.sqrt(qScale);
        return d * s / (1 + s) * qScale;
    }

    private void rescale(int shift) {
        a = Math.scalb(a, shift);
        da = Math.scalb(da, shift);
        b = Math.scalb(b, shift);
        exp -= shift;
    }

    // ------------------------------------------------------------------ choosing the tilt

    /**
     * The mu whose tilted mean path ends on the threshold (bisection on [0, mu_max] for an upper tail,
     * [-mu_max, 0] for a lower one; the end of the range when the threshold is out of reach). Any mu
     * gives an unbiased estimate; this one puts about half the tilted trials in the event.
     */
    public double tilt(Target target, boolean upper, double logThreshold) {
        double at0 = meanPath(target, 0);
        if (upper ? at0 >= logThreshold : at0 <= logThreshold) {
            return 0; // not a rare event: plain Monte Carlo
        }
        double sign = upper ? 1 : -1;
        // mu_max: L mu_max^2 / 2 = 1e5, probabilities down to about e^-1e5
        double hi = Math.sqrt(2e5 / depth);
        double lo = 0;
        double fHi = meanPath(target, sign * hi);
        if (upper ? fHi < logThreshold : fHi > logThreshold) {
            return sign * hi;
        }
        for (int it = 0; it < 80; it++) {
            double mid = 0.5 * (lo + hi);
            double f = meanPath(target, sign * mid);
            if (upper ? f < logThreshold : f > logThreshold) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return sign * 0.5 * (lo + hi);
    }

    /**
     * The log quantity at the end of the mean path: the tilted chain with each draw replaced by its mean
     * (t^2 by alpha^2 c2 / d, xi by mu u, the isotropic part adding d c^2 to ||h||^2), layers taken
     * {@code L / steps} at a time; a shift toward the origin of the tilted vector stops at it.
     */
    double meanPath(Target target, double mu) {
        int steps = Math.min(depth, MEAN_PATH_STEPS);
        double m = (double) depth / steps;
        double tBar = alpha * Math.sqrt(branch.c2() / d);
        // the tilted mean of t^2 (Q tilted as in trial) and the mean shift mu t / tBar
        double tTilde = tBar * Math.sqrt(tiltedMeanQ(mu) / meanQ());
        double shift = mu * tTilde / tBar;
        double theta = mu / (2 * tBar);
        boolean deviation = target == Target.LOG_R_FWD;
        // log-scaled state: h = (pa e + pb w) e^lg
        double pa = 1;
        double pda = 0;
        double pb = 0;
        double lg = 0;
        for (int s = 0; s < steps; s++) {
            double nh = Math.hypot(pa, pb);
            double c = tTilde * nh;
            double vx = deviation ? pda : pa;
            double vn = Math.hypot(vx, pb);
            double ux = vn > 0 ? vx / vn : 1;
            double uy = vn > 0 ? pb / vn : 0;
            double len = Math.max(0, vn + m * c * shift);
            double nx = ux * len;
            double ny = uy * len;
            double lamY = Math.max(-4, Math.min(0.25, theta * tTilde * tTilde));
            double nb = Math.sqrt(ny * ny + m * c * c * (2 + (d - 2) / (1 - 2 * lamY)));
            if (deviation) {
                pda = nx;
                pa = 1 * StrictMath.exp(-lg) + pda;
            } else {
                pa = nx;
                pda = pa - StrictMath.exp(-lg);
            }
            pb = nb;
            double scale = Math.abs(pa) + pb;
            if (scale > 1e100 || (scale < 1e-100 && scale > 0)) {
                double f = 1 / scale;
                pa *= f;
                pda *= f;
                pb *= f;
                lg -= StrictMath.log(f);
            }
        }
        double q = deviation ? pda * pda + pb * pb : pa * pa + pb * pb;
        return StrictMath.log(q) + 2 * lg;
    }
}
