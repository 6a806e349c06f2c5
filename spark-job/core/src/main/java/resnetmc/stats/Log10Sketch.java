package resnetmc.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A mergeable quantile sketch of log10 values in bounded memory: a histogram of exact counts on buckets
 * [k w, (k + 1) w) of width w = 2^-e (e = {@value #FINEST_EXPONENT} first, w ~ 0.001 decade), plus the exact
 * counts of -Infinity, +Infinity and NaN and the exact finite minimum and maximum.
 *
 * <p>Error statement: the k-th smallest value is known to lie in its bucket, so {@link #orderStatistic}
 * returns a bracket [low, high] that contains it (high - low &lt;= w) and a point within w/2 of it, i.e.
 * a relative error of at most 10^(w/2) - 1 (0.11% at w = 2^-10) in the value 10^x. The bucket index of x is
 * floor(x 2^e), exact in floating point, so equal multisets give equal sketches.
 *
 * <p>At most {@value #MAX_BUCKETS} buckets are kept: when the range needs more, w doubles (buckets k and
 * k + 1 with k even fold into k / 2), as often as the range seen needs. Folding is floor(floor(x 2^e) / 2) =
 * floor(x 2^(e-1)), so the final width depends only on the final minimum and maximum: adds and merges in any
 * order and grouping give the same sketch (counts are exact integers). Memory: 8 bytes a bucket, at most
 * {@value #MAX_BUCKETS} x 8 = 512 KiB, about 8 KiB a decade of range at the finest width.
 *
 * @since 0.9.0
 */
public final class Log10Sketch implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The finest bucket width is 2^-FINEST_EXPONENT decade. */
    public static final int FINEST_EXPONENT = 10;
    /** Most buckets kept. */
    public static final int MAX_BUCKETS = 1 << 16;

    private int exponent = FINEST_EXPONENT;
    /** Bucket index of counts[0]. */
    private long offset;
    private long[] counts = new long[0];
    private long finite;
    private long negInf;
    private long posInf;
    private long nan;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    /** Adds one value; returns this. */
    public Log10Sketch add(double x) {
        if (Double.isNaN(x)) {
            nan++;
        } else if (x == Double.NEGATIVE_INFINITY) {
            negInf++;
        } else if (x == Double.POSITIVE_INFINITY) {
            posInf++;
        } else {
            long k = index(x, exponent);
            while (!fits(Math.min(k, finite == 0 ? k : offset), Math.max(k, finite == 0 ? k : offset + counts.length - 1))) {
                coarsen();
                k = index(x, exponent);
            }
            ensureRange(k, k);
            counts[(int) (k - offset)]++;
            finite++;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return this;
    }

    /** Merges {@code other} (left unchanged) into this; returns this. */
    public Log10Sketch merge(Log10Sketch other) {
        nan += other.nan;
        negInf += other.negInf;
        posInf += other.posInf;
        if (other.finite == 0) {
            return this;
        }
        Log10Sketch o = other.copy();
        while (o.exponent > exponent) {
            o.coarsen();
        }
        while (exponent > o.exponent) {
            coarsen();
        }
        while (true) {
            long lo = finite == 0 ? o.offset : Math.min(offset, o.offset);
            long hi = finite == 0 ? o.offset + o.counts.length - 1
                    : Math.max(offset + counts.length - 1, o.offset + o.counts.length - 1);
            if (fits(lo, hi)) {
                ensureRange(lo, hi);
                break;
            }
            coarsen();
            o.coarsen();
        }
        for (int i = 0; i < o.counts.length; i++) {
            counts[(int) (o.offset + i - offset)] += o.counts[i];
        }
        finite += o.finite;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        return this;
    }

    private Log10Sketch copy() {
        Log10Sketch c = new Log10Sketch();
        c.exponent = exponent;
        c.offset = offset;
        c.counts = counts.clone();
        c.finite = finite;
        c.min = min;
        c.max = max;
        return c;
    }

    private static long index(double x, int exponent) {
        double s = Math.floor(Math.scalb(x, exponent)); // exact: a power-of-two scaling
        if (!(Math.abs(s) < 0x1p52)) {
            throw new IllegalArgumentException("log10 value out of the sketch's range: " + x);
        }
        return (long) s;
    }

    private static boolean fits(long lo, long hi) {
        return hi - lo + 1 <= MAX_BUCKETS;
    }

    /** Grows counts to cover bucket indices [lo, hi] (which fit). */
    private void ensureRange(long lo, long hi) {
        if (counts.length == 0) {
            offset = lo;
            counts = new long[(int) (hi - lo + 1)];
            return;
        }
        long newLo = Math.min(lo, offset);
        long newHi = Math.max(hi, offset + counts.length - 1);
        if (newLo == offset && newHi == offset + counts.length - 1) {
            return;
        }
        long[] c = new long[(int) (newHi - newLo + 1)];
        System.arraycopy(counts, 0, c, (int) (offset - newLo), counts.length);
        counts = c;
        offset = newLo;
    }

    /** Doubles the width: bucket k goes to floor(k / 2). */
    private void coarsen() {
        if (exponent == -1000) {
            throw new IllegalStateException("log10 range too wide for the sketch");
        }
        exponent--;
        if (counts.length == 0) {
            return;
        }
        long lo = offset >> 1;
        long hi = (offset + counts.length - 1) >> 1;
        long[] c = new long[(int) (hi - lo + 1)];
        for (int i = 0; i < counts.length; i++) {
            c[(int) (((offset + i) >> 1) - lo)] += counts[i];
        }
        counts = c;
        offset = lo;
    }

    /** All values counted, non-finite included. */
    public long count() {
        return finite + negInf + posInf + nan;
    }

    public long finite() {
        return finite;
    }

    public long negativeInfinities() {
        return negInf;
    }

    public long positiveInfinities() {
        return posInf;
    }

    public long nans() {
        return nan;
    }

    /** Smallest finite value (exact), +Infinity when none. */
    public double min() {
        return min;
    }

    /** Largest finite value (exact), -Infinity when none. */
    public double max() {
        return max;
    }

    /** The bucket width w in log10 units. */
    public double width() {
        return Math.scalb(1.0, -exponent);
    }

    /** The stated error of a point from {@link #orderStatistic}: w/2 in log10. */
    public double log10Error() {
        return width() / 2;
    }

    /** Bytes held by the counts (the bounded part of the memory). */
    public long bucketBytes() {
        return 8L * counts.length;
    }

    /**
     * The k-th smallest value (1-based) of all values, in the order -Infinity, finite ascending, +Infinity,
     * NaN (as {@link Arrays#sort(double[])} orders them).
     *
     * @return {low, point, high} with low &lt;= the value &lt;= high; all three equal for a non-finite value
     *     and for the minimum and maximum, which are known exactly
     */
    public double[] orderStatistic(long k) {
        if (k < 1 || k > count()) {
            throw new IllegalArgumentException("rank " + k + " outside 1.." + count());
        }
        if (k <= negInf) {
            return triple(Double.NEGATIVE_INFINITY);
        }
        long r = k - negInf;
        if (r > finite) {
            return triple(r - finite <= posInf ? Double.POSITIVE_INFINITY : Double.NaN);
        }
        if (r == 1) {
            return triple(min);
        }
        if (r == finite) {
            return triple(max);
        }
        long seen = 0;
        int i = 0;
        while (seen + counts[i] < r) {
            seen += counts[i];
            i++;
        }
        double w = width();
        double low = Math.max(min, (offset + i) * w);
        double high = Math.min(max, (offset + i + 1) * w);
        double point = Math.min(high, Math.max(low, (offset + i + 0.5) * w));
        return new double[] {low, point, high};
    }

    private static double[] triple(double x) {
        return new double[] {x, x, x};
    }

    /**
     * Each non-empty bucket as {point, count}: the point as {@link #orderStatistic} gives it for a value of
     * that bucket (not the minimum or maximum).
     */
    public double[][] buckets() {
        int nonEmpty = 0;
        for (long c : counts) {
            nonEmpty += c > 0 ? 1 : 0;
        }
        double[][] out = new double[nonEmpty][];
        double w = width();
        int j = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                double low = Math.max(min, (offset + i) * w);
                double high = Math.min(max, (offset + i + 1) * w);
                out[j++] = new double[] {Math.min(high, Math.max(low, (offset + i + 0.5) * w)), counts[i]};
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Log10Sketch s && exponent == s.exponent && finite == s.finite && negInf == s.negInf
                && posInf == s.posInf && nan == s.nan && Double.compare(min, s.min) == 0
                && Double.compare(max, s.max) == 0 && (finite == 0 || offset == s.offset)
                && Arrays.equals(finite == 0 ? new long[0] : counts, s.finite == 0 ? new long[0] : s.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(count()) + exponent;
    }
}
