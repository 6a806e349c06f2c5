package resnetmc.model;

/**
 * tanh in plain Java arithmetic, bit-identical on every JVM and CPU: only +, -, *, / (IEEE-754 correctly
 * rounded, never contracted into an FMA by Java) and exact comparisons; no intrinsic whose result may depend
 * on the JIT or the CPU. The array form's main loop has no branch, call, conversion or bit manipulation, so
 * C2 vectorises it (AVX: 4 or 8 lanes); vectorised or not, every element gets the same operations in the
 * same order, hence the same bits as the scalar form. About 3.5x faster than the 0.2.0 scalar FastTanh
 * (Cody-Waite expm1, degree-14 polynomial, one quotient) over d = 256 entries, 2.5 ns an entry
 * (docs/performance.md).
 *
 * <p>Algorithm: a = x / 32 (exact), tanh a from Lambert's continued fraction
 * tanh a = a / (1 + a^2 / (3 + a^2 / (5 + ...))) truncated after the term 17, i.e. the rational
 * a P(a^2) / Q(a^2) of degrees 4 / 4 in a^2, with relative error below 4e-20 for |a| <= 22/32 (checked in
 * high precision when the coefficients were derived); written as a - a (Q - P) / Q so that its roundings
 * are scaled by (Q - P) / Q <= 0.14. Then five doublings back to x: two quadruplings
 * tanh 4b = 4t - 4t (t^2 (5 + t^2)) / (1 + (6 + t^2) t^2) and one doubling tanh 2b = 2t - 2t t^2 / (1 + t^2)
 * (t = tanh b), each a correction that is small next to 4t or 2t where t is small, so its roundings cost
 * a fraction of an ulp there; the relative error carried in is multiplied by (1 - t^2) / (1 + t^2) <= 1 per
 * doubling, so errors do not grow. Outside 2^-1000 <= |x| <= 22 (where x / 32 could lose bits, or the
 * polynomials overflow) the value is exact: tanh x = x below 2^-28, +-1 at and above 22 (1 - tanh 22 < 2^-62),
 * NaN for NaN.
 *
 * <p>Accuracy: at most {@link #MAX_ULPS} ulps from {@link StrictMath#tanh} over the whole double range
 * (FastTanhTest: every binade including subnormals, a dense grid over [0, 23], the special values).
 */
public final class FastTanh {
    /** Largest distance from StrictMath.tanh in ulps of the result, measured by FastTanhTest (bound stated there). */
    public static final int MAX_ULPS = 4;

    /** Below this (and for NaN) the main formula is not used: x / 32 may be subnormal, and tanh x = x anyway. */
    private static final double SMALL = 0x1.0p-1000;
    /** At and above 22 (fdlibm s_tanh.c's cut), tanh x rounds to 1: 1 - tanh 22 = 2 e^-44 / (1 + e^-44) < 2^-62. */
    private static final double SATURATION = 22.0;

    // Lambert's continued fraction for tanh a truncated after 17 + a^2: tanh a = a P(z) / Q(z), z = a^2, with
    // P = 34459425 + 4729725 z + 135135 z^2 + 990 z^3 + z^4, Q = 34459425 + 16216200 z + 945945 z^2
    // + 13860 z^3 + 45 z^4 (integers from the convergents' recurrence), both divided by 34459425; R = Q - P.
    private static final double Q1 = 16216200.0 / 34459425;
    private static final double Q2 = 945945.0 / 34459425;
    private static final double Q3 = 13860.0 / 34459425;
    private static final double Q4 = 45.0 / 34459425;
    private static final double R1 = 11486475.0 / 34459425;
    private static final double R2 = 810810.0 / 34459425;
    private static final double R3 = 12870.0 / 34459425;
    private static final double R4 = 44.0 / 34459425;

    private FastTanh() {
    }

    /** tanh x, within {@link #MAX_ULPS} ulps of {@link StrictMath#tanh}; the same bits as the array form. */
    public static double tanh(double x) {
        double ax = Math.abs(x);
        if (!(ax >= SMALL && ax <= SATURATION)) {
            return outside(x, ax);
        }
        return twice(quadruple(quadruple(small(x))));
    }

    /**
     * out[i] = tanh(in[i]) for i < n: three branch-free loops the JIT vectorises (split so that each body is
     * small enough for it to unroll), then the rare entries outside the main range, which re-reads in, so
     * out may not be in.
     */
    public static void tanh(double[] in, double[] out, int n) {
        if (in == out) {
            throw new IllegalArgumentException("FastTanh.tanh(in, out, n) needs distinct arrays");
        }
        for (int i = 0; i < n; i++) {
            out[i] = small(in[i]);
        }
        for (int i = 0; i < n; i++) {
            out[i] = quadruple(quadruple(out[i]));
        }
        for (int i = 0; i < n; i++) {
            out[i] = twice(out[i]);
        }
        for (int i = 0; i < n; i++) {
            double x = in[i];
            double ax = Math.abs(x);
            if (!(ax >= SMALL && ax <= SATURATION)) {
                out[i] = outside(x, ax);
            }
        }
    }

    /** tanh(x / 32) for 2^-1000 <= |x| <= 22, from the continued fraction. */
    private static double small(double x) {
        double a = x * 0x1.0p-5;
        double z = a * a;
        double q = (((Q4 * z + Q3) * z + Q2) * z + Q1) * z + 1.0;
        double r = (((R4 * z + R3) * z + R2) * z + R1) * z;
        return a - a * r / q;
    }

    /** tanh 4b from t = tanh b. */
    private static double quadruple(double t) {
        double c = t * t;
        double f = 4.0 * t;
        return f - f * (c * (5.0 + c) / (1.0 + (6.0 + c) * c));
    }

    /** tanh 2b from t = tanh b. */
    private static double twice(double t) {
        double c = t * t;
        return (t + t) - (t + t) * (c / (1.0 + c));
    }

    /** tanh x where the formula is not used: x itself (tiny, +-0, NaN) or +-1. */
    private static double outside(double x, double ax) {
        return ax > SATURATION ? (x > 0 ? 1.0 : -1.0) : x;
    }
}
