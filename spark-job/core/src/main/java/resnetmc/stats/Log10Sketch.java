package resnetmc.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A mergeable quantile sketch of log10 values in bounded memory: a sparse histogram of exact counts on the
 * non-empty buckets [k w, (k + 1) w) of width w = 2^-e (e = {@value #FINEST_EXPONENT} first, w ~ 0.001 decade), plus the exact
 * counts of -Infinity, +Infinity and NaN and the exact finite minimum and maximum.
 *
 * <p>Error statement: the k-th smallest value is known to lie in its bucket, so {@link #orderStatistic}
 * returns a bracket [low, high] that contains it (high - low &lt;= w) and a point within w/2 of it, i.e.
 * a relative error of at most 10^(w/2) - 1 (0.11% at w = 2^-10) in the value 10^x. The bucket index of x is
 * floor(x 2^e), exact in floating point, so equal multisets give equal sketches.
 *
 * <p>At most {@value #MAX_BUCKETS} non-empty buckets are kept: when the values need more, w doubles
 * (buckets k and k + 1 with k even fold into k / 2), as often as needed. Folding is floor(floor(x 2^e) / 2) =
 * floor(x 2^(e-1)) and the number of non-empty buckets only falls with folding and only grows with the values,
 * so the final width is the finest at which all the values fit: adds and merges in any order and grouping
 * give the same sketch (counts are exact integers). A few far outliers cost a bucket each, not a range.
 * Memory: 16 bytes a non-empty bucket, at most {@value #MAX_BUCKETS} x 16 = 1 MiB; about 16 KiB a decade
 * that the values fill at the finest width.
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
    /** Indices of the non-empty buckets, ascending, and their counts: the first {@code size} entries. */
    private long[] keys = new long[0];
    private long[] counts = new long[0];
    private int size;
    private long finite;
    private long negInf;
    private long posInf;
    private long nan;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    /** Adds one value; returns this. */
    public Log10Sketch add(double x) {
        if (!Double.isFinite(x)) {
            return addAll(new double[] {x});
        }
        long k = index(x, exponent);
        int i = Arrays.binarySearch(keys, 0, size, k);
        if (i >= 0) {
            counts[i]++;
        } else {
            i = -i - 1;
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, Math.max(16, 2 * size));
                counts = Arrays.copyOf(counts, keys.length);
            }
            System.arraycopy(keys, i, keys, i + 1, size - i);
            System.arraycopy(counts, i, counts, i + 1, size - i);
            keys[i] = k;
            counts[i] = 1;
            size++;
            fold();
        }
        finite++;
        min = Math.min(min, x);
        max = Math.max(max, x);
        return this;
    }

    /** Adds values (a block of trials at a time: sorted once, then merged); returns this. */
    public Log10Sketch addAll(double[] values) {
        Log10Sketch b = new Log10Sketch();
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        b.keys = new long[sorted.length];
        b.counts = new long[sorted.length];
        for (double x : sorted) {
            if (Double.isNaN(x)) {
                b.nan++;
            } else if (x == Double.NEGATIVE_INFINITY) {
                b.negInf++;
            } else if (x == Double.POSITIVE_INFINITY) {
                b.posInf++;
            } else {
                long k = index(x, FINEST_EXPONENT);
                if (b.size > 0 && b.keys[b.size - 1] == k) {
                    b.counts[b.size - 1]++;
                } else {
                    b.keys[b.size] = k;
                    b.counts[b.size++] = 1;
                }
                b.finite++;
                b.min = Math.min(b.min, x);
                b.max = Math.max(b.max, x);
            }
        }
        b.fold();
        return merge(b);
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
        mergeSameWidth(o);
        fold(); // folding commutes with merging
        finite += o.finite;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        return this;
    }

    /** Merge-join of the buckets of o (same width) into this. */
    private void mergeSameWidth(Log10Sketch o) {
        long[] k = new long[size + o.size];
        long[] c = new long[size + o.size];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < size || j < o.size) {
            if (j == o.size || (i < size && keys[i] < o.keys[j])) {
                k[n] = keys[i];
                c[n++] = counts[i++];
            } else if (i == size || o.keys[j] < keys[i]) {
                k[n] = o.keys[j];
                c[n++] = o.counts[j++];
            } else {
                k[n] = keys[i];
                c[n++] = counts[i++] + o.counts[j++];
            }
        }
        keys = k;
        counts = c;
        size = n;
    }

    private Log10Sketch copy() {
        Log10Sketch c = new Log10Sketch();
        c.exponent = exponent;
        c.keys = Arrays.copyOf(keys, size);
        c.counts = Arrays.copyOf(counts, size);
        c.size = size;
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

    /**
     * Doubles w until at most {@link #MAX_BUCKETS} buckets are left, then gives back the arrays' spare room beyond
     * the cap, so that the memory stays within the documented 1 MiB after a fold (a batch of up to 2^17 new buckets
     * or a merge can leave arrays of twice the cap).
     */
    private void fold() {
        while (size > MAX_BUCKETS) {
            coarsen();
        }
        if (keys.length > MAX_BUCKETS) {
            // to the cap, not to size: arrays grow again only when size reaches the cap, which then folds
            keys = Arrays.copyOf(keys, MAX_BUCKETS);
            counts = Arrays.copyOf(counts, MAX_BUCKETS);
        }
    }

    /** Doubles the width: bucket k goes to floor(k / 2) (keys stay ascending). */
    private void coarsen() {
        if (exponent == -1000) {
            throw new IllegalStateException("log10 range too wide for the sketch");
        }
        exponent--;
        int n = 0;
        for (int i = 0; i < size; i++) {
            long k = keys[i] >> 1;
            if (n > 0 && keys[n - 1] == k) {
                counts[n - 1] += counts[i];
            } else {
                keys[n] = k;
                counts[n++] = counts[i];
            }
        }
        size = n;
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
        return 16L * keys.length;
    }

    /** Non-empty buckets. */
    public int buckets() {
        return size;
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
        return bracket(i);
    }

    private static double[] triple(double x) {
        return new double[] {x, x, x};
    }

    /**
     * Each non-empty bucket as {point, count}: the point as {@link #orderStatistic} gives it for a value of
     * that bucket (not the minimum or maximum).
     */
    public double[][] points() {
        double[][] out = new double[size][];
        for (int i = 0; i < size; i++) {
            out[i] = new double[] {bracket(i)[1], counts[i]};
        }
        return out;
    }

    /** {low, point, high} of bucket i, clamped to [min, max]. */
    private double[] bracket(int i) {
        double w = width();
        double low = Math.max(min, keys[i] * w);
        double high = Math.min(max, (keys[i] + 1) * w);
        return new double[] {low, Math.min(high, Math.max(low, (keys[i] + 0.5) * w)), high};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Log10Sketch s && exponent == s.exponent && finite == s.finite && negInf == s.negInf
                && posInf == s.posInf && nan == s.nan && Double.compare(min, s.min) == 0
                && Double.compare(max, s.max) == 0 && Arrays.equals(keys, 0, size, s.keys, 0, s.size)
                && Arrays.equals(counts, 0, size, s.counts, 0, s.size);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(count()) + exponent;
    }
}
