package resnetmc.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Erf;

/**
 * Intervals for a mean: the normal-approximation (CLT) interval and Student's t interval, used to
 * compare Monte Carlo means of {@code r_fwd}, {@code r_bwd} with Lemma 1 of arXiv 2206.06929 and its
 * exact oracles (THEORY.md section 1). Neither is valid for heavy-tailed samples at small n; the
 * guards that decide when the t interval may be used are in {@code resnetmc.checks.MeanEquivalence}.
 */
public final class MeanInterval {

    private MeanInterval() {
    }

    /**
     * Two-sided standard normal quantile: the {@code z} with {@code P(|Z| <= z) = confidence}, i.e.
     * {@code Phi^{-1}((1 + confidence)/2)}. Computed as {@code sqrt(2) erfinv(confidence)}, since
     * {@code P(|Z| <= z) = erf(z / sqrt 2)}; this avoids rounding {@code (1 + c)/2} near 1.
     */
    public static double z(double confidence) {
        Arguments.confidence(confidence);
        return Math.sqrt(2) * Erf.erfInv(confidence);
    }

    /**
     * {@code mean +- z(confidence) sd / sqrt(n)}.
     *
     * @param sd sample standard deviation of the {@code n} observations, {@code >= 0}
     * @param n  number of observations, {@code >= 1}
     */
    public static Interval normal(double mean, double sd, long n, double confidence) {
        Arguments.finite("mean", mean);
        if (!(sd >= 0) || n < 1) {
            throw new IllegalArgumentException("need sd >= 0 and n >= 1, got sd=" + sd + ", n=" + n);
        }
        double half = z(confidence) * sd / Math.sqrt(n);
        return new Interval(mean - half, mean + half);
    }

    /**
     * Two-sided Student t quantile with {@code n - 1} degrees of freedom: the {@code t} with
     * {@code P(|T| <= t) = confidence}.
     *
     * @param n observations, {@code >= 2}
     */
    public static double t(double confidence, long n) {
        Arguments.confidence(confidence);
        if (n < 2) {
            throw new IllegalArgumentException("need n >= 2, got " + n);
        }
        // Null generator: only the quantile function is used.
        return new TDistribution(null, n - 1.0, 1e-14).inverseCumulativeProbability(0.5 + confidence / 2);
    }

    /**
     * Student's t interval {@code mean +- t(confidence, n) sd / sqrt(n)}: exact for normal samples,
     * otherwise asymptotic (its one-sided error has a first-order skewness term, see
     * {@code MeanEquivalence}).
     *
     * @param sd sample standard deviation, {@code >= 0}
     * @param n  observations, {@code >= 2}
     */
    public static Interval studentT(double mean, double sd, long n, double confidence) {
        Arguments.finite("mean", mean);
        if (!(sd >= 0) || n < 2) {
            throw new IllegalArgumentException("need sd >= 0 and n >= 2, got sd=" + sd + ", n=" + n);
        }
        double half = t(confidence, n) * sd / Math.sqrt(n);
        return new Interval(mean - half, mean + half);
    }
}
