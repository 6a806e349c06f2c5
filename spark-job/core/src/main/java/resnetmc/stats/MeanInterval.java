package resnetmc.stats;

import org.apache.commons.math3.special.Erf;

/**
 * Normal-approximation (CLT) interval for a mean, used to compare Monte Carlo means of
 * {@code r_fwd}, {@code r_bwd} with the exact oracles of Lemma 1 of arXiv 2206.06929.
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
}
