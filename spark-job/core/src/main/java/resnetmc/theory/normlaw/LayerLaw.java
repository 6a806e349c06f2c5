package resnetmc.theory.normlaw;

import java.util.Arrays;

/**
 * The law of one layer's log norm ratio {@code log R}, {@code R = ||h_{k+1}||^2 / ||h_k||^2}
 * (THEORY.md section 6), through its Mellin transform {@code M(z) = E[R^z]} at complex
 * {@code z}; {@code K(theta) = log M(theta)} is its cumulant generating function.
 *
 * <h2>Algorithm</h2>
 * Given the scale {@code t}, {@code R / t^2} is a noncentral chi-square with {@code d} degrees
 * of freedom and noncentrality {@code 1 / t^2}, i.e. a chi-square with {@code d + 2J} degrees
 * of freedom, {@code J ~ Poisson(mu)}, {@code mu = 1 / (2 t^2)}; so, exactly,
 * <pre>  E[R^z | t] = sum_j Poisson(j; mu) (2 t^2 a_j)^z Gamma(a_j + z) / (Gamma(a_j) a_j^z),
 *     a_j = d/2 + j.</pre>
 * For {@code mu < 144} the sum runs over the integers up to {@code mu + 11 sqrt(mu) + 30} (the
 * rest of the Poisson mass is below 1e-25). For {@code mu >= 144} the summand is a smooth
 * function of a real {@code j}, concentrated over {@code sqrt(mu) >= 12}, so by Poisson
 * summation the sum equals the integral up to {@code exp(-2 pi^2 mu)}, and the integral is taken
 * by the trapezoid rule at step {@code 2 pi / (omega + 9.5 / sqrt(mu))} ({@code omega}: the
 * summand's phase rate in {@code j}), whose aliasing error is {@code exp(-9.5^2/2) = 2e-20},
 * over {@code mu - 9.5 sqrt(mu)} to {@code mu + 10.5 sqrt(mu)} (Poisson mass outside below
 * 1e-19, the right tail being the heavier; shifted by the tilt {@code Re z}).
 * Scales so small that {@code t^2 |z| (|z| + d) <= 1e-6} use the expansion of
 * {@code E[R^z | t]} to order {@code t^4} instead (error of relative order 1e-18).
 * This handles {@code d} and {@code 1/t^2} up to {@code 1e30} at a cost independent of them.
 *
 * <p>The scale {@code t = alpha sqrt(Q) / d} is integrated out over {@code u = log Q} by the
 * trapezoid rule on the exact density of {@code log Q} (a binomial mixture of chi-squares for
 * ReLU, a chi-square for the identity): in {@code u} the integrand is analytic and decays at
 * both ends, so the rule converges geometrically; the step is {@code min(0.15, sigma / 3.8)}
 * ({@code sigma = sqrt(2/d)}, the narrowest component's width in {@code u}), halved as often as
 * the integrand's phase rate at {@code |Im z|} requires. Measured: at step 0.3 the exact
 * {@code K(1) = log(1 + c2 alpha^2)} came out 6e-12 off at {@code d = 4}; at 0.15 within 1e-16. For {@code d > 400} the
 * binomial sum over {@code K} is itself a trapezoid rule at a stride of a third of its width,
 * exact to {@code exp(-2 pi^2 9)}. Weights are normalised to the exact total mass.
 *
 * <p>Precision: the result is {@code M(z) - 1}, summed as {@code sum w p expm1(c)}, so it keeps
 * its relative precision when {@code R} is close to 1 (large {@code d} or small
 * {@code alpha}), which matters because the norm law raises {@code M} to the power {@code L}.
 * The atom of ReLU ({@code R = 1} when no unit is active) contributes exactly 0 to
 * {@code M - 1}. Gamma-function ratios use {@link SpecialFunctions}.
 */
final class LayerLaw implements LayerTransform {

    /** From this Poisson mean on, the sum over {@code j} is an integral (see class comment). */
    private static final double CONTINUOUS_MEAN = 144;
    /** Largest refinement of the {@code log Q} grid (step / 2^12). */
    private static final int MAX_LEVEL = 12;
    /** Log-densities this far below the peak are dropped (e^-46 ~ 1e-20). */
    private static final double TRIM = 46;
    /** Widths for which {@code d} is summed over exactly (beyond: strided, see class comment). */
    private static final int EXACT_BINOMIAL_MAX = 400;

    private final Branch branch;
    private final int d;
    private final double alpha;
    private final double atom;
    private final double halfD;
    private final double sigmaStep;
    private final double baseStep;
    private final double uLo;
    private final double uHi;
    private final Nodes[] levels = new Nodes[MAX_LEVEL + 1];
    private double maxRate;

    /**
     * {@code M} and {@code M - 1}, summed separately: the first keeps its precision when
     * {@code |M|} is small (far along the inversion contour), the second when {@code M} is near 1.
     */
    record Transform(Complex value, Complex minusOne) {
        Complex log() {
            return value.abs() < 0.5 ? logOf(value) : minusOne.log1p();
        }

        private static Complex logOf(Complex w) {
            return new Complex(StrictMath.log(w.abs()), StrictMath.atan2(w.im(), w.re()));
        }
    }

    /**
     * Quadrature nodes of the scale: {@code t^2} (ascending) and weights summing to
     * {@code 1 - atom}, with prefix sums of {@code w}, {@code w t^2}, {@code w t^4} for the
     * small-{@code t} expansion.
     */
    private record Nodes(double[] t2, double[] w, double[] w0, double[] w1, double[] w2) {
        static Nodes of(double[] t2, double[] w) {
            int n = t2.length;
            double[] w0 = new double[n + 1];
            double[] w1 = new double[n + 1];
            double[] w2 = new double[n + 1];
            for (int i = 0; i < n; i++) {
                w0[i + 1] = w0[i] + w[i];
                w1[i + 1] = w1[i] + w[i] * t2[i];
                w2[i + 1] = w2[i] + w[i] * t2[i] * t2[i];
            }
            return new Nodes(t2, w, w0, w1, w2);
        }
    }

    /**
     * Nodes with {@code t^2 (|z| + 1)(|z| + d + 2) <= SMALL_SCALE} use the expansion of
     * {@code E[R^z | t]} to order {@code t^4} (see {@link #transform}); the omitted order-
     * {@code t^6} term is below {@code SMALL_SCALE^3 = 1e-18} times a moderate polynomial.
     */
    private static final double SMALL_SCALE = 1e-6;

    LayerLaw(Branch branch, int d, double alpha) {
        if (d < 1 || !(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("need d >= 1 and alpha > 0, got d = " + d + ", alpha = " + alpha);
        }
        this.branch = branch;
        this.d = d;
        this.alpha = alpha;
        this.atom = branch.atomMass(d);
        this.halfD = d / 2.0;
        this.sigmaStep = Math.sqrt(2.0 / d);
        this.baseStep = Math.min(0.15, sigmaStep / 3.8);
        double meanQ = d * branch.c2();
        // Var Q = E Var(Q | K) + Var E(Q | K) = d (1 + s^4) + d (1 - s^2)^2 / 4
        double s2 = branch.slope() * branch.slope();
        double varQ = branch.kind() == Branch.Kind.IDENTITY_RES1 ? 2.0 * d
                : d * (1 + s2 * s2) + d * (1 - s2) * (1 - s2) / 4;
        double sdU = Math.sqrt(varQ) / meanQ;
        boolean mixture = branch.kind() == Branch.Kind.RELU || branch.kind() == Branch.Kind.LEAKY;
        double smallestDof = mixture && d <= EXACT_BINOMIAL_MAX ? 1 : d / 4.0;
        double below = Math.min(2 * TRIM + 10, Math.max(18 * sdU, (2 * TRIM + 10) / smallestDof));
        this.uLo = StrictMath.log(meanQ) - below;
        this.uHi = StrictMath.log(meanQ + 18 * Math.sqrt(varQ) + 60);
        if (branch.kind() == Branch.Kind.IDENTITY_RES1) {
            this.maxRate = Math.min(1, alpha * alpha);
        } else {
            Nodes base = level(0);
            double rate = 0;
            for (double t2 : base.t2) {
                rate = Math.max(rate, Math.min(1, t2 * d));
            }
            this.maxRate = rate;
        }
    }

    /** @return {@code log(1 + c2 alpha^2)} (THEORY.md section 1) */
    @Override
    public double logMeanR() {
        return StrictMath.log1p(branch.c2() * alpha * alpha);
    }

    /**
     * @return {@code sqrt(4 c2 alpha^2 / d)}, the small-{@code alpha} limit of {@code sd(log R)} (at large {@code d},
     *         {@code Var log R = [4 c2 alpha^2 + alpha^4 (Var Q / d + 2 c2^2)] / (d (1 + c2 alpha^2)^2)}: LayerVarianceTest);
     *         it only sets the first finite-difference step, which the second pass replaces
     */
    @Override
    public double sdGuess() {
        return Math.sqrt(4 * branch.c2() * alpha * alpha / d);
    }

    @Override
    public double atom() {
        return atom;
    }

    /** @return {@code -d/2}: {@code E R^theta < infinity} iff {@code theta > -d/2} */
    @Override
    public double domainLow() {
        return -halfD;
    }

    @Override
    public double cgf(double theta) {
        return logM(new Complex(theta, 0)).re();
    }

    @Override
    public Complex logM(Complex z) {
        return transform(z).log();
    }

    /** @return {@code M(z) = E[R^z]} and {@code M(z) - 1} */
    Transform transform(Complex z) {
        IntegerTable table = new IntegerTable(z);
        if (branch.kind() == Branch.Kind.IDENTITY_RES1) {
            return conditional(alpha * alpha / d, z, table);
        }
        Nodes nodes = level(levelFor(z));
        Sum sum = new Sum();
        // small t: with eps = 2 t xi + t^2 chi2(d), E eps = t^2 d, E eps^2 = 4 t^2 + t^4 d (d + 2),
        // E eps^3 = 12 t^4 (d + 2) + O(t^6), E eps^4 = 48 t^4 + O(t^6), so
        // E[(1 + eps)^z] - 1 = t^2 [z d + 2 z (z-1)]
        //   + t^4 [C(z,2) d (d+2) + 2 z (z-1)(z-2)(d+2) + 2 z (z-1)(z-2)(z-3)] + O(t^6)
        double zAbs = z.abs();
        double cut = SMALL_SCALE / ((zAbs + 1) * (zAbs + d + 2));
        int first = upperBound(nodes.t2, cut);
        if (first > 0) {
            Complex zm1 = z.plus(-1);
            Complex zzm1 = z.times(zm1);
            Complex zzm1zm2 = zzm1.times(z.plus(-2));
            Complex c1 = z.times((double) d).plus(zzm1.times(2));
            Complex c2 = zzm1.times(0.5 * d * (d + 2.0)).plus(zzm1zm2.times(2.0 * (d + 2)))
                    .plus(zzm1zm2.times(z.plus(-3)).times(2));
            Complex m1 = c1.times(nodes.w1[first]).plus(c2.times(nodes.w2[first]));
            sum.add(1, m1.plus(nodes.w0[first]), m1);
        }
        for (int i = first; i < nodes.t2.length; i++) {
            Transform g = conditional(nodes.t2[i], z, table);
            sum.add(nodes.w[i], g.value(), g.minusOne());
        }
        // the atom (R = 1) adds its mass to M and nothing to M - 1
        return new Transform(sum.value().plus(atom), sum.minusOne());
    }

    /** Running weighted sums of {@code e^c} and {@code e^c - 1}. */
    private static final class Sum {
        private double re;
        private double im;
        private double re1;
        private double im1;
        private double mass;

        void add(double w, Complex value, Complex minusOne) {
            re += w * value.re();
            im += w * value.im();
            re1 += w * minusOne.re();
            im1 += w * minusOne.im();
            mass += w;
        }

        void addExponent(double w, Complex c) {
            Complex e = c.exp();
            Complex e1 = SpecialFunctions.absBelow(c, 1) ? c.expm1() : e.plus(-1);
            add(w, e, e1);
        }

        Complex value() {
            return new Complex(re, im);
        }

        Complex minusOne() {
            return new Complex(re1, im1);
        }

        Transform normalised() {
            return new Transform(new Complex(re / mass, im / mass), new Complex(re1 / mass, im1 / mass));
        }
    }

    /** @return the number of entries of the ascending {@code a} that are {@code <= x} */
    private static int upperBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The refinement level whose step resolves the phase rate {@code |Im z| d E[log R | u] / du}. */
    private int levelFor(Complex z) {
        double omega = 1.5 * Math.abs(z.im()) * maxRate;
        double needed = 2 * Math.PI / (omega + 12 / sigmaStep);
        int r = 0;
        while (r < MAX_LEVEL && baseStep / (1 << r) > needed) {
            r++;
        }
        return r;
    }

    /** {@code E[R^z | t]} by the Poisson mixture (see the class comment). */
    private Transform conditional(double t2, Complex z, IntegerTable table) {
        double mu = 0.5 / t2;
        double shift = z.re() * mu / (halfD + mu);
        if (mu >= CONTINUOUS_MEAN) {
            double sd = Math.sqrt(mu);
            double jLo = mu - 9.5 * sd + Math.min(0, shift);
            if (jLo >= 20) {
                return continuousSum(t2, mu, sd, jLo, mu + 10.5 * sd + Math.max(0, shift), z);
            }
        }
        int jMax = (int) Math.ceil(mu + 11 * Math.sqrt(mu) + Math.max(0, shift) + 30);
        Complex zLog2t2 = z.times(StrictMath.log(2 * t2));
        Sum sum = new Sum();
        for (int j = 0; j <= jMax; j++) {
            double p = StrictMath.exp(SpecialFunctions.logPoisson(j, mu));
            if (p > 0) {
                sum.addExponent(p, zLog2t2.plus(table.get(j)));
            }
        }
        return sum.normalised();
    }

    private Transform continuousSum(double t2, double mu, double sd, double jLo, double jHi, Complex z) {
        double omega = Math.abs(z.im()) / (halfD + jLo);
        double step = 2 * Math.PI / (omega + 9.5 / sd);
        long kLo = (long) Math.ceil((jLo - mu) / step);
        long kHi = (long) Math.floor((jHi - mu) / step);
        double t2d = t2 * d;
        Sum sum = new Sum();
        for (long k = kLo; k <= kHi; k++) {
            double delta = k * step;
            double j = mu + delta;
            double p = StrictMath.exp(SpecialFunctions.logPoisson(j, mu));
            // log(2 t^2 a_j) = log(1 + t^2 d + delta / mu), since 2 t^2 mu = 1
            Complex c = z.times(StrictMath.log1p(t2d + delta / mu))
                    .plus(SpecialFunctions.logGammaRatio(halfD + j, z));
            sum.addExponent(p, c);
        }
        return sum.normalised();
    }

    /** {@code log Gamma(d/2 + j + z) - log Gamma(d/2 + j)} for integer {@code j}, by the recurrence. */
    private final class IntegerTable {
        private final Complex z;
        private Complex[] values = new Complex[0];

        IntegerTable(Complex z) {
            this.z = z;
        }

        Complex get(int j) {
            if (j >= values.length) {
                int n = Math.max(j + 1, 2 * values.length);
                Complex[] grown = Arrays.copyOf(values, n);
                int start = values.length;
                if (start == 0) {
                    grown[0] = SpecialFunctions.logGammaRatio(halfD, z).plus(z.times(StrictMath.log(halfD)));
                    start = 1;
                }
                for (int i = start; i < n; i++) {
                    grown[i] = grown[i - 1].plus(z.times(1 / (halfD + i - 1)).log1p());
                }
                values = grown;
            }
            return values[j];
        }
    }

    /** The trapezoid nodes of {@code log Q} at step {@code baseStep / 2^r} (built once, on demand). */
    private synchronized Nodes level(int r) {
        if (levels[r] == null) {
            levels[r] = buildLevel(baseStep / (1 << r));
        }
        return levels[r];
    }

    private Nodes buildLevel(double step) {
        int n = (int) Math.ceil((uHi - uLo) / step) + 1;
        double[] logf = new double[n];
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            logf[i] = logDensityOfLogQ(uLo + i * step);
            peak = Math.max(peak, logf[i]);
        }
        int kept = 0;
        double[] t2 = new double[n];
        double[] w = new double[n];
        double total = 0;
        double scale = alpha * alpha / ((double) d * d);
        for (int i = 0; i < n; i++) {
            if (logf[i] >= peak - TRIM) {
                double u = uLo + i * step;
                t2[kept] = scale * StrictMath.exp(u);
                w[kept] = StrictMath.exp(logf[i] - peak);
                total += w[kept];
                kept++;
            }
        }
        double norm = (1 - atom) / total;
        for (int i = 0; i < kept; i++) {
            w[i] *= norm;
        }
        return Nodes.of(Arrays.copyOf(t2, kept), Arrays.copyOf(w, kept));
    }

    /** Log-density of {@code log Q} at {@code u}, up to the normalising constant. */
    private double logDensityOfLogQ(double u) {
        if (branch.kind() == Branch.Kind.IDENTITY_RES2) {
            return SpecialFunctions.logChiSquareOfLog(d, u);
        }
        // ReLU: Q ~ chi2(K), K ~ Binomial(d, 1/2) given K >= 1 (K = 0 is the atom);
        // leaky ReLU: Q = X+ + s^2 X- given K, see logDensityOfLeakyLogQ (K = 0 included)
        boolean leaky = branch.kind() == Branch.Kind.LEAKY;
        int kLo;
        int kHi;
        int stride;
        if (d <= EXACT_BINOMIAL_MAX) {
            kLo = leaky ? 0 : 1;
            kHi = d;
            stride = 1;
        } else {
            double sdK = Math.sqrt(d) / 2;
            kLo = (int) Math.max(leaky ? 0 : 1, Math.floor(halfD - 14 * sdK));
            kHi = (int) Math.min(d, Math.ceil(halfD + 14 * sdK));
            // the summand's width in K is about 0.45 sqrt(d) (binomial times chi-square density)
            stride = (int) Math.max(1, Math.floor(0.45 * Math.sqrt(d) / 3));
            kLo = (int) (halfD - stride * Math.floor((halfD - kLo) / stride));
        }
        double max = Double.NEGATIVE_INFINITY;
        int count = (kHi - kLo) / stride + 1;
        double[] terms = new double[count];
        for (int i = 0; i < count; i++) {
            int k = kLo + i * stride;
            double lb = k == d || k == 0 ? -d * StrictMath.log(2) : SpecialFunctions.logBinomialHalf(d, k);
            terms[i] = lb + (leaky ? logDensityOfLeakyLogQ(k, u) : SpecialFunctions.logChiSquareOfLog(k, u));
            max = Math.max(max, terms[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (double term : terms) {
            s += StrictMath.exp(term - max);
        }
        return max + StrictMath.log(s);
    }

    /**
     * Log-density of {@code log Q} at {@code u} given {@code K} active units for a leaky ReLU of
     * slope {@code s}: {@code Q = X+ + s^2 X-}, {@code X+ ~ chi2(K)}, {@code X- ~ chi2(d - K)}.
     * Since {@code X+ / s^2} is a gamma of scale {@code 2 / s^2 > 2}, it is the negative-binomial
     * mixture {@code sum_j NB(j; K/2, s^2) chi2(K + 2j)} (compare the moment generating functions:
     * {@code sum_j NB(j) (1 - 2x)^{-K/2 - j} = (1 - 2x / s^2)^{-K/2}}), so
     * {@code Q = s^2 chi2(d + 2J)}, {@code J ~ NB(K/2, s^2)}, a one-dimensional sum of chi-square
     * densities. The summand is smooth in {@code j}: where its width {@code w} (the narrower of the
     * negative binomial's sd and the chi-square factor's {@code sqrt(n/2)} in {@code j}) is large
     * and the range stays clear of {@code j = 0} the sum is taken at a stride of {@code w / 3}, exact
     * to {@code exp(-2 pi^2 9)} by Poisson summation (as for the binomial over {@code K}); where the
     * range reaches {@code j = 0} every term is summed. Only {@code j} within 12 widths of where
     * {@code s^2 (d + 2j)} meets {@code e^u} and of the negative binomial's bulk are visited.
     */
    private double logDensityOfLeakyLogQ(int k, double u) {
        double s2 = branch.slope() * branch.slope();
        double v = u - StrictMath.log(s2); // log of chi2(d + 2J)
        if (k == 0) {
            return SpecialFunctions.logChiSquareOfLog(d, v);
        }
        double r = k / 2.0;
        double mean = r * (1 - s2) / s2;
        double sdNb = Math.sqrt(r * (1 - s2)) / s2;
        double jc = 0.5 * (StrictMath.exp(v) - d);
        double wg = Math.sqrt(Math.max(d, StrictMath.exp(v)) / 2);
        double lo = Math.max(Math.max(0, Math.floor(mean - 14 * sdNb - 30)), Math.floor(jc - 12 * wg - 30));
        // NB's right tail decays like (1 - s^2)^j: at a small shape K/2 that is far beyond 14 sd
        double tail = 60 / -StrictMath.log1p(-s2);
        double hi = Math.min(Math.ceil(mean + 14 * sdNb + tail + 30), Math.ceil(jc + 12 * wg + 30));
        if (lo > hi) {
            return Double.NEGATIVE_INFINITY;
        }
        // a stride needs a summand that is smooth and negligible at both ends of the range; at j = 0
        // (small K: NB(K/2, s^2) has a j^(K/2 - 1) edge there) every term is taken
        long stride = lo > 0 ? (long) Math.max(1, Math.floor(Math.min(sdNb, wg) / 3)) : 1;
        double logP = r * StrictMath.log(s2);
        double log1mP = StrictMath.log1p(-s2);
        double lgR = org.apache.commons.math3.special.Gamma.logGamma(r);
        int count = (int) ((hi - lo) / stride) + 1;
        double[] terms = new double[count];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            double j = lo + (double) i * stride;
            double logNb = org.apache.commons.math3.special.Gamma.logGamma(r + j) - lgR
                    - org.apache.commons.math3.special.Gamma.logGamma(j + 1) + logP + j * log1mP;
            terms[i] = logNb + SpecialFunctions.logChiSquareOfLog(d + 2 * j, v) + StrictMath.log(stride);
            max = Math.max(max, terms[i]);
        }
        double sum = 0;
        for (double t : terms) {
            sum += StrictMath.exp(t - max);
        }
        return max + StrictMath.log(sum);
    }
}
