package resnetmc.stats;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Summary of the finite values of one grid cell.
 *
 * <p>Every sum runs over the values in the order given (trial order, see
 * {@link SampleBuffer#sortedByTrial()}), so equal input gives bit-identical output. Non-finite
 * values (NaN, ±Inf) are excluded from every statistic and counted in {@code nonFinite}.
 *
 * @param n finite values used
 * @param nonFinite NaN and infinite values excluded
 * @param mean arithmetic mean, two-pass (mean, then squared deviations) for accuracy
 * @param sd sample standard deviation (divisor n - 1); NaN when n &lt; 2
 * @param ciLow lower end of the normal-approximation confidence interval of the mean,
 *     mean - z sd / sqrt(n) with z the two-sided standard normal quantile; NaN when n &lt; 2
 * @param ciHigh upper end, mean + z sd / sqrt(n); NaN when n &lt; 2
 * @param quantiles the quantiles at {@link #PROBABILITIES}, linear-interpolation definition
 *     (Hyndman and Fan 1996 type 7, R's and numpy's default)
 * @param min smallest finite value
 * @param max largest finite value
 * @param histogram {@link Histogram} of the finite values
 * @since 0.1.0
 */
public record Summary(
    long n,
    long nonFinite,
    double mean,
    double sd,
    double ciLow,
    double ciHigh,
    double[] quantiles,
    double min,
    double max,
    Histogram histogram)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Probabilities of {@link #quantiles()}: tails at 1% and 5%, quartiles and median. Do not modify. */
  public static final double[] PROBABILITIES = {0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99};

  /**
   * Summarises {@code valuesInTrialOrder}; all statistics are NaN (and the histogram empty) when
   * no value is finite.
   *
   * @param confidence coverage of the confidence interval, in (0, 1), e.g. 0.95
   * @param histogramBins number of histogram bins, at least 1
   */
  public static Summary of(double[] valuesInTrialOrder, double confidence, int histogramBins) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
    }
    double[] finite = Arrays.stream(valuesInTrialOrder).filter(Double::isFinite).toArray();
    int n = finite.length;
    long nonFinite = valuesInTrialOrder.length - n;
    Histogram histogram = Histogram.of(finite, histogramBins);
    double[] quantiles = new double[PROBABILITIES.length];
    if (n == 0) {
      Arrays.fill(quantiles, Double.NaN);
      return new Summary(0, nonFinite, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          quantiles, Double.NaN, Double.NaN, histogram);
    }

    double sum = 0;
    for (double x : finite) {
      sum += x;
    }
    double mean = sum / n;
    double squaredDeviations = 0;
    for (double x : finite) {
      squaredDeviations += (x - mean) * (x - mean);
    }
    double sd = n < 2 ? Double.NaN : Math.sqrt(squaredDeviations / (n - 1));
    // No random generator: only the quantile function is used. Two-sided: P(|Z| <= z) = confidence.
    double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.5 + confidence / 2);
    double halfWidth = z * sd / Math.sqrt(n);

    double[] sorted = finite.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < quantiles.length; i++) {
      quantiles[i] = quantileType7(sorted, PROBABILITIES[i]);
    }
    return new Summary(n, nonFinite, mean, sd, mean - halfWidth, mean + halfWidth,
        quantiles, sorted[0], sorted[n - 1], histogram);
  }

  /** h = (n - 1) p; x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]); sorted non-empty. */
  static double quantileType7(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    if (lo + 1 >= sorted.length) {
      return sorted[lo];
    }
    return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
  }

  /** The same as {@link #quantileType7(double[], double)} on n &gt; 0 values given by 0-based rank. */
  static double quantileType7(long n, java.util.function.LongToDoubleFunction sorted, double p) {
    double h = (n - 1) * p;
    long lo = (long) Math.floor(h);
    if (lo + 1 >= n) {
      return sorted.applyAsDouble(lo);
    }
    double a = sorted.applyAsDouble(lo);
    return a + (h - lo) * (sorted.applyAsDouble(lo + 1) - a);
  }

  // Records compare arrays by identity; compare by content so equal summaries are equal.

  @Override
  public boolean equals(Object o) {
    return o instanceof Summary s
        && n == s.n
        && nonFinite == s.nonFinite
        && Double.compare(mean, s.mean) == 0
        && Double.compare(sd, s.sd) == 0
        && Double.compare(ciLow, s.ciLow) == 0
        && Double.compare(ciHigh, s.ciHigh) == 0
        && Arrays.equals(quantiles, s.quantiles)
        && Double.compare(min, s.min) == 0
        && Double.compare(max, s.max) == 0
        && histogram.equals(s.histogram);
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(n);
    for (double d : new double[] {nonFinite, mean, sd, ciLow, ciHigh, min, max}) {
      h = 31 * h + Double.hashCode(d);
    }
    return 31 * (31 * h + Arrays.hashCode(quantiles)) + histogram.hashCode();
  }

  @Override
  public String toString() {
    return "Summary[n=" + n + ", nonFinite=" + nonFinite + ", mean=" + mean + ", sd=" + sd
        + ", ciLow=" + ciLow + ", ciHigh=" + ciHigh + ", quantiles=" + Arrays.toString(quantiles)
        + ", min=" + min + ", max=" + max + ", histogram=" + histogram + "]";
  }
}
