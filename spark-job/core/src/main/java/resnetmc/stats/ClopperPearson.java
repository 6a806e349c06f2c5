package resnetmc.stats;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Exact two-sided Clopper-Pearson interval for a binomial proportion: the interval in which an
 * exceedance count of a probability statement of arXiv 2206.06929 (Prop. 2, Prop. 3, Cor. 1) is
 * reported. With {@code a = 1 - confidence}, the ends are the Beta quantiles
 * {@code low = B(a/2; k, n-k+1)} and {@code high = B(1-a/2; k+1, n-k)}, i.e. the {@code p} at
 * which {@code P(Bin(n,p) >= k) = a/2}, resp. {@code P(Bin(n,p) <= k) = a/2}; by convention
 * {@code low = 0} when {@code k = 0} and {@code high = 1} when {@code k = n}. Coverage is at
 * least {@code confidence} for every {@code p}.
 */
public final class ClopperPearson {

    /**
     * Absolute accuracy of the Beta quantile solver. Commons Math's default (1e-9) would limit
     * known-answer tests; 1e-14 is near double resolution on [0,1] and still converges quickly.
     */
    private static final double QUANTILE_ACCURACY = 1e-14;

    private ClopperPearson() {
    }

    /**
     * @param k          successes, {@code 0 <= k <= n}
     * @param n          trials, {@code >= 1}
     * @param confidence two-sided level in (0,1), e.g. 0.95
     * @return the interval for the success probability
     * @throws IllegalArgumentException on arguments out of range
     */
    public static Interval of(long k, long n, double confidence) {
        if (n < 1 || k < 0 || k > n) {
            throw new IllegalArgumentException("need n >= 1 and 0 <= k <= n, got k=" + k + ", n=" + n);
        }
        Arguments.confidence(confidence);
        double tail = (1 - confidence) / 2;
        // The null generator avoids seeding an unused RandomGenerator on every call.
        double low = k == 0 ? 0.0
                : new BetaDistribution(null, k, n - k + 1, QUANTILE_ACCURACY).inverseCumulativeProbability(tail);
        double high = k == n ? 1.0
                : new BetaDistribution(null, k + 1, n - k, QUANTILE_ACCURACY).inverseCumulativeProbability(1 - tail);
        return new Interval(low, high);
    }
}
