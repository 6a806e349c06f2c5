package resnetmc.theory;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/**
 * The bounds of Marion, Fermanian, Biau, Vert, "Scaling ResNets in the Large-depth Regime"
 * (arXiv 2206.06929) on {@code r_fwd = ||h_L - h_0||^2 / ||h_0||^2}, with their preconditions
 * (statements as restated in THEORY.md section 1).
 *
 * <p>Stability: {@code (1 + x)^L - 1} is evaluated as {@code expm1(L log1p(x))}, which keeps full
 * relative precision when {@code L x} is small (e.g. {@code alpha = 1e-8}, where {@code pow}
 * would return exactly 0); likewise {@code exp(y) - 1} as {@code expm1(y)}.
 *
 * <p>Preconditions return {@link Optional#empty()} when they hold and otherwise a short reason
 * naming the first failing condition with its numbers, so a cell can be reported "not
 * applicable" (THEORY.md section 1). Comparisons on {@code alpha^2} allow a relative tolerance
 * {@code 1e-12}. Arguments outside the statements' domains (e.g. {@code delta} outside (0,1))
 * are caller errors and throw {@link IllegalArgumentException}.
 */
public final class Bounds {

    /**
     * Relative slack on comparisons involving {@code alpha^2}: {@code alpha = L^{-1/2}} gives
     * {@code L alpha^2 = 1 + 2e-16}, which must count as {@code <= 1}. 1e-12 is far above such
     * rounding (a few ulps) and far below any meaningful violation.
     */
    static final double REL_TOL = 1e-12;

    private Bounds() {
    }

    // ---------------------------------------------------------------- Lemma 1

    /** Lemma 1 lower bound on {@code E[r_fwd]}: {@code (1 + alpha^2/2)^L - 1}. */
    public static double lemma1Lower(double alpha, int L) {
        return exactMean(0.5, alpha, L);
    }

    /** Lemma 1 upper bound on {@code E[r_fwd]}: {@code (1 + alpha^2)^L - 1}. */
    public static double lemma1Upper(double alpha, int L) {
        return exactMean(1.0, alpha, L);
    }

    /**
     * Exact {@code E[r_fwd] = E[r_bwd] = (1 + c2 alpha^2)^L - 1} for a positively homogeneous
     * branch with {@code c2 = (sigma(1)^2 + sigma(-1)^2)/2} (THEORY.md, Lemma 1 oracles; 1/2 for
     * res-3, 1 for res-1 with identity).
     */
    public static double exactMean(double c2, double alpha, int L) {
        Checks.finite("alpha", alpha);
        depth(L);
        if (!(c2 >= 0) || Double.isInfinite(c2)) {
            throw new IllegalArgumentException("c2 must be finite and >= 0, got " + c2);
        }
        return Math.expm1(L * Math.log1p(c2 * alpha * alpha));
    }

    /**
     * {@code log10((1 + c2 alpha^2)^L - 1)}, finite where the value itself overflows (beta &lt; 1/2 at large
     * depth): with {@code x = L log1p(c2 alpha^2)}, {@code log10(expm1(x))} while {@code expm1} is finite
     * and well above rounding ({@code x <= 700}), else {@code x / ln 10 + log10(1 - e^-x)} where the last
     * term is below 1e-304. StrictMath, so every CPU gives the same bits.
     */
    public static double log10ExactMean(double c2, double alpha, int L) {
        Checks.finite("alpha", alpha);
        depth(L);
        if (!(c2 >= 0) || Double.isInfinite(c2)) {
            throw new IllegalArgumentException("c2 must be finite and >= 0, got " + c2);
        }
        double x = L * StrictMath.log1p(c2 * alpha * alpha);
        return x <= 700 ? StrictMath.log10(StrictMath.expm1(x)) : x / StrictMath.log(10.0);
    }

    // ---------------------------------------------------------------- Proposition 2

    /** Prop. 2: with probability {@code >= 1 - delta}, {@code r_fwd <= 2 L alpha^2 / delta}. */
    public static double prop2Bound(double alpha, int L, double delta) {
        Checks.finite("alpha", alpha);
        depth(L);
        delta(delta);
        return 2.0 * L * alpha * alpha / delta;
    }

    /** Prop. 2 precondition {@code L alpha^2 <= 1}. */
    public static Optional<String> prop2Precondition(double alpha, int L) {
        Checks.finite("alpha", alpha);
        depth(L);
        double la2 = L * alpha * alpha;
        return le(la2, 1) ? Optional.empty() : Optional.of("L alpha^2 = " + fmt(la2) + " > 1");
    }

    // ---------------------------------------------------------------- Proposition 3

    /**
     * Prop. 3(i): with probability {@code >= 1 - delta},
     * {@code r_fwd > exp(3 L alpha^2/8 - sqrt(11 L alpha^2/(d delta))) - 1}.
     */
    public static double prop3LowerBound(double alpha, int L, int d, double delta) {
        double la2 = la2(alpha, L, d, delta);
        return Math.expm1(3 * la2 / 8 - Math.sqrt(11 * la2 / (d * delta)));
    }

    /**
     * Prop. 3(ii): with probability {@code >= 1 - delta},
     * {@code r_fwd < exp(L alpha^2 + sqrt(5 L alpha^2/(d delta))) + 1}.
     */
    public static double prop3UpperBound(double alpha, int L, int d, double delta) {
        double la2 = la2(alpha, L, d, delta);
        return Math.exp(la2 + Math.sqrt(5 * la2 / (d * delta))) + 1;
    }

    /**
     * {@code log10} of the Prop. 3(ii) bound, finite where the bound itself overflows (L alpha^2 &gt; 709):
     * {@code y = L alpha^2 + sqrt(5 L alpha^2/(d delta))}, {@code log10(e^y + 1)} while e^y is finite
     * ({@code y <= 700}), else {@code y / ln 10} (the + 1 is below 1e-304 relative). StrictMath.
     */
    public static double log10Prop3UpperBound(double alpha, int L, int d, double delta) {
        double la2 = la2(alpha, L, d, delta);
        double y = la2 + StrictMath.sqrt(5 * la2 / (d * delta));
        return y <= 700 ? StrictMath.log10(StrictMath.exp(y) + 1) : y / StrictMath.log(10.0);
    }

    /**
     * Prop. 3(i) preconditions, checked in the paper's order: {@code d >= 64};
     * {@code alpha^2 <= 2/((sqrt(C) s^4 + 4 sqrt(C) + 16 s^4) d)};
     * {@code 2 L exp(-d/(64 alpha^2 s^2)) <= delta/11}.
     *
     * @param C Hypothesis 2 constant (see {@link HypothesisConstants}), {@code > 0}
     * @param s Hypothesis 1 sub-Gaussian parameter, {@code >= 1}
     */
    public static Optional<String> prop3iPrecondition(double alpha, int L, int d, double C, double s,
                                                      double delta) {
        Checks.finite("alpha", alpha);
        depth(L);
        width(d);
        constants(C, s);
        delta(delta);
        if (d < 64) {
            return Optional.of("d = " + d + " < 64");
        }
        double a2 = alpha * alpha;
        double s4 = s * s * s * s;
        double rc = Math.sqrt(C);
        double a2Max = 2 / ((rc * s4 + 4 * rc + 16 * s4) * d);
        if (!le(a2, a2Max)) {
            return Optional.of("alpha^2 = " + fmt(a2) + " > 2/((sqrt(C) s^4 + 4 sqrt(C) + 16 s^4) d) = "
                    + fmt(a2Max));
        }
        // alpha = 0 gives exp(-inf) = 0, correctly satisfied.
        double tail = 2.0 * L * Math.exp(-d / (64 * a2 * s * s));
        if (!(tail <= delta / 11)) {
            return Optional.of("2 L exp(-d/(64 alpha^2 s^2)) = " + fmt(tail) + " > delta/11 = "
                    + fmt(delta / 11));
        }
        return Optional.empty();
    }

    /**
     * Prop. 3(ii) precondition {@code alpha^2 <= 1/(sqrt(C)(d + 128 s^4))}.
     *
     * @param C Hypothesis 2 constant, {@code > 0}
     * @param s Hypothesis 1 sub-Gaussian parameter, {@code >= 1}
     */
    public static Optional<String> prop3iiPrecondition(double alpha, int d, double C, double s) {
        Checks.finite("alpha", alpha);
        width(d);
        constants(C, s);
        double a2 = alpha * alpha;
        double a2Max = 1 / (Math.sqrt(C) * (d + 128 * s * s * s * s));
        return le(a2, a2Max) ? Optional.empty()
                : Optional.of("alpha^2 = " + fmt(a2) + " > 1/(sqrt(C) (d + 128 s^4)) = " + fmt(a2Max));
    }

    // ---------------------------------------------------------------- Corollary 1

    /**
     * Corollary 1(iii), {@code beta = 1/2}: with probability {@code >= 1 - delta},
     * {@code r_fwd > exp(3/8 - sqrt(22/(d delta))) - 1}. The bound is on the squared ratio
     * {@code r_fwd} (Marion et al., Corollary 1(iii)); it is Prop. 3(i) at {@code L alpha^2 = 1} with
     * {@code delta/2}, the two sides sharing {@code delta} by a union bound.
     */
    public static double cor1Lower(int d, double delta) {
        width(d);
        delta(delta);
        return Math.expm1(3.0 / 8 - Math.sqrt(22 / (d * delta)));
    }

    /**
     * Corollary 1(iii), {@code beta = 1/2}: {@code r_fwd < exp(1 + sqrt(10/(d delta))) + 1}, i.e.
     * Prop. 3(ii) at {@code L alpha^2 = 1} with {@code delta/2}.
     */
    public static double cor1Upper(int d, double delta) {
        width(d);
        delta(delta);
        return Math.exp(1 + Math.sqrt(10 / (d * delta))) + 1;
    }

    /**
     * Corollary 1(iii) preconditions ("L large enough" made explicit as in THEORY.md section 1), checked in
     * order: {@code d >= 64}; {@code L >= (sqrt(C) s^4/2 + 2 sqrt(C) + 8 s^4) d + 96 sqrt(C) s^4};
     * {@code 2 L exp(-L d/(64 s^2)) <= delta/11}. The first and last are Prop. 3(i)'s with
     * {@code alpha^2 = 1/L}.
     *
     * @param C Hypothesis 2 constant, {@code > 0}
     * @param s Hypothesis 1 sub-Gaussian parameter, {@code >= 1}
     */
    public static Optional<String> cor1Precondition(int L, int d, double C, double s, double delta) {
        depth(L);
        width(d);
        constants(C, s);
        delta(delta);
        if (d < 64) {
            return Optional.of("d = " + d + " < 64");
        }
        double s4 = s * s * s * s;
        double rc = Math.sqrt(C);
        double lMin = (rc * s4 / 2 + 2 * rc + 8 * s4) * d + 96 * rc * s4;
        if (!(L >= lMin)) {
            return Optional.of("L = " + L + " < (sqrt(C) s^4/2 + 2 sqrt(C) + 8 s^4) d + 96 sqrt(C) s^4 = "
                    + fmt(lMin));
        }
        double tail = 2.0 * L * Math.exp(-(double) L * d / (64 * s * s));
        if (!(tail <= delta / 11)) {
            return Optional.of("2 L exp(-L d/(64 s^2)) = " + fmt(tail) + " > delta/11 = " + fmt(delta / 11));
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- helpers

    private static boolean le(double x, double bound) {
        return x <= bound * (1 + REL_TOL);
    }

    private static double la2(double alpha, int L, int d, double delta) {
        Checks.finite("alpha", alpha);
        depth(L);
        width(d);
        delta(delta);
        return L * alpha * alpha;
    }

    private static void depth(int L) {
        if (L < 1) {
            throw new IllegalArgumentException("L must be >= 1, got " + L);
        }
    }

    private static void width(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("d must be >= 1, got " + d);
        }
    }

    private static void delta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0,1), got " + delta);
        }
    }

    private static void constants(double C, double s) {
        // s < 1 is impossible for a unit-variance law (sub-Gaussian parameter >= standard deviation).
        if (!(C > 0) || Double.isInfinite(C) || !(s >= 1) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("need finite C > 0 and s >= 1, got C=" + C + ", s=" + s);
        }
    }

    /** Six significant digits, trailing zeros dropped ("1.5", "0.0012", "3.1E-7", "120"). */
    static String fmt(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        BigDecimal b = new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros();
        double m = Math.abs(x);
        return m == 0 || (m >= 1e-4 && m < 1e7) ? b.toPlainString() : b.toString();
    }
}
