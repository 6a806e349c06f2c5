package resnetmc.checks;

import java.util.Locale;
import resnetmc.stats.Interval;
import resnetmc.stats.LogMoments;
import resnetmc.stats.MeanInterval;

/**
 * The verdict on a mean statement, "lower &lt;= E X &lt;= upper" (Lemma 1 of Marion et al., arXiv
 * 2206.06929, on X = r_fwd), as an equivalence test with a relative tolerance (THEORY.md section 7):
 * with I the mean's interval at the row's level, {@code violated} when I lies outside
 * [lower (1 - tol), upper (1 + tol)], {@code holds} when it lies inside, else {@code inconclusive}.
 * Either false verdict needs the true mean outside I, so the row's error rate is the interval's
 * non-coverage; a mean within the tolerance of a bound (res-3 sits on the lower one) may be
 * {@code holds}, never {@code violated}.
 *
 * <p>The interval is Student's t on the sample moments, kept in log-domain ({@link LogMoments}) so no
 * finite trial is dropped. It is used only where its validity is argued, otherwise the verdict is
 * {@code inconclusive} with the reason:
 * <ul>
 * <li>every trial finite (a trial whose value is unknown makes the mean unknown);</li>
 * <li>{@code n >= minTrials} (default {@value #DEFAULT_MIN_TRIALS}: below it the skewness estimate the
 *     guard needs has a standard error sqrt(6/n) &gt; 0.35 even for normal data, and at n = 2 two close
 *     values give a tiny interval);</li>
 * <li>a skewness guard. The studentised mean T has the Edgeworth expansion
 *     P(T &lt;= x) = Phi(x) + n^(-1/2) (g/6) (2x^2 + 1) phi(x) + O(1/n) (Hall, <i>The Bootstrap and
 *     Edgeworth Expansion</i>, 1992, section 2.6; g the skewness of X), so the one-sided error at the
 *     quantile t is inflated by the factor 1 + E with
 *     E = (g / sqrt n) (2t^2 + 1) phi(t) / (6 Phi(-t)) &lt;= (g / sqrt n) (2t^2 + 1)(t^2 + 1) / (6t)
 *     (Mills ratio: Phi(-t) &gt;= t phi(t)/(t^2 + 1)). The guard requires that bound to be &lt;= 1 and
 *     the interval is taken at half the row's error, so that the inflated error stays within the row's
 *     budget. g is the larger of the sample skewness and that of a lognormal fit,
 *     (e^(s^2) + 2) sqrt(e^(s^2) - 1) with s the sd of ln X: the sample skewness underestimates
 *     heavy tails (at beta &lt; 1/2 E r_fwd is carried by trials too rare to be drawn), the lognormal
 *     fit does not.</li>
 * </ul>
 * The resulting error rates are measured by repeating the check where the truth is known
 * ({@code CheckProcedureErrorRateTest}).
 */
public final class MeanEquivalence {
    /** The row's {@code method}. */
    public static final String METHOD = "student-t";
    /** See the class comment. */
    public static final int DEFAULT_MIN_TRIALS = 50;

    private MeanEquivalence() {
    }

    /**
     * The outcome of one mean check.
     *
     * @param verdict     holds, violated or inconclusive
     * @param log10Mean   log10 of the sample mean (NaN when empty)
     * @param log10Low    log10 of the interval's lower end, -Infinity when it is &lt;= 0, NaN when no valid interval
     * @param log10High   log10 of its upper end, NaN when no valid interval
     * @param confidence  the two-sided level of the interval actually computed (half the row's error)
     * @param skewGuard   the guard's E (see the class comment), NaN when not reached
     * @param reason      why the verdict is what it is, in words
     */
    public record Outcome(Verdict verdict, double log10Mean, double log10Low, double log10High, double confidence,
                          double skewGuard, String reason) {
    }

    /**
     * @param m             the sample, in log-domain
     * @param log10Lower    log10 of the claimed lower bound of E X (-Infinity: none)
     * @param log10Upper    log10 of the claimed upper bound (+Infinity: none)
     * @param tolerance     relative tolerance, in [0, 1)
     * @param rowConfidence 1 - the row's error budget
     * @param minTrials     smallest sample on which an interval is used
     */
    public static Outcome judge(LogMoments m, double log10Lower, double log10Upper, double tolerance,
                                double rowConfidence, int minTrials) {
        long n = m.n();
        double log10Mean = m.log10Mean();
        if (m.nonFinite() > 0) {
            return inconclusive(log10Mean, m.nonFinite() + " trials have no finite value: the mean is not known");
        }
        if (n < minTrials) {
            return inconclusive(log10Mean, "n = " + n + " < " + minTrials
                    + " trials: no mean interval is valid on so few (heavy right tail)");
        }
        double g = guardSkewness(m);
        double conf = 1 - (1 - rowConfidence) / 2;
        double t = MeanInterval.t(conf, n);
        double e = g / Math.sqrt(n) * (2 * t * t + 1) * (t * t + 1) / (6 * t);
        if (!(e <= 1)) {
            return new Outcome(Verdict.INCONCLUSIVE, log10Mean, Double.NaN, Double.NaN, conf, e, String.format(
                    Locale.ROOT, "skewness guard: skewness %.3g (sample %.3g, lognormal fit with sd(ln X) = %.3g) "
                            + "over sqrt(n = %d) puts the t interval's tail error up to %.3g times its level > 2",
                    g, m.skewness(), m.lnSd(), n, 1 + e));
        }
        Interval scaled = MeanInterval.studentT(m.scaledMean(), m.scaledSd(), n, conf);
        double s = m.log10Scale();
        double lo = scaled.low() > 0 ? s + StrictMath.log10(scaled.low()) : Double.NEGATIVE_INFINITY;
        double hi = scaled.high() > 0 ? s + StrictMath.log10(scaled.high()) : Double.NEGATIVE_INFINITY;
        double wideLo = log10Lower + StrictMath.log10(1 - tolerance);
        double wideHi = log10Upper + StrictMath.log10(1 + tolerance);
        Verdict v;
        String why;
        if (hi < wideLo || lo > wideHi) {
            v = Verdict.VIOLATED;
            why = "the interval lies outside [lower (1 - tol), upper (1 + tol)]";
        } else if (lo >= wideLo && hi <= wideHi) {
            v = Verdict.HOLDS;
            why = "the interval lies inside [lower (1 - tol), upper (1 + tol)]";
        } else {
            v = Verdict.INCONCLUSIVE;
            why = "the interval straddles an end of [lower (1 - tol), upper (1 + tol)]";
        }
        return new Outcome(v, log10Mean, lo, hi, conf, e, why);
    }

    /** max(sample skewness, lognormal-fit skewness); infinite when the fit's e^(s^2) overflows. */
    static double guardSkewness(LogMoments m) {
        double g = m.skewness();
        double lnSd = m.lnSd();
        double gl = Double.NaN;
        if (m.zeros() == 0 && !Double.isNaN(lnSd)) {
            double s2 = lnSd * lnSd;
            // e^(s^2) overflows past s^2 = 709: the mean is then beyond any sample anyway.
            gl = s2 > 700 ? Double.POSITIVE_INFINITY : (StrictMath.exp(s2) + 2) * Math.sqrt(StrictMath.expm1(s2));
        }
        double out = 0;
        if (!Double.isNaN(g)) {
            out = Math.max(out, g);
        }
        if (!Double.isNaN(gl)) {
            out = Math.max(out, gl);
        }
        return out;
    }

    private static Outcome inconclusive(double log10Mean, String reason) {
        return new Outcome(Verdict.INCONCLUSIVE, log10Mean, Double.NaN, Double.NaN, Double.NaN, Double.NaN, reason);
    }
}
