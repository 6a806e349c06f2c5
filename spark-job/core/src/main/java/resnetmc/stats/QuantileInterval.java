package resnetmc.stats;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * The p-quantile of a sample with its distribution-free confidence interval from order statistics
 * (David and Nagaraja, <i>Order Statistics</i>, 3rd ed., section 7.1; the interval THEORY.md section 7
 * asks for behind the slack of a bound).
 *
 * <p>With {@code B = #{X_i <= xi_p}} ~ Binomial(n, F(xi_p)) and {@code F(xi_p) >= p}:
 * {@code X_(l) <= xi_p} whenever {@code B >= l}, and {@code X_(u) >= xi_p} whenever fewer than u
 * values lie below {@code xi_p}. Taking l the largest rank with {@code P(Bin(n,p) <= l - 1) <= a/2}
 * and u the smallest with {@code P(Bin(n,p) >= u) <= a/2} gives
 * {@code P(X_(l) <= xi_p <= X_(u)) >= 1 - a} for every law, continuous or not, at every n. Where no
 * such rank exists (n too small for p near 0 or 1) the end is infinite: the sample says nothing on that
 * side. The point estimate is the type-7 quantile (Hyndman and Fan 1996), as in {@link Summary}.
 *
 * <p>The exact computation needs the whole sample: it is the read-out of a {@link SampleBuffer}, which is
 * the add/merge buffer ({@link #of(SampleBuffer, double, double)}); equal samples give equal results
 * whatever the order of adds and merges. NaN sorts last, as +Infinity. In bounded memory,
 * {@link #of(Log10Sketch, double, double)} takes the same ranks from a sketch and widens the ends to its
 * buckets: a valid interval, at most one bucket wider a side.
 *
 * @param p          the probability of the quantile, in (0, 1)
 * @param value      the type-7 sample quantile
 * @param low        X_(l), or -Infinity when no rank is low enough
 * @param high       X_(u), or +Infinity when no rank is high enough
 * @param lowRank    l (1-based), 0 when {@code low} is -Infinity
 * @param highRank   u (1-based), n + 1 when {@code high} is +Infinity
 * @param n          sample size
 * @param confidence the two-sided level 1 - a
 * @since 0.2.0
 */
public record QuantileInterval(double p, double value, double low, double high, long lowRank, long highRank,
                               long n, double confidence) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Of the values of {@code buffer} (the buffer is left unchanged). */
    public static QuantileInterval of(SampleBuffer buffer, double p, double confidence) {
        return ofSorted(sorted(buffer.sortedByTrial()), p, confidence);
    }

    /** Of {@code values} (not modified), in any order. */
    public static QuantileInterval of(double[] values, double p, double confidence) {
        return ofSorted(sorted(values), p, confidence);
    }

    private static double[] sorted(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s); // NaN last
        return s;
    }

    /** Of values already in ascending order (NaN last). */
    public static QuantileInterval ofSorted(double[] sorted, double p, double confidence) {
        checkArguments(p, confidence);
        int n = sorted.length;
        if (n == 0) {
            return empty(p, confidence);
        }
        long[] r = ranks(n, p, confidence);
        long l = r[0];
        long u = r[1];
        double low = l >= 1 ? sorted[(int) l - 1] : Double.NEGATIVE_INFINITY;
        double high = u <= n ? sorted[(int) u - 1] : Double.POSITIVE_INFINITY;
        return new QuantileInterval(p, Summary.quantileType7(sorted, p), low, high, Math.max(0, l), Math.min(u, n + 1L),
                n, confidence);
    }

    private static void checkArguments(double p, double confidence) {
        Arguments.confidence(confidence);
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0,1), got " + p);
        }
    }

    /** No values: no estimate, the whole line. */
    private static QuantileInterval empty(double p, double confidence) {
        return new QuantileInterval(p, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 1, 0,
                confidence);
    }

    /** {l, u}: the ranks of the interval's ends (l may be 0, u may be n + 1: no such rank). */
    private static long[] ranks(long n, double p, double confidence) {
        double a = 1 - confidence;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sample too large for the binomial ranks: " + n);
        }
        BinomialDistribution b = new BinomialDistribution(null, (int) n, p);
        // Smallest j with P(B <= j) >= a/2; then P(B <= j - 1) < a/2, so l = j.
        long l = b.inverseCumulativeProbability(a / 2);
        // Smallest i with P(B <= i) >= 1 - a/2; then P(B >= i + 1) <= a/2, so u = i + 1.
        long u = (long) b.inverseCumulativeProbability(1 - a / 2) + 1;
        return new long[] {l, u};
    }

    /**
     * Of the values of a sketch: the same ranks as {@link #ofSorted}; {@code value} the type-7 quantile of
     * the sketch's points (within {@link Log10Sketch#log10Error()} of the sample's), {@code low} and
     * {@code high} the outer edges of the buckets of X_(l) and X_(u), so that [low, high] contains
     * [X_(l), X_(u)] and the interval keeps at least its level (it is wider by at most one bucket a side).
     */
    public static QuantileInterval of(Log10Sketch sketch, double p, double confidence) {
        checkArguments(p, confidence);
        long n = sketch.count();
        if (n == 0) {
            return empty(p, confidence);
        }
        long[] r = ranks(n, p, confidence);
        long l = r[0];
        long u = r[1];
        double low = l >= 1 ? sketch.orderStatistic(l)[0] : Double.NEGATIVE_INFINITY;
        double high = u <= n ? sketch.orderStatistic(u)[2] : Double.POSITIVE_INFINITY;
        double value = Summary.quantileType7(n, k -> sketch.orderStatistic(k + 1)[1], p);
        return new QuantileInterval(p, value, low, high, Math.max(0, l), Math.min(u, n + 1L), n, confidence);
    }
}
