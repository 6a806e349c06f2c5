package resnetmc.rng.dist;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Exact Gamma(shape, 1) and chi-square variates with a shape that may change at every call, for any
 * shape up to 1e9 (and beyond), sharing one generator with its caller.
 *
 * <p>Marsaglia and Tsang, "A simple method for generating gamma variables", ACM TOMS 26 (2000) 363-372:
 * for shape a >= 1, with dd = a - 1/3 and c = 1/sqrt(9 dd), draw x ~ N(0,1), v = (1 + c x)^3 (reject
 * v <= 0) and accept dd v when u < 1 - 0.0331 x^4 (the paper's squeeze, which accepts about 98% at
 * a = 1 and more as a grows) or when log u < x^2/2 + dd (1 - v + log v). The last term is computed
 * as dd (log1p(w) - w) with w = v - 1 = c x (3 + 3 c x + (c x)^2), which keeps its accuracy when
 * c x is tiny (a = 1e9: w ~ 1e-5, where 1 - v + log v would lose ten digits). For a < 1 the paper's
 * boost: Gamma(a) = Gamma(a + 1) u^(1/a).
 *
 * <p>Chi-square with k degrees of freedom is 2 Gamma(k/2); k <= {@link #SUM_OF_SQUARES_MAX} is
 * drawn as a sum of k squared normals (exact, and cheaper than one rejection step).
 */
public final class Gamma {
    /** Up to 3 degrees of freedom a chi-square is a sum of squared normals. */
    static final int SUM_OF_SQUARES_MAX = 3;

    private final UniformRandomProvider rng;
    private final ZigguratSampler.NormalizedGaussian normal;

    private Gamma(UniformRandomProvider rng, ZigguratSampler.NormalizedGaussian normal) {
        this.rng = rng;
        this.normal = normal;
    }

    /** A sampler on {@code rng}. */
    public static Gamma of(UniformRandomProvider rng) {
        return new Gamma(rng, ZigguratSampler.NormalizedGaussian.of(rng));
    }

    /** A sampler on {@code rng} that shares the caller's normal sampler (same generator). */
    public static Gamma of(UniformRandomProvider rng, ZigguratSampler.NormalizedGaussian normal) {
        return new Gamma(rng, normal);
    }

    /** One Gamma(shape, 1) variate, shape > 0. */
    public double gamma(double shape) {
        if (shape >= 1) {
            return marsagliaTsang(shape);
        }
        if (!(shape > 0)) {
            throw new IllegalArgumentException("gamma shape " + shape);
        }
        double g = marsagliaTsang(shape + 1);
        double u = uniformOpen();
        return g * StrictMath.exp(StrictMath.log(u) / shape);
    }

    /** One chi-square variate with k >= 0 degrees of freedom (0 gives 0). */
    public double chiSquared(long k) {
        if (k <= SUM_OF_SQUARES_MAX) {
            if (k < 0) {
                throw new IllegalArgumentException("chi-square with " + k + " degrees of freedom");
            }
            double s = 0;
            for (long i = 0; i < k; i++) {
                double z = normal.sample();
                s += z * z;
            }
            return s;
        }
        return 2.0 * marsagliaTsang(0.5 * k);
    }

    /**
     * A chi-square sampler with k fixed degrees of freedom on this generator, with the Marsaglia-Tsang
     * constants computed once (a square root and a division saved per draw): the same numbers as
     * {@link #chiSquared(long)}.
     */
    public ChiSquared fixed(long k) {
        return new ChiSquared(k);
    }

    /** Chi-square draws with fixed degrees of freedom (see {@link #fixed}). */
    public final class ChiSquared {
        private final long k;
        private final double dd;
        private final double c;

        private ChiSquared(long k) {
            if (k < 0) {
                throw new IllegalArgumentException("chi-square with " + k + " degrees of freedom");
            }
            this.k = k;
            this.dd = shift(0.5 * k);
            this.c = scale(dd);
        }

        public double sample() {
            return k <= SUM_OF_SQUARES_MAX ? chiSquared(k) : 2.0 * marsagliaTsang(dd, c);
        }
    }

    /**
     * The Marsaglia-Tsang constants of chi2(k) for k in [lo, lo + count), computed once (immutable, shared
     * by every generator's {@link #range}).
     */
    public static final class RangeConstants {
        private final long lo;
        private final double[] dd;
        private final double[] c;

        public RangeConstants(long lo, int count) {
            if (lo < 0 || count < 0) {
                throw new IllegalArgumentException("chi-square range [" + lo + ", " + lo + " + " + count + ")");
            }
            this.lo = lo;
            this.dd = new double[count];
            this.c = new double[count];
            for (int i = 0; i < count; i++) {
                dd[i] = shift(0.5 * (lo + i));
                c[i] = scale(dd[i]);
            }
        }
    }

    /**
     * Chi-square draws whose degrees of freedom vary between calls, with the Marsaglia-Tsang constants
     * tabulated for k in [lo, lo + count) (computed per call outside): the same numbers as
     * {@link #chiSquared(long)}, without its square root and division where k is in the table.
     */
    public ChiSquaredRange range(long lo, int count) {
        return new ChiSquaredRange(new RangeConstants(lo, count));
    }

    /** The same with constants computed once elsewhere (a sampler's, reused by every trial's generator). */
    public ChiSquaredRange range(RangeConstants constants) {
        return new ChiSquaredRange(constants);
    }

    /** Chi-square draws with tabulated constants (see {@link #range}). */
    public final class ChiSquaredRange {
        private final long lo;
        private final double[] dd;
        private final double[] c;

        private ChiSquaredRange(RangeConstants k) {
            this.lo = k.lo;
            this.dd = k.dd;
            this.c = k.c;
        }

        public double sample(long k) {
            long i = k - lo;
            if (k <= SUM_OF_SQUARES_MAX || i < 0 || i >= dd.length) {
                return chiSquared(k);
            }
            return 2.0 * marsagliaTsang(dd[(int) i], c[(int) i]);
        }
    }

    /** One standard normal from the same generator. */
    public double normal() {
        return normal.sample();
    }

    private double marsagliaTsang(double a) {
        double dd = shift(a);
        return marsagliaTsang(dd, scale(dd));
    }

    /** Marsaglia-Tsang's dd = a - 1/3 of shape a: every table and per-call draw forms it the same way. */
    private static double shift(double a) {
        return a - 1.0 / 3.0;
    }

    /** Marsaglia-Tsang's c = 1 / sqrt(9 dd). */
    private static double scale(double dd) {
        return 1.0 / Math.sqrt(9.0 * dd);
    }

    private double marsagliaTsang(double dd, double c) {
        while (true) {
            double x = normal.sample();
            double cx = c * x;
            if (cx <= -1.0) {
                continue;
            }
            double w = cx * (3.0 + cx * (3.0 + cx)); // (1 + cx)^3 - 1
            double v = 1.0 + w;
            double u = uniformOpen();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) {
                return dd * v;
            }
            if (StrictMath.log(u) < 0.5 * x2 + dd * (StrictMath.log1p(w) - w)) {
                return dd * v;
            }
        }
    }

    /** Uniform on (0, 1): the 53-bit grid shifted by half a step, never 0. */
    private double uniformOpen() {
        return ((rng.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
    }
}
