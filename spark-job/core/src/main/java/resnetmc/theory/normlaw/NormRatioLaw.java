package resnetmc.theory.normlaw;

import org.apache.commons.math3.analysis.solvers.BrentSolver;
import resnetmc.stats.Interval;

/**
 * The exact law of {@code rho = ||h_L|| / ||h_0||} for a scaled ResNet with Gaussian weights
 * and a branch whose norm law depends on {@code h} only through {@code ||h||} (THEORY.md
 * section 6, "Exact law of the norm ratio"): {@code S = log rho^2} is the sum of {@code L}
 * i.i.d. copies of {@code log R} ({@link LayerLaw}), with an atom at 0 of mass
 * {@code 2^(-d L)} for ReLU branches. Any {@code d} and {@code L} from 1 to {@code 1e9}.
 *
 * <h2>Method: exponentially tilted Fourier inversion</h2>
 * For {@code theta > 0}, {@code P(S > x)} is the Fourier integral along the line
 * {@code Re z = theta} (Laplace inversion):
 * <pre>  P(S > x) = (1 / 2 pi) int Re[(M(z)^L - a^L) e^{-z x} / z] du,  z = theta + i u,</pre>
 * ({@code a} the atom mass of one layer, whose {@code L}-fold atom {@code a^L} at {@code S = 0}
 * is taken out and added back exactly); for {@code theta < 0} the same with the opposite sign
 * gives {@code P(S <= x)}. The integral is the Fourier transform of
 * {@code v -> e^{theta v} P(S > x + v)} at 0, so the trapezoid rule at step {@code h = 2 pi / A}
 * equals, by Poisson summation, the exact value plus the aliases
 * {@code sum_{k != 0} e^{theta k A} P(S > x + k A)}. The tilt is the saddle point,
 * {@code L K'(theta) = x}, so that the tilted law of {@code S} is centred at {@code x}, and the
 * period {@code A} is chosen so that every alias is below {@code e^-40} times the tail
 * probability (Chernoff bounds at steeper tilts, see {@code aliasSpan}), which makes the
 * error <em>relative</em> to the tail probability (this is what a plain
 * Fourier grid cannot do: its floor is {@code 1e-16} absolute). In the body the tilt is kept
 * at least {@code 3 / sd(S)} in absolute value (the period then stays near {@code 13 sd(S)});
 * the integrand's magnitude is then up to {@code e^4.5} times the result, and each side is
 * only inverted on its own side of the mean (the complement is taken on the other), since the
 * magnification {@code e^{theta (mean - x)}} on the wrong side multiplies the error of
 * {@code L log M} (measured: 1e-5 at {@code d = 1e9}, {@code L = 1e6}, 1.5 sd on the wrong side). The sum is truncated when five successive terms
 * are below {@code 1e-13} of the running value (the integrand decays like
 * {@code |M(theta + iu)|^L}). {@code M^L} is evaluated as {@code exp(L log1p(M - 1))} with
 * {@code M - 1} to full relative precision, so that the error does not grow like {@code L}.
 * Quantiles solve the CDF (or, beyond 1e-3, the log tail) by Brent's method.
 *
 * <p>Measured accuracy: see the tests ({@code NormRatioLawTest} and neighbours) and the
 * constants on the methods.
 *
 * <p>Known limitation: {@code M(theta)} is summed in linear scale, so at small {@code d} the CGF overflows at a
 * large tilt although {@code K(theta)} itself is representable (res-1 identity, {@code d = 4}, {@code alpha = 1}:
 * from {@code theta} about 160). Tails that need such a tilt (there, {@code P(log rho^2 > 4.5)} and beyond, below
 * about 1e-60) come out as 0, not as their value; the stated range (relative 1e-3 down to 1e-30) is not
 * affected, and {@link ExactTail}'s Chernoff bounds stay valid (an infinite exponent only loosens them).
 */
public final class NormRatioLaw {

    /**
     * Node cap of one inversion. Only reached where the characteristic function decays
     * algebraically: ReLU and identity res-2 at {@code d <= 2} and small {@code L}, where the
     * density of {@code log R} has a logarithmic singularity at 0 (small {@code t}: the product
     * of two normals); the sum is then truncated (accuracy measured in the tests).
     */
    private static final int MAX_NODES = 20_000;
    /**
     * Node cap of {@link #bodyQuantilesLog10Rho}: beyond it the transform decays too slowly for a cheap
     * answer (ReLU at {@code d L} below ~30, where the layers' atoms at 0 make the law nearly discrete),
     * and the method refuses ({@link SlowInversionException}) after one probe at the cap rather than spend minutes.
     */
    public static final int MAX_BODY_NODES = 400;

    /** The body inversion would need more than {@link #MAX_BODY_NODES} nodes. */
    public static final class SlowInversionException extends RuntimeException {
        SlowInversionException(int cap) {
            super("the transform decays too slowly for a body inversion within " + cap + " nodes");
        }
    }

    /** Smallest tilt, in units of {@code 1 / sd(S)}, used in the body of the law. */
    private static final double MIN_TILT = 3;

    private final LayerTransform layer;
    private final long depth;
    private final double mean1;
    private final double var1;
    private final double meanS;
    private final double sdS;
    private final double atomAll;

    private NormRatioLaw(LayerTransform layer, long depth) {
        this.layer = layer;
        this.depth = depth;
        // d / 8: a quarter of the way to the pole at -d/2
        double maxDelta = -layer.domainLow() / 4;
        double delta = Math.min(1e-2 / layer.sdGuess(), maxDelta);
        double[] moments = momentsAt(0, delta);
        delta = Math.min(1e-2 / Math.sqrt(moments[1]), maxDelta);
        moments = momentsAt(0, delta);
        this.mean1 = moments[0];
        this.var1 = moments[1];
        this.meanS = depth * mean1;
        this.sdS = Math.sqrt(depth * var1);
        this.atomAll = StrictMath.pow(layer.atom(), depth);
    }

    /**
     * @param branch the branch kind
     * @param d      width, {@code >= 1}
     * @param depth  number of layers {@code L >= 1}
     * @param alpha  the residual scale {@code alpha_L > 0}
     * @return the law of {@code ||h_L|| / ||h_0||}
     */
    public static NormRatioLaw of(Branch branch, int d, long depth, double alpha) {
        if (depth < 1) {
            throw new IllegalArgumentException("need L >= 1, got " + depth);
        }
        return ofLayer(new LayerLaw(branch, d, alpha), depth);
    }

    /** The law of the sum of {@code depth} i.i.d. copies of the given layer's {@code log R} (the tests' closed-form laws). */
    static NormRatioLaw ofLayer(LayerTransform layer, long depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("need L >= 1, got " + depth);
        }
        return new NormRatioLaw(layer, depth);
    }

    /** @return the exact {@code E rho^2 = (1 + c2 alpha^2)^L} (THEORY.md section 1) */
    public double meanRho2() {
        return StrictMath.exp(depth * layer.logMeanR());
    }

    /** @return {@code E log rho^2 = L E log R} (finite differences of the CGF, relative error ~1e-6 at large d, 2e-5 at d = 4 (Res1InversionTest); it only places tilts and brackets) */
    public double meanLogRho2() {
        return meanS;
    }

    /** @return {@code sd(log rho^2)} (finite differences of the CGF, relative error ~1e-4) */
    public double sdLogRho2() {
        return sdS;
    }

    /** @return the mass of the atom of {@code log rho^2} at 0 ({@code 2^(-d L)} for ReLU, else 0) */
    public double atomMass() {
        return atomAll;
    }

    /** @return L */
    public long depth() {
        return depth;
    }

    /** @return {@code -d/2}, the lower end of the domain of {@link #layerCgf} */
    public double layerDomainLow() {
        return layer.domainLow();
    }

    /** @return {@code K(theta) = log E[R^theta]} of one layer, {@code theta > -d/2} */
    public double layerCgf(double theta) {
        return layer.cgf(theta);
    }

    // ---------------------------------------------------------------- distribution of log rho^2

    /** @return {@code P(log rho^2 <= x)} */
    public double cdf(double x) {
        return tail(x, false);
    }

    /** @return {@code P(log rho^2 > x)}, with a relative error (see the class comment) */
    public double upperTail(double x) {
        return tail(x, true);
    }

    /** @return {@code P(log rho^2 <= x)}, with a relative error (see the class comment) */
    public double lowerTail(double x) {
        return tail(x, false);
    }

    /** @return {@code P(log10 rho <= y)} */
    public double cdfLog10Rho(double y) {
        return cdf(toLogRho2(y));
    }

    /** @return {@code P(log10 rho > y)} */
    public double upperTailLog10Rho(double y) {
        return upperTail(toLogRho2(y));
    }

    /** @return {@code P(log10 rho <= y)}, relative error in the lower tail */
    public double lowerTailLog10Rho(double y) {
        return lowerTail(toLogRho2(y));
    }

    /** @return the {@code p}-quantile of {@code log rho^2}, {@code 0 < p < 1} */
    public double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("need 0 < p < 1, got " + p);
        }
        if (atomAll > 0) {
            double below = lowerTail(-Math.ulp(1.0) * Math.max(1, Math.abs(meanS)));
            if (p > below && p <= below + atomAll) {
                return 0;
            }
        }
        java.util.function.DoubleUnaryOperator f;
        if (p < 1e-3) {
            double target = StrictMath.log(p);
            f = x -> clip(StrictMath.log(lowerTail(x)) - target);
        } else if (p > 1 - 1e-3) {
            double target = StrictMath.log1p(-p);
            f = x -> clip(target - StrictMath.log(upperTail(x)));
        } else {
            f = x -> cdf(x) - p;
        }
        double guess = meanS + sdS * normalQuantile(p);
        double lo = bracket(f, guess, -1);
        double hi = bracket(f, guess, 1);
        BrentSolver solver = new BrentSolver(1e-14, 1e-11 * sdS, 1e-15);
        return solver.solve(200, f::applyAsDouble, lo, hi);
    }

    /**
     * A point on the given side of the root of the increasing {@code f} ({@code f < 0} for
     * {@code direction = -1}, {@code f > 0} for {@code +1}), by steps doubling from {@code sd};
     * a NaN (beyond the representable tail) halves the last step instead.
     */
    private double bracket(java.util.function.DoubleUnaryOperator f, double start, int direction) {
        double good = start;
        double step = sdS;
        for (int it = 0; it < 200; it++) {
            double x = good + direction * step;
            double v = f.applyAsDouble(x);
            if (Double.isNaN(v)) {
                step /= 2;
                continue;
            }
            if (direction * v > 0) {
                return x;
            }
            good = x;
            step *= 2;
        }
        throw new IllegalStateException("no bracket for the quantile from " + start);
    }

    /** A starting point only: the Gaussian quantile, {@code -sqrt(-2 log p)} in the far tail. */
    private static double normalQuantile(double p) {
        if (p < 1e-10) {
            return -Math.sqrt(-2 * StrictMath.log(p));
        }
        if (p > 1 - 1e-10) {
            return Math.sqrt(-2 * StrictMath.log1p(-p));
        }
        return new org.apache.commons.math3.distribution.NormalDistribution().inverseCumulativeProbability(p);
    }

    /** Log-probabilities of 0 (beyond double range) become a finite value of the right sign for Brent. */
    private static double clip(double v) {
        return Double.isNaN(v) ? v : Math.max(-1e4, Math.min(1e4, v));
    }

    /**
     * @param q an upper-tail probability in (0, 1), e.g. 1e-20 (which {@code 1 - q} cannot carry)
     * @return {@code x} with {@code P(log rho^2 > x) = q}, to relative precision in {@code q}
     */
    public double upperQuantile(double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("need 0 < q < 1, got " + q);
        }
        if (q >= 1e-3) {
            return quantile(1 - q);
        }
        double target = StrictMath.log(q);
        java.util.function.DoubleUnaryOperator f = x -> clip(target - StrictMath.log(upperTail(x)));
        double guess = meanS - sdS * normalQuantile(q);
        double lo = bracket(f, guess, -1);
        double hi = bracket(f, guess, 1);
        return new BrentSolver(1e-14, 1e-11 * sdS, 1e-15).solve(200, f::applyAsDouble, lo, hi);
    }

    /**
     * Several body quantiles at the cost of about two inversions: each side of the mean is
     * inverted at one fixed tilt ({@code +-3 / sd(S)}, the body tilt of {@link #cdf}), so the
     * transform {@code L log M(z_k)} is evaluated once per node and reused for every {@code x}
     * Brent tries ({@link BodyInversion}). {@link #quantile} re-derives the saddle point and the
     * nodes at every step: about 40 times slower where the transform is costly (ReLU at small
     * {@code d}: seconds per quantile).
     *
     * @param ps probabilities in {@code [1e-3, 1 - 1e-3]}
     * @return the {@code ps[i]}-quantiles of {@code log10 rho}, to {@code 1e-9} in probability
     * @throws SlowInversionException where the transform decays too slowly ({@link #MAX_BODY_NODES})
     */
    public double[] bodyQuantilesLog10Rho(double... ps) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double p : ps) {
            if (!(p >= 1e-3 && p <= 1 - 1e-3)) {
                throw new IllegalArgumentException("need 1e-3 <= p <= 1 - 1e-3, got " + p);
            }
            double z = normalQuantile(p);
            lo = Math.min(lo, z);
            hi = Math.max(hi, z);
        }
        // the alias bound holds for x within 2 sd beyond the Gaussian guesses of the quantiles
        // (skewness moves the quantiles by a fraction of that); Brent's brackets may look further,
        // where the aliases grow smoothly
        double xLo = meanS + (lo - 2) * sdS;
        double xHi = meanS + (hi + 2) * sdS;
        BodyInversion upper = new BodyInversion(true, xLo, xHi);
        BodyInversion lower = -0.5 / sdS >= 0.5 * layer.domainLow() ? new BodyInversion(false, xLo, xHi) : null;
        java.util.function.DoubleUnaryOperator cdf = x -> {
            double below = lower != null && x < meanS ? lower.at(x) : 1 - upper.at(x);
            return Math.min(1, Math.max(0, below));
        };
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            double p = ps[i];
            double q;
            if (atomAll > 0 && p > cdf.applyAsDouble(-Math.ulp(1.0)) && p <= cdf.applyAsDouble(0)) {
                q = 0;
            } else {
                java.util.function.DoubleUnaryOperator f = x -> cdf.applyAsDouble(x) - p;
                double guess = meanS + sdS * normalQuantile(p);
                q = new BrentSolver(1e-14, 1e-11 * sdS, 1e-15).solve(200, f::applyAsDouble,
                        bracket(f, guess, -1), bracket(f, guess, 1));
            }
            out[i] = q / (2 * StrictMath.log(10));
        }
        return out;
    }

    /**
     * One side's inversion ({@code P(S > x)} at tilt {@code +3 / sd}, or {@code P(S <= x)} at
     * {@code -3 / sd}, kept within half the distance to the pole) with its nodes {@code z_k} and
     * {@code L log M(z_k)} stored; the period is the largest {@link #aliasSpan} over the two ends
     * of the range of {@code x}, so the alias bound holds for every {@code x} in it.
     */
    private final class BodyInversion {
        private final boolean upper;
        private final double theta;
        private final double h;
        private final double[] lmRe;
        private final double[] lmIm;
        private final int count;

        BodyInversion(boolean upper, double xLo, double xHi) {
            this.upper = upper;
            double t = MIN_TILT / sdS;
            this.theta = upper ? t : Math.max(-t, 0.5 * layer.domainLow());
            double[] m = momentsAt(theta, 1e-3 / Math.sqrt(Math.max(var1, 1e-300)) * Math.min(1, 1 / Math.sqrt(depth)));
            double sdTheta = Math.sqrt(depth * m[1]);
            double lk = depth * layer.cgf(theta);
            double span = 0;
            for (double x : new double[] {xLo, xHi}) {
                double rate = Math.max(0, theta * x - lk);
                span = Math.max(span, aliasSpan(theta, x, upper, rate, sdTheta));
            }
            this.h = 2 * Math.PI / span;
            double[] re = new double[64];
            double[] im = new double[64];
            double first = Double.NaN;
            int quiet = 0;
            int k = 0;
            for (; k <= MAX_BODY_NODES; k++) {
                Complex z = new Complex(theta, k * h);
                Complex lm = layer.logM(z).times((double) depth);
                if (k == re.length) {
                    re = java.util.Arrays.copyOf(re, 2 * k);
                    im = java.util.Arrays.copyOf(im, 2 * k);
                }
                re[k] = lm.re();
                im[k] = lm.im();
                // |(M^L - a^L) / z| relative to the first node's: independent of x (|e^{-zx}| = e^{-theta x});
                // with an atom (ReLU) M^L tends to a^L, so the criterion must see the difference
                double size = sizeOf(lm, z);
                if (k == 0) {
                    first = size;
                    // one probe at the cap: a transform that has not decayed there is refused at once
                    if (size(new Complex(theta, MAX_BODY_NODES * h)) - first > StrictMath.log(1e-13)) {
                        throw new SlowInversionException(MAX_BODY_NODES);
                    }
                } else if (size - first < StrictMath.log(1e-13)) {
                    if (++quiet >= 5) {
                        k++;
                        break;
                    }
                } else {
                    quiet = 0;
                }
            }
            if (k > MAX_BODY_NODES) {
                throw new SlowInversionException(MAX_BODY_NODES);
            }
            this.count = k;
            this.lmRe = re;
            this.lmIm = im;
        }

        /** {@code log |(M(z)^L - a^L) / z|}, the size of a node's term up to {@code e^{-theta x}}. */
        private double size(Complex z) {
            return sizeOf(layer.logM(z).times((double) depth), z);
        }

        private double sizeOf(Complex lm, Complex z) {
            if (atomAll > 0) {
                double mag = StrictMath.exp(lm.re());
                double dr = mag * StrictMath.cos(lm.im()) - atomAll;
                double di = mag * StrictMath.sin(lm.im());
                return 0.5 * StrictMath.log(dr * dr + di * di) - StrictMath.log(z.abs());
            }
            return lm.re() - StrictMath.log(z.abs());
        }

        /** @return {@code P(S > x)} if upper, else {@code P(S <= x)}, atom included */
        double at(double x) {
            double sign = upper ? 1 : -1;
            double sum = 0;
            for (int k = 0; k < count; k++) {
                double u = k * h;
                // Re[exp(L log M - z x) / z], z = theta + i u
                double mag = StrictMath.exp(lmRe[k] - theta * x);
                double phase = lmIm[k] - u * x;
                double cr = mag * StrictMath.cos(phase);
                double ci = mag * StrictMath.sin(phase);
                if (atomAll > 0) {
                    double am = atomAll * StrictMath.exp(-theta * x);
                    cr -= am * StrictMath.cos(-u * x);
                    ci -= am * StrictMath.sin(-u * x);
                }
                double term = (cr * theta + ci * u) / (theta * theta + u * u);
                sum += (k == 0 ? 0.5 : 1) * sign * term;
            }
            double result = sum * h / Math.PI;
            if (atomAll > 0) {
                result += upper ? (x < 0 ? atomAll : 0) : (x >= 0 ? atomAll : 0);
            }
            return Math.min(1, Math.max(0, result));
        }
    }

    /** @return the {@code p}-quantile of {@code log10 rho} */
    public double quantileLog10Rho(double p) {
        return quantile(p) / (2 * StrictMath.log(10));
    }

    // ---------------------------------------------------------------- r_fwd brackets

    /**
     * Bounds on {@code P(r_fwd > t)} from the norm law alone: since
     * {@code (rho - 1)^2 <= r_fwd <= (rho + 1)^2} (triangle inequality on
     * {@code ||h_L - h_0||}), {@code P((rho - 1)^2 > t) <= P(r_fwd > t) <= P((rho + 1)^2 > t)}.
     *
     * @param t threshold, {@code > 0}
     * @return {@code [P((rho - 1)^2 > t), P((rho + 1)^2 > t)]}
     */
    public Interval rFwdAbove(double t) {
        double s = Math.sqrt(t);
        // (rho - 1)^2 > t  <=>  rho > 1 + s  or  rho < 1 - s
        double low = upperTail(2 * StrictMath.log1p(s));
        if (s < 1) {
            low += lowerTailStrict(2 * StrictMath.log1p(-s));
        }
        // (rho + 1)^2 > t  <=>  rho > s - 1
        double high = s <= 1 ? 1 : upperTail(2 * StrictMath.log(s - 1));
        return new Interval(Math.min(low, high), Math.max(low, high));
    }

    /**
     * Bounds on {@code P(r_fwd < t)}: {@code P((rho + 1)^2 < t) <= P(r_fwd < t) <=
     * P((rho - 1)^2 < t)}.
     *
     * @param t threshold, {@code > 0}
     * @return {@code [P((rho + 1)^2 < t), P((rho - 1)^2 < t)]}
     */
    public Interval rFwdBelow(double t) {
        double s = Math.sqrt(t);
        // (rho + 1)^2 < t  <=>  rho < s - 1
        double low = s <= 1 ? 0 : lowerTailStrict(2 * StrictMath.log(s - 1));
        // (rho - 1)^2 < t  <=>  1 - s < rho < 1 + s
        double upperEnd = 1 - upperTail(2 * StrictMath.log1p(s));
        double high = s < 1 ? upperEnd - lowerTail(2 * StrictMath.log1p(-s)) : upperEnd;
        return new Interval(Math.min(low, high), Math.max(low, high));
    }

    /** {@code P(S < x)}: the law is continuous except at 0, where the atom is excluded. */
    private double lowerTailStrict(double x) {
        double p = lowerTail(x);
        return x == 0 ? p - atomAll : p;
    }

    private static double toLogRho2(double log10Rho) {
        return 2 * StrictMath.log(10) * log10Rho;
    }

    // ---------------------------------------------------------------- inversion

    /** @return {@code P(S > x)} if {@code upper}, else {@code P(S <= x)} */
    private double tail(double x, boolean upper) {
        // Each formula is inverted on its own side of the mean (tilt of the same sign as
        // x - mean); the complement is taken for the other side, where it is above ~1/2.
        // The lower formula needs a tilt in (-d/2, 0); below 0.5 / sd(S) its step gets too fine.
        boolean lowerUsable = -0.5 / sdS >= 0.5 * layer.domainLow();
        if (upper && x < meanS && lowerUsable) {
            return 1 - invert(x, false);
        }
        if (!upper && (x >= meanS || !lowerUsable)) {
            return 1 - invert(x, true);
        }
        return invert(x, upper);
    }

    /**
     * One inversion: {@code P(S > x)} with a positive tilt if {@code upper}, else
     * {@code P(S <= x)} with a negative one (package-private: the tests compare the two).
     */
    double invert(double x, boolean upper) {
        double theta = saddle(x);
        double minTilt = MIN_TILT / sdS;
        if (upper) {
            theta = Math.max(theta, minTilt);
        } else {
            // in the body stay at most half way to the pole of M at -d/2 (the tilted law widens
            // near it and the step must shrink); deep lower tails may go to 95 %
            theta = theta < 0.5 * layer.domainLow()
                    ? Math.max(theta, 0.95 * layer.domainLow())
                    : Math.max(Math.min(theta, -minTilt), 0.5 * layer.domainLow());
        }
        double[] m = momentsAt(theta, 1e-3 / Math.sqrt(Math.max(var1, 1e-300)) * Math.min(1, 1 / Math.sqrt(depth)));
        double sdTheta = Math.sqrt(depth * m[1]);
        double rate = theta * x - depth * layer.cgf(theta);
        if (!Double.isFinite(rate) || !Double.isFinite(sdTheta) || rate > 745) {
            // L K(theta) overflows: the tail is below e^-700, beyond double precision
            return 0;
        }
        double span = aliasSpan(theta, x, upper, rate, sdTheta);
        double h = 2 * Math.PI / span;
        double sign = upper ? 1 : -1;
        double sum = 0.5 * integrand(theta, 0, x) * sign;
        int quiet = 0;
        for (int k = 1; ; k++) {
            if (k > MAX_NODES) {
                break;
            }
            double term = sign * integrand(theta, k * h, x);
            sum += term;
            double value = Math.abs(sum) * h / Math.PI;
            if (Math.abs(term) * h / Math.PI <= 1e-13 * value) {
                if (++quiet >= 5) {
                    break;
                }
            } else {
                quiet = 0;
            }
        }
        double result = sum * h / Math.PI;
        if (atomAll > 0) {
            result += upper ? (x < 0 ? atomAll : 0) : (x >= 0 ? atomAll : 0);
        }
        return Math.min(1, Math.max(0, result));
    }

    /**
     * The period {@code A} of the trapezoid rule, so that each alias is below {@code e^-40}
     * times the tail probability ({@code log P} estimated by the saddle-point approximation
     * {@code -I - log(1 + 2.5 |theta| sigma_theta)}, at most 0). The alias on the tilt's own
     * side is at most {@code e^{-|theta| A}}; the one on the other side is bounded by Chernoff
     * at a steeper tilt {@code theta'} (toward the pole {@code -d/2} for the lower formula):
     * {@code e^{-theta' x + L K(theta') - |theta' - theta| A}}, minimised over a few
     * {@code theta'}. Never below 8 tilted standard deviations.
     */
    private double aliasSpan(double theta, double x, boolean upper, double rate, double sdTheta) {
        double absTheta = Math.abs(theta);
        double logP = Math.min(0, -rate - StrictMath.log1p(2.5 * absTheta * sdTheta));
        double need = 40 - logP;
        double span = need / absTheta;
        double best = Double.POSITIVE_INFINITY;
        double[] fractions = {0.25, 0.5, 0.75, 0.9, 0.97};
        double[] multiples = {0.5, 1, 2, 4, 8};
        for (int i = 0; i < fractions.length; i++) {
            double other = upper
                    ? theta + multiples[i] * Math.max(theta, 1 / sdTheta)
                    : theta - fractions[i] * (theta - 0.999 * layer.domainLow());
            double bound = -other * x + depth * layer.cgf(other);
            if (Double.isFinite(bound)) {
                best = Math.min(best, (bound + need) / Math.abs(other - theta));
            }
        }
        if (!Double.isFinite(best)) {
            best = 14 * sdTheta;
        }
        span = Math.max(span, best);
        if (Double.isFinite(sdTheta)) {
            span = Math.max(span, 8 * sdTheta);
        }
        return span;
    }

    /** {@code Re[(M(z)^L - a^L) e^{-z x} / z]} at {@code z = theta + i u}. */
    private double integrand(double theta, double u, double x) {
        Complex z = new Complex(theta, u);
        Complex logM = layer.logM(z);
        Complex exponent = logM.times((double) depth).minus(z.times(x));
        Complex value = exponent.exp();
        if (atomAll > 0) {
            value = value.minus(z.times(-x).exp().times(atomAll));
        }
        return value.divide(z).re();
    }

    /** The tilt with {@code L K'(theta) = x}, by damped Newton steps inside the domain. */
    private double saddle(double x) {
        double target = x / depth;
        double theta = (x - meanS) / (sdS * sdS);
        double low = 0.99 * layer.domainLow();
        theta = Math.max(theta, 0.5 * low);
        double previous = 0;
        for (int it = 0; it < 60; it++) {
            double[] m = momentsAt(theta, 1e-3 / Math.sqrt(var1));
            if (!(m[1] > 0) || !Double.isFinite(m[0]) || !Double.isFinite(depth * layer.cgf(theta))) {
                // beyond the range where L K(theta) is representable: back off
                theta = (theta + previous) / 2;
                continue;
            }
            previous = theta;
            double step = (target - m[0]) / m[1];
            double next = theta + step;
            if (next <= low) {
                next = (theta + low) / 2;
            }
            if (Math.abs(next - theta) * Math.sqrt(depth * m[1]) < 1e-3) {
                return next;
            }
            theta = next;
        }
        return theta;
    }

    /** {@code {K'(theta), K''(theta)}} by central differences of step {@code delta}. */
    private double[] momentsAt(double theta, double delta) {
        double room = theta - layer.domainLow();
        delta = Math.min(delta, room / 4);
        double kp = layer.cgf(theta + delta);
        double k0 = theta == 0 ? 0 : layer.cgf(theta);
        double km = layer.cgf(theta - delta);
        return new double[] {(kp - km) / (2 * delta), (kp - 2 * k0 + km) / (delta * delta)};
    }
}
