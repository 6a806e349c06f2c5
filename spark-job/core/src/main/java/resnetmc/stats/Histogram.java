package resnetmc.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Equal-width histogram of the finite values; a log-binned histogram of r when given log10 r.
 *
 * <p>The range [lo, hi] is [min, max] rounded outward to multiples of 0.1 (a factor 10^0.1 ≈
 * 1.26 in r), so edges are readable and stable when a run adds a few extreme trials; when
 * lo == hi it is widened to [lo - 0.5, hi + 0.5] (half a decade in r each side). Bin i holds
 * edges[i] &lt;= x &lt; edges[i + 1]; the last bin is closed on the right. Values are binned by
 * binary search on the stored edges, so the counts agree exactly with the edges as reported.
 *
 * @param edges bins + 1 increasing bin edges, or empty when there is no finite value
 * @param counts values per bin, or empty when there is no finite value
 * @since 0.1.0
 */
public record Histogram(double[] edges, long[] counts) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Rounding grid of the range: multiples of 1 / 10 = 0.1. */
  private static final double GRID_PER_UNIT = 10;

  /**
   * Histogram of the finite values among {@code values}.
   *
   * @param bins number of bins, at least 1
   * @throws IllegalArgumentException if bins &lt; 1, or the rounded range overflows a double
   */
  public static Histogram of(double[] values, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1: " + bins);
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double x : values) {
      if (Double.isFinite(x)) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
    }
    if (min > max) {
      return new Histogram(new double[0], new long[0]);
    }
    double[] edges = edges(min, max, bins);
    long[] counts = new long[bins];
    for (double x : values) {
      if (Double.isFinite(x)) {
        int found = Arrays.binarySearch(edges, x);
        int bin = found >= 0 ? found : -found - 2;
        // Clamp: x == hi belongs to the last bin; rounding may put min or max a hair outside.
        counts[Math.max(0, Math.min(bins - 1, bin))]++;
      }
    }
    return new Histogram(edges, counts);
  }

  /** The edges for finite values in [min, max], min &lt;= max. */
  private static double[] edges(double min, double max, int bins) {
    // Division (not multiplication by 0.1) gives the double nearest to k / 10.
    double lo = Math.floor(min * GRID_PER_UNIT) / GRID_PER_UNIT;
    double hi = Math.ceil(max * GRID_PER_UNIT) / GRID_PER_UNIT;
    if (lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    if (!Double.isFinite(hi - lo)) {
      throw new IllegalArgumentException("value range too wide: [" + min + ", " + max + "]");
    }
    double[] edges = new double[bins + 1];
    for (int i = 0; i < bins; i++) {
      edges[i] = lo + (hi - lo) * i / bins;
    }
    edges[bins] = hi;
    return edges;
  }

  /**
   * The histogram of weighted points (a sketch's buckets) with the edges that {@link #of} gives for values
   * whose finite minimum and maximum are {@code min} and {@code max}; each point's weight goes to its bin.
   */
  public static Histogram ofWeighted(double[] points, long[] weights, double min, double max, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1: " + bins);
    }
    if (!(min <= max)) {
      return new Histogram(new double[0], new long[0]);
    }
    double[] edges = edges(min, max, bins);
    long[] counts = new long[bins];
    for (int i = 0; i < points.length; i++) {
      int found = Arrays.binarySearch(edges, points[i]);
      int bin = found >= 0 ? found : -found - 2;
      counts[Math.max(0, Math.min(bins - 1, bin))] += weights[i];
    }
    return new Histogram(edges, counts);
  }

  // Records compare arrays by identity; compare by content so equal histograms are equal.

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h
        && Arrays.equals(edges, h.edges)
        && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(edges) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "Histogram[edges=" + Arrays.toString(edges) + ", counts=" + Arrays.toString(counts) + "]";
  }
}
