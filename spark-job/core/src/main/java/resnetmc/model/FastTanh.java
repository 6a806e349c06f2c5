package resnetmc.model;

/**
 * tanh in plain Java arithmetic: about 2.4x faster than {@link StrictMath#tanh} (fdlibm) over arrays of
 * independent entries (docs/performance.md) and, like it, bit-identical on every JVM and CPU, because it
 * uses only +, -, *, / (IEEE-754 correctly rounded, never contracted into an FMA by Java), integer casts
 * and bit manipulation; no intrinsic whose result may depend on the JIT or the CPU.
 *
 * <p>Algorithm: tanh|x| = E / (E + 2) with E = expm1(2|x|). With y = 2|x| = k ln 2 + r, k = round(y / ln 2)
 * and |r| <= ln 2 / 2, expm1(y) = 2^k p + (2^k - 1) where p = expm1(r) = r + r^2 P(r), P the degree-12 Taylor
 * polynomial of (e^r - 1 - r) / r^2 (evaluated by Estrin's scheme). Both terms of the sum are exact (scaling by a power of two), so E has
 * about one rounding error relative to itself even where tanh x is small, and the quotient loses no
 * accuracy: no cancellation anywhere. ln 2 is split into {@link #LN2_HI} (trailing zero bits, so k LN2_HI
 * is exact) and {@link #LN2_LO} as in fdlibm's e_exp.c.
 *
 * <p>Accuracy: at most {@link #MAX_ULPS} ulps from {@link StrictMath#tanh} over the whole double range
 * (checked by FastTanhTest on every binade, subnormals, the saturation region and the special values).
 * tanh x = x for |x| < 2^-28 (the cubic term is below half an ulp), and tanh x = +-1 for |x| >= 22, where
 * 1 - tanh x < 2^-62 is below half an ulp of 1; NaN gives NaN, +-0 gives +-0.
 */
public final class FastTanh {
    /** Largest distance from StrictMath.tanh in ulps of the result, measured by FastTanhTest (bound stated there). */
    public static final int MAX_ULPS = 3;

    /** 1 / ln 2, to pick k = round(y / ln 2); any rounding of it only moves r slightly outside ln 2 / 2. */
    private static final double INV_LN2 = 1.44269504088896338700e+00;
    /** High part of ln 2 (fdlibm e_exp.c, 0x3FE62E42FEE00000): 32 significant bits, so k LN2_HI is exact. */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    /** ln 2 - LN2_HI (fdlibm e_exp.c, 0x3DEA39EF35793C76). */
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /** Below 2^-28, tanh x rounds to x: |x^3 / 3| < 2^-56 |x|, under half an ulp. */
    private static final double TINY = 0x1.0p-28;
    /** At and above 22 (fdlibm s_tanh.c's cut), tanh x rounds to 1: 1 - tanh 22 = 2 e^-44 / (1 + e^-44) < 2^-62. */
    private static final double SATURATION = 22.0;

    // Taylor coefficients 1/n! of (e^r - 1 - r) / r^2 = sum_{n >= 2} r^{n-2} / n!; stopping at n = 14 leaves a
    // relative error of at most (ln 2 / 2)^13 / 15! < 2e-19 in p, far below an ulp.
    private static final double C2 = 1.0 / 2;
    private static final double C3 = 1.0 / 6;
    private static final double C4 = 1.0 / 24;
    private static final double C5 = 1.0 / 120;
    private static final double C6 = 1.0 / 720;
    private static final double C7 = 1.0 / 5040;
    private static final double C8 = 1.0 / 40320;
    private static final double C9 = 1.0 / 362880;
    private static final double C10 = 1.0 / 3628800;
    private static final double C11 = 1.0 / 39916800;
    private static final double C12 = 1.0 / 479001600;
    private static final double C13 = 1.0 / 6227020800.0;
    private static final double C14 = 1.0 / 87178291200.0;

    private FastTanh() {
    }

    /** tanh x, within {@link #MAX_ULPS} ulps of {@link StrictMath#tanh}. */
    public static double tanh(double x) {
        double ax = Math.abs(x);
        if (!(ax >= TINY)) {
            return x; // +-0, subnormals, tiny values, NaN
        }
        if (ax >= SATURATION) {
            return x > 0 ? 1.0 : -1.0;
        }
        double y = ax + ax;
        int k = (int) (y * INV_LN2 + 0.5); // y > 0: truncation of y / ln 2 + 1/2 rounds to nearest
        double r = (y - k * LN2_HI) - k * LN2_LO;
        // Estrin's scheme: four dependent levels instead of Horner's twelve, so a loop over many entries keeps
        // several in flight. poly enters only through r^2 poly <= 0.19 |p|, so its few extra roundings cost
        // under a tenth of an ulp of p.
        double r2 = r * r;
        double r4 = r2 * r2;
        double r8 = r4 * r4;
        double q0 = (C2 + r * C3) + r2 * (C4 + r * C5);
        double q1 = (C6 + r * C7) + r2 * (C8 + r * C9);
        double q2 = (C10 + r * C11) + r2 * (C12 + r * C13);
        double poly = (q0 + r4 * q1) + r8 * (q2 + r4 * C14);
        double p = r + r2 * poly;
        double t;
        if (k == 0) {
            // |x| < ln 2 / 4: with h = E / 2, tanh = h / (1 + h) = h - h^2 / (1 + h); the correction is
            // below 0.2 h, so the rounding of 1 + h costs a fifth of what it would in the plain quotient.
            double h = 0.5 * p;
            t = h - h * h / (1.0 + h);
        } else {
            double twoK = Double.longBitsToDouble((long) (k + 1023) << 52); // 2^k, 1 <= k <= 32
            double e = twoK * p + (twoK - 1.0);
            t = e / (e + 2.0);
        }
        return x > 0 ? t : -t;
    }

    /** out[i] = tanh(in[i]) for i < n. */
    public static void tanh(double[] in, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = tanh(in[i]);
        }
    }
}
