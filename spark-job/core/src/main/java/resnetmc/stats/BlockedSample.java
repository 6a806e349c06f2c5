package resnetmc.stats;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The log10 values of one cell's trials in bounded memory, for cells too large to keep every value
 * ({@link CellSample#exact}). Built from blocks of consecutive trial indices ({@link #BLOCK} trials, block =
 * trial / BLOCK), each block's values given in trial order; merged in any order and grouping with the same
 * result:
 * <ul>
 * <li>counts are exact: all, NaN and +-Infinity, and for each threshold t given at construction (the checks'
 *     bounds in log10) the values &lt; t and &lt;= t, so every exceedance count of those thresholds is exact;</li>
 * <li>sums are per block, in trial order within the block ({@link BlockMoments} of the values and of 10^x,
 *     {@link LogMoments}), kept by block index and merged in block order when read, so they do not depend on
 *     which trials met first;</li>
 * <li>quantiles come from a {@link Log10Sketch} (exact counts in buckets of width w &lt;= 2^-10 decade): a
 *     point within w/2 in log10 (relative error 10^(w/2) - 1 in 10^x), order-statistic intervals widened to
 *     bucket edges so they keep their level; minimum and maximum are exact. The histogram assigns each
 *     bucket's count to the bin of its point, so a trial within w of a bin edge may be counted in the
 *     neighbouring bin.</li>
 * </ul>
 * Memory: the sketch (16 bytes a non-empty bucket, about 16 KiB a decade filled, at most 1 MiB), 24 bytes a threshold
 * (the threshold and its two counts) and about {@link #BYTES_PER_BLOCK} bytes a block, i.e. about 0.06 bytes a trial.
 *
 * @since 0.9.0
 */
public final class BlockedSample implements CellSample {

    private static final long serialVersionUID = 1L;

    /** Trials per block: block = trial / BLOCK. */
    public static final int BLOCK = 4096;
    /** Heap bytes of one block's sums: three moment objects and a tree map entry (measured layout, rounded up). */
    public static final int BYTES_PER_BLOCK = 256;

    /** One block's sums. */
    private record Part(BlockMoments values, BlockMoments pow10, LogMoments log) implements java.io.Serializable {
    }

    private final double[] thresholds;
    private final long[] below;
    private final long[] atMost;
    private final Log10Sketch sketch = new Log10Sketch();
    private final TreeMap<Long, Part> blocks = new TreeMap<>();

    /** An empty sample counting against {@code thresholds} (sorted and deduplicated here; NaN dropped). */
    public BlockedSample(double[] thresholds) {
        this.thresholds = Arrays.stream(thresholds).filter(t -> !Double.isNaN(t)).sorted().distinct().toArray();
        below = new long[this.thresholds.length];
        atMost = new long[this.thresholds.length];
    }

    /** The values of block {@code block}, in trial order; returns this. Each block is given once. */
    public BlockedSample addBlock(long block, double[] valuesInTrialOrder) {
        if (blocks.containsKey(block)) {
            throw new IllegalStateException("block " + block + " given twice");
        }
        sketch.addAll(valuesInTrialOrder);
        double[] pow10 = new double[valuesInTrialOrder.length];
        LogMoments log = new LogMoments();
        for (int i = 0; i < valuesInTrialOrder.length; i++) {
            double x = valuesInTrialOrder[i];
            log.add(x);
            pow10[i] = StrictMath.pow(10.0, x);
            if (!Double.isNaN(x)) {
                int lo = lowerBound(x, false);
                int le = lowerBound(x, true);
                // x < t for thresholds from index lo on; x <= t from index le on
                for (int j = lo; j < thresholds.length; j++) {
                    below[j]++;
                }
                for (int j = le; j < thresholds.length; j++) {
                    atMost[j]++;
                }
            }
        }
        blocks.put(block, new Part(BlockMoments.of(valuesInTrialOrder), BlockMoments.of(pow10), log));
        return this;
    }

    /** First index j with x &lt; t_j (orEqual: x &lt;= t_j). */
    private int lowerBound(double x, boolean orEqual) {
        int lo = 0;
        int hi = thresholds.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (orEqual ? x <= thresholds[mid] : x < thresholds[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Merges {@code other} (same thresholds, other blocks; left unchanged) into this; returns this. */
    public BlockedSample merge(BlockedSample other) {
        if (!Arrays.equals(thresholds, other.thresholds)) {
            throw new IllegalArgumentException("merging samples with different thresholds");
        }
        for (Long b : other.blocks.keySet()) {
            if (blocks.containsKey(b)) {
                throw new IllegalStateException("block " + b + " given twice");
            }
        }
        for (int j = 0; j < thresholds.length; j++) {
            below[j] += other.below[j];
            atMost[j] += other.atMost[j];
        }
        sketch.merge(other.sketch);
        blocks.putAll(other.blocks);
        return this;
    }

    public Log10Sketch sketch() {
        return sketch;
    }

    /** Blocks held. */
    public int blocks() {
        return blocks.size();
    }

    /** Heap bytes of the bounded state: sketch buckets, threshold counts, block sums (approximate layout). */
    public long bytes() {
        return sketch.bucketBytes() + 24L * thresholds.length + (long) BYTES_PER_BLOCK * blocks.size();
    }

    @Override
    public long n() {
        return sketch.count();
    }

    @Override
    public long unknown() {
        return sketch.nans();
    }

    private int threshold(double t) {
        int j = Arrays.binarySearch(thresholds, t);
        if (j < 0) {
            throw new IllegalStateException("threshold " + t + " was not given when the sample was built");
        }
        return j;
    }

    @Override
    public long outside(double log10Low, double log10High, boolean strictHigh) {
        long known = n() - unknown();
        long lowCount = 0;
        long highCount = 0;
        long both = 0;
        if (!Double.isNaN(log10Low)) {
            lowCount = atMost[threshold(log10Low)];
        }
        if (!Double.isNaN(log10High)) {
            int h = threshold(log10High);
            long belowHigh = strictHigh ? below[h] : atMost[h]; // values not on the high side
            highCount = known - belowHigh;
            if (!Double.isNaN(log10Low)) {
                both = Math.max(0, lowCount - belowHigh); // values on both sides: high <= x <= low
            }
        }
        return lowCount + highCount - both;
    }

    private Part folded() {
        BlockMoments v = new BlockMoments();
        BlockMoments p = new BlockMoments();
        LogMoments l = new LogMoments();
        for (Map.Entry<Long, Part> e : blocks.entrySet()) { // ascending block index
            v.merge(e.getValue().values());
            p.merge(e.getValue().pow10());
            l.merge(e.getValue().log());
        }
        return new Part(v, p, l);
    }

    @Override
    public LogMoments logMoments() {
        return folded().log();
    }

    @Override
    public QuantileInterval quantile(double p, double confidence) {
        return QuantileInterval.of(sketch, p, confidence);
    }

    @Override
    public double quantileLog10Error() {
        return sketch.log10Error();
    }

    /**
     * The {@link Summary} of the values (pow10 false) or of 10^x (pow10 true), as {@link Summary#of} would
     * give on all values, with: moments merged in block order, quantiles and the histogram from the sketch
     * (error above), minimum and maximum exact (for 10^x, the maximum is the sketch's point when some values
     * overflow 10^x).
     */
    public Summary summary(double confidence, int bins, boolean pow10) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
        }
        BlockMoments m = pow10 ? folded().pow10() : folded().values();
        long n = m.n();
        long firstRank = pow10 ? 1 : sketch.negativeInfinities() + 1; // 10^-Infinity = 0 is finite
        double[] quantiles = new double[Summary.PROBABILITIES.length];
        if (n == 0) {
            Arrays.fill(quantiles, Double.NaN);
            return new Summary(0, n() - n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, quantiles, Double.NaN,
                    Double.NaN, new Histogram(new double[0], new long[0]));
        }
        java.util.function.LongToDoubleFunction at = k -> {
            double x = sketch.orderStatistic(firstRank + k)[1];
            return pow10 ? StrictMath.pow(10.0, x) : x;
        };
        for (int i = 0; i < quantiles.length; i++) {
            quantiles[i] = Summary.quantileType7(n, at, Summary.PROBABILITIES[i]);
        }
        double mean = m.mean();
        double sd = m.sd();
        double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.5 + confidence / 2);
        double halfWidth = z * sd / Math.sqrt(n);
        double min = at.applyAsDouble(0);
        double max = at.applyAsDouble(n - 1);
        double[][] buckets = sketch.points();
        double[] points = new double[buckets.length + 1];
        long[] weights = new long[buckets.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            double x = pow10 ? StrictMath.pow(10.0, buckets[i][0]) : buckets[i][0];
            points[i] = Double.isFinite(x) ? x : Double.NaN;
            weights[i] = Double.isFinite(x) ? (long) buckets[i][1] : 0;
        }
        points[buckets.length] = pow10 ? 0 : Double.NaN;
        weights[buckets.length] = pow10 ? sketch.negativeInfinities() : 0;
        Histogram h = Histogram.ofWeighted(points, weights, min, max, bins);
        return new Summary(n, n() - n, mean, sd, mean - halfWidth, mean + halfWidth, quantiles, min, max, h);
    }
}
