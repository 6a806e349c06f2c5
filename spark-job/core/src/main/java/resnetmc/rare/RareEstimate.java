package resnetmc.rare;

import java.io.Serializable;

/**
 * An importance-sampling estimate of a probability p, in log10 (p may be far below 1e-308).
 *
 * @param n             trials
 * @param hits          trials inside the event
 * @param log10Estimate log10 of the mean weighted indicator (-Infinity with no hit)
 * @param log10Low      log10 of the lower end of the normal interval (-Infinity when it reaches 0)
 * @param log10High     log10 of the upper end (NaN with fewer than 2 hits: no interval)
 * @param confidence    two-sided level of the interval
 * @param ess           effective sample size of the weighted hits, (sum w)^2 / sum w^2 (0 with no hit)
 * @param tilt          the per-layer mean shift mu of the tilted normal draws
 */
public record RareEstimate(long n, long hits, double log10Estimate, double log10Low, double log10High,
                           double confidence, double ess, double tilt) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Whether the interval exists (at least two hits). */
    public boolean hasInterval() {
        return !Double.isNaN(log10High);
    }

    public double estimate() {
        return StrictMath.pow(10, log10Estimate);
    }

    public double low() {
        return StrictMath.pow(10, log10Low);
    }

    public double high() {
        return StrictMath.pow(10, log10High);
    }
}
