package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Edges of the bounded-memory statistics ({@link BlockMoments}, {@link BlockedSample}, {@link Log10Sketch},
 * the sketch's {@link QuantileInterval}, {@link Histogram#ofWeighted}) that the sample-level tests leave out:
 * empty sides of a merge, the bucket cap exactly reached and passed, the documented memory sizes, the
 * equals/hashCode contract, ranks exactly at the sample's ends, and sums of squares of values with a large
 * common offset (the reason the two-pass formula is used). Every expected value is derived by hand or
 * exactly (BigDecimal) from the definitions, as each test's comment says. Deterministic.
 */
class StatsBlockedEdgesTest {

    /** z with P(|Z| <= z) = 0.95: the standard normal 0.975 quantile (tables, 16 digits). */
    private static final double Z95 = 1.959963984540054;
    private static final double W10 = 0x1p-10; // the finest bucket width

    // ---------------------------------------------------------------- BlockMoments

    /** Empty blocks (no finite value) on either side of a merge change nothing; merge returns its receiver. */
    @Test
    void blockMomentsMergeWithAnEmptySide() {
        for (double[] none : new double[][] {{}, {Double.NaN, Double.POSITIVE_INFINITY}}) {
            BlockMoments e = BlockMoments.of(none);
            assertEquals(0, e.n());
            assertTrue(Double.isNaN(e.mean()) && Double.isNaN(e.sd()));
        }
        // {1, 2}: mean 3/2, squared deviations 1/4 + 1/4, sd = sqrt(1/2)
        BlockMoments a = BlockMoments.of(new double[] {1, 2});
        assertSame(a, a.merge(BlockMoments.of(new double[0])));
        assertEquals(2, a.n());
        assertEquals(1.5, a.mean(), 0.0);
        assertEquals(Math.sqrt(0.5), a.sd(), 1e-16);
        BlockMoments e = new BlockMoments();
        assertSame(e, e.merge(a));
        assertEquals(2, e.n());
        assertEquals(1.5, e.mean(), 0.0);
        assertEquals(Math.sqrt(0.5), e.sd(), 1e-16);
        assertEquals(2, a.n()); // the argument is left unchanged
        // n = 2 is enough for an sd: {1, 3}, deviations -1 and 1, sd = sqrt(2 / 1)
        assertEquals(Math.sqrt(2), BlockMoments.of(new double[] {1, 3}).sd(), 1e-15);
        assertTrue(Double.isNaN(BlockMoments.of(new double[] {4}).sd()));
    }

    /**
     * Blocks {1, 2, 4}, {NaN, 8}, {}, {16, 32, -64} merged in order against the two-pass formula over the
     * finite values of the concatenation, by hand: n = 7, sum = -1, mean = -1/7, sum x^2 = 5461, squared
     * deviations 5461 - 7 (1/7)^2 = 5461 - 1/7, sd = sqrt((5461 - 1/7) / 6).
     */
    @Test
    void blockMomentsMergeMatchesTheConcatenation() {
        BlockMoments m = BlockMoments.of(new double[] {1, 2, 4});
        assertSame(m, m.merge(BlockMoments.of(new double[] {Double.NaN, 8})));
        assertSame(m, m.merge(BlockMoments.of(new double[0])));
        assertSame(m, m.merge(BlockMoments.of(new double[] {16, 32, -64})));
        assertEquals(7, m.n());
        assertEquals(-1.0 / 7, m.mean(), 1e-15);
        assertEquals(Math.sqrt((5461 - 1.0 / 7) / 6), m.sd(), 1e-13);
    }

    // ------------------------------------------------- large offsets: the two-pass sums of squares

    /** 1e9 + {0.1, 0.2, 0.4} as doubles: values whose common offset is 10^10 times their spread. */
    private static final double[] OFFSET = {1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.4};

    /** sum (x - mean)^2 of the stored doubles, exactly: (n sum x^2 - (sum x)^2) / n in BigDecimal. */
    private static double exactSquaredDeviations(double[] x) {
        BigDecimal s = BigDecimal.ZERO;
        BigDecimal q = BigDecimal.ZERO;
        for (double v : x) {
            BigDecimal b = new BigDecimal(v);
            s = s.add(b);
            q = q.add(b.multiply(b));
        }
        BigDecimal n = BigDecimal.valueOf(x.length);
        return q.multiply(n).subtract(s.multiply(s)).divide(n, MathContext.DECIMAL128).doubleValue();
    }

    /**
     * Error bound of the two-pass sum (Chan, Golub and LeVeque 1983): with the computed mean off by
     * delta <= n ulp(mean), sum (x - m)^2 = S + n delta^2, each x - m exact (Sterbenz) and each square and
     * addition within a relative u: |error| <= n (n ulp(mean))^2 + 2 n u S.
     */
    private static double twoPassTolerance(double[] x, double s) {
        double mean = x[0];
        int n = x.length;
        double d = n * Math.ulp(mean);
        return n * d * d + 2 * n * 0x1p-53 * s;
    }

    /**
     * The two-pass sd of {@link BlockMoments#of}, {@link Summary#of} and {@link TrialVectorBuffer#estimate} on
     * values with a large offset, against the exact sum of squared deviations of the stored doubles
     * (0.0467 here): a one-pass or cancelling formula (sum x^2 - n mean^2) is off by ~ mean ulp(mean), i.e.
     * by hundreds here.
     */
    @Test
    void twoPassSumsOfSquaresKeepTheirPrecisionUnderALargeOffset() {
        double s = exactSquaredDeviations(OFFSET);
        double tol = twoPassTolerance(OFFSET, s);
        assertTrue(tol < 1e-9 * s, "the bound is tight enough to mean something: " + tol);
        double n1 = OFFSET.length - 1;
        double sdBlock = BlockMoments.of(OFFSET).sd();
        assertEquals(s, sdBlock * sdBlock * n1, tol + 4 * 0x1p-53 * s);
        double sdSummary = Summary.of(OFFSET, 0.95, 3).sd();
        assertEquals(s, sdSummary * sdSummary * n1, tol + 4 * 0x1p-53 * s);
        TrialVectorBuffer b = new TrialVectorBuffer();
        for (int i = 0; i < OFFSET.length; i++) {
            b.add(i, new double[] {OFFSET[i]});
        }
        TrialVectorBuffer.Estimate e = b.estimate(0, 0.95);
        // half-width z sd / sqrt(n); low and high are each rounded to ulp(1e9) about the mean
        double half = Z95 * Math.sqrt(s / n1) / Math.sqrt(OFFSET.length);
        assertEquals(half, (e.high() - e.low()) / 2, 2 * Math.ulp(1e9) + 1e-9 * half);
    }

    // ---------------------------------------------------------------- BlockedSample

    /**
     * NaN thresholds are dropped and duplicates merged, so {1, NaN, 1} and {1} are the same thresholds; the
     * documented sizes: 16 bytes a bucket, 24 a threshold (the threshold and its two counts, 8 bytes each),
     * {@link BlockedSample#BYTES_PER_BLOCK} a block.
     */
    @Test
    void thresholdsAndBytes() {
        BlockedSample odd = new BlockedSample(new double[] {1, Double.NaN, 1});
        assertEquals(0, odd.blocks());
        assertEquals(24, odd.bytes()); // one threshold, no bucket, no block
        assertSame(odd, odd.merge(new BlockedSample(new double[] {1})));
        // one block {0, 1.5, 1.5, 2, -Inf, NaN}: three non-empty buckets (of 0, 1.5 and 2), two thresholds
        BlockedSample s = new BlockedSample(new double[] {2, 0.5});
        s.addBlock(0, new double[] {0, 1.5, 1.5, 2, Double.NEGATIVE_INFINITY, Double.NaN});
        assertEquals(1, s.blocks());
        assertEquals(3, s.sketch().buckets());
        assertEquals(16 * 3, s.sketch().bucketBytes()); // one block into an empty sketch: no spare room
        assertEquals(16 * 3 + 24 * 2 + BlockedSample.BYTES_PER_BLOCK, s.bytes());
        s.addBlock(7, new double[] {1.5, 3});
        assertEquals(2, s.blocks());
        assertEquals(4, s.sketch().buckets());
        assertTrue(s.sketch().bucketBytes() >= 16 * 4);
        assertEquals(24 * 2 + 2 * BlockedSample.BYTES_PER_BLOCK, s.bytes() - s.sketch().bucketBytes());
    }

    @Test
    void summaryRejectsConfidenceOnTheEnds() {
        BlockedSample s = new BlockedSample(new double[0]).addBlock(0, new double[] {1, 2});
        for (double c : new double[] {0, 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.summary(c, 4, false));
            assertTrue(e.getMessage().contains("confidence must be in (0, 1)"), e.getMessage());
        }
    }

    /** No finite value: every statistic NaN, every quantile NaN, all values counted as non-finite. */
    @Test
    void summaryWithoutFiniteValues() {
        BlockedSample s = new BlockedSample(new double[0])
                .addBlock(0, new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NaN});
        for (boolean pow10 : new boolean[] {false, true}) {
            Summary sum = s.summary(0.95, 4, pow10);
            assertEquals(0, sum.n());
            assertEquals(3, sum.nonFinite());
            assertEquals(7, sum.quantiles().length);
            assertTrue(Arrays.stream(sum.quantiles()).allMatch(Double::isNaN), Arrays.toString(sum.quantiles()));
            assertTrue(Double.isNaN(sum.ciHigh()) && Double.isNaN(sum.min()));
            assertEquals(0, sum.histogram().counts().length);
        }
    }

    /**
     * log10 values {-Inf, 0, 1.5, 2} in one block. Of log10 (pow10 false), the finite {0, 1.5, 2}: mean 7/6,
     * squared deviations 49/36 + 4/36 + 25/36 = 13/6, sd = sqrt(13/12), interval 7/6 -+ z sd / sqrt(3);
     * histogram on [0, 2] with 4 bins (edges 0, 0.5, 1, 1.5, 2), the buckets' points 2^-11, 1.5 + 2^-11 and
     * 2 (the exact maximum): counts {1, 0, 0, 2}. Of 10^x, {0, 1, 10^1.5, 100}: edges 0, 25, 50, 75, 100,
     * the points 0 (the -Inf trial), ~1.001, ~31.66 and 100: counts {2, 1, 0, 1}.
     */
    @Test
    void summaryIntervalAndHistogramByHand() {
        BlockedSample s = new BlockedSample(new double[0])
                .addBlock(3, new double[] {Double.NEGATIVE_INFINITY, 0, 1.5, 2});
        Summary log = s.summary(0.95, 4, false);
        assertEquals(3, log.n());
        assertEquals(1, log.nonFinite());
        assertEquals(7.0 / 6, log.mean(), 1e-15);
        double half = Z95 * Math.sqrt(13.0 / 12) / Math.sqrt(3);
        assertEquals(7.0 / 6 - half, log.ciLow(), 1e-12);
        assertEquals(7.0 / 6 + half, log.ciHigh(), 1e-12);
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2}, log.histogram().edges(), 0.0);
        assertArrayEquals(new long[] {1, 0, 0, 2}, log.histogram().counts());
        Summary r = s.summary(0.95, 4, true);
        assertEquals(4, r.n());
        assertEquals(0, r.nonFinite());
        assertEquals(0.0, r.min(), 0.0);
        assertEquals(100.0, r.max(), 1e-12);
        double mean = (0 + 1 + Math.pow(10, 1.5) + 100) / 4;
        assertEquals(mean, r.mean(), 1e-13);
        assertTrue(r.ciLow() < mean && mean < r.ciHigh());
        assertEquals(r.ciHigh() - mean, mean - r.ciLow(), 1e-12);
        assertArrayEquals(new double[] {0, 25, 50, 75, 100}, r.histogram().edges(), 0.0);
        assertArrayEquals(new long[] {2, 1, 0, 1}, r.histogram().counts());
    }

    /** One value: every type-7 quantile of one value is that value (h = 0 p = 0); its sketch interval is the whole line. */
    @Test
    void oneValue() {
        BlockedSample s = new BlockedSample(new double[0]).addBlock(0, new double[] {0.75, Double.NaN});
        Summary sum = s.summary(0.95, 3, false);
        assertEquals(1, sum.n());
        for (double q : sum.quantiles()) {
            assertEquals(0.75, q, 0.0);
        }
        // n = 1, p = 1/2: P(B <= 0) = 1/2 >= a/2 gives l = 0; P(B <= 0) < 1 - a/2 <= P(B <= 1) gives u = 2
        QuantileInterval q = QuantileInterval.of(new Log10Sketch().add(0.75), 0.5, 0.95);
        assertEquals(0.75, q.value(), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, q.low(), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, q.high(), 0.0);
        assertEquals(0, q.lowRank());
        assertEquals(2, q.highRank());
    }

    @Test
    void exactSampleValuesAreNotCopied() {
        double[] x = {0.5, Double.NaN};
        assertSame(x, ((CellSample.Exact) CellSample.exact(x)).values());
    }

    // ---------------------------------------------------------------- Log10Sketch

    /** Values k 2^-10, k = from, ..., to - 1: one value in each of the buckets from..to-1 at the finest width. */
    private static double[] grid(int from, int to) {
        return IntStream.range(from, to).mapToDouble(k -> k * W10).toArray();
    }

    @Test
    void addReturnsItsReceiverAndCountsIntoTheFirstBucket() {
        Log10Sketch s = new Log10Sketch();
        assertSame(s, s.add(1.0));
        assertSame(s, s.add(1.0)); // into the existing (first and only) bucket
        assertSame(s, s.add(Double.NaN));
        assertSame(s, s.addAll(new double[] {1.0}));
        assertEquals(1, s.buckets());
        assertEquals(3, s.finite());
        assertEquals(4, s.count());
        assertEquals(new Log10Sketch().addAll(new double[] {1, 1, Double.NaN, 1}), s);
    }

    /**
     * {@value Log10Sketch#MAX_BUCKETS} non-empty buckets are kept at the finest width; one more bucket doubles
     * the width, folding buckets 2j and 2j + 1 into j: 0..65535 into 0..32767, and 65536 into 32768.
     */
    @Test
    void bucketCapReachedAndPassed() {
        int cap = Log10Sketch.MAX_BUCKETS;
        Log10Sketch oneByOne = new Log10Sketch();
        for (double x : grid(0, cap)) {
            oneByOne.add(x);
        }
        assertEquals(W10, oneByOne.width(), 0.0);
        assertEquals(cap, oneByOne.buckets());
        Log10Sketch atOnce = new Log10Sketch().addAll(grid(0, cap));
        assertEquals(W10, atOnce.width(), 0.0);
        assertEquals(oneByOne, atOnce);
        // two halves merged: exactly the cap, still the finest width
        Log10Sketch halves = new Log10Sketch().addAll(grid(0, cap / 2)).merge(new Log10Sketch().addAll(grid(cap / 2, cap)));
        assertEquals(W10, halves.width(), 0.0);
        assertEquals(oneByOne, halves);

        oneByOne.add(cap * W10);
        assertEquals(2 * W10, oneByOne.width(), 0.0);
        assertEquals(cap / 2 + 1, oneByOne.buckets());
        assertEquals(cap + 1, oneByOne.finite());
        Log10Sketch all = new Log10Sketch().addAll(grid(0, cap + 1));
        assertEquals(2 * W10, all.width(), 0.0);
        assertEquals(oneByOne, all);
        // a sketch at the finest width merged with a wider one is widened first
        Log10Sketch narrow = new Log10Sketch().add(0.5 * W10);
        assertSame(narrow, narrow.merge(all));
        assertEquals(2 * W10, narrow.width(), 0.0);
        assertEquals(new Log10Sketch().addAll(grid(0, cap + 1)).add(0.5 * W10), narrow);
        // the documented bound, 16 bytes x MAX_BUCKETS = 1 MiB, holds after each way of passing the cap
        // (the arrays had grown to 2 MiB: 2^17 entries after the one-by-one adds, 1.44 MiB after a merge)
        long mib = 16L * cap;
        assertTrue(oneByOne.bucketBytes() <= mib, "one by one: " + oneByOne.bucketBytes());
        assertTrue(all.bucketBytes() <= mib, "one batch: " + all.bucketBytes());
        Log10Sketch merged = new Log10Sketch().addAll(grid(0, cap - 1)).merge(new Log10Sketch().addAll(grid(1, cap + 1)));
        assertTrue(merged.bucketBytes() <= mib, "merged: " + merged.bucketBytes());
    }

    /** The bucket index floor(x 2^10) must stay below 2^52 in size: x = 2^42 is the first value out of range. */
    @Test
    void rangeOfTheIndex() {
        double edge = 0x1p42;
        assertThrows(IllegalArgumentException.class, () -> new Log10Sketch().add(edge));
        assertThrows(IllegalArgumentException.class, () -> new Log10Sketch().add(-edge));
        assertThrows(IllegalArgumentException.class, () -> new Log10Sketch().addAll(new double[] {edge}));
        // floor(x 2^10) = 2^52 - 1 and -(2^52 - 1): the largest indices in range
        Log10Sketch s = new Log10Sketch().add(Math.nextDown(edge)).add(-(edge - W10));
        assertEquals(2, s.finite());
        assertEquals(Math.nextDown(edge), s.max(), 0.0);
    }

    /** Equal sketches have equal hashes; sketches differing in one bucket, or in the count, differ. */
    @Test
    void equalsAndHashCode() {
        Log10Sketch a = new Log10Sketch().addAll(new double[] {0.1, 0.2, Double.NaN});
        Log10Sketch b = new Log10Sketch().add(Double.NaN).add(0.2).add(0.1);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        // same count, min and max; the middle value in another bucket
        Log10Sketch c = new Log10Sketch().addAll(new double[] {0.1, 0.15, 0.2});
        Log10Sketch d = new Log10Sketch().addAll(new double[] {0.1, 0.16, 0.2});
        assertNotEquals(c, d);
        assertNotEquals(a, null);
        assertNotEquals(a, "a sketch");
        // the hash spreads over counts: 1..100 equal values give 100 distinct hashes
        Set<Integer> hashes = new HashSet<>();
        Log10Sketch s = new Log10Sketch();
        for (int k = 1; k <= 100; k++) {
            hashes.add(s.add(0.3).hashCode());
        }
        assertEquals(100, hashes.size());
    }

    @Test
    void bucketBytes() {
        // 16 bytes a non-empty bucket: {0.1, 0.1, 0.2, 0.3} fill 3 buckets; one batch into an empty sketch
        Log10Sketch s = new Log10Sketch().addAll(new double[] {0.1, 0.1, 0.2, 0.3});
        assertEquals(3, s.buckets());
        assertEquals(48, s.bucketBytes());
        assertEquals(0, new Log10Sketch().bucketBytes());
    }

    // ---------------------------------------------------------------- QuantileInterval of a sketch

    @Test
    void sketchIntervalChecksItsArgumentsEvenWhenEmpty() {
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> QuantileInterval.of(new Log10Sketch(), 1.5, 0.95));
        assertTrue(p.getMessage().contains("p must be in (0,1)"), p.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> QuantileInterval.of(new Log10Sketch(), 0.5, 1.0));
        assertTrue(c.getMessage().contains("confidence must be in (0,1)"), c.getMessage());
    }

    /**
     * n = 6, p = 1/2, level 0.95 (a/2 = 0.025), Binomial(6, 1/2) by hand: P(B <= 0) = 1/64 < a/2 <= P(B <= 1)
     * = 7/64 gives l = 1; P(B <= 4) = 57/64 < 1 - a/2 <= P(B <= 5) = 63/64 gives u = 6 = n. The ends are
     * then the exact minimum and maximum.
     */
    @Test
    void sketchIntervalWithRanksOnTheSamplesEnds() {
        double[] x = {0.3, 1.1, 1.2, 1.7, 2.05, 2.9};
        Log10Sketch s = new Log10Sketch().addAll(x);
        QuantileInterval q = QuantileInterval.of(s, 0.5, 0.95);
        assertEquals(1, q.lowRank());
        assertEquals(6, q.highRank());
        assertEquals(0.3, q.low(), 0.0);
        assertEquals(2.9, q.high(), 0.0);
        assertEquals(6, q.n());
        QuantileInterval exact = QuantileInterval.of(x, 0.5, 0.95);
        assertEquals(exact.lowRank(), q.lowRank());
        assertEquals(exact.highRank(), q.highRank());
    }

    /** A sketch of count c: c NaN values, by binary doubling (merging copies), cheap at any c. */
    private static Log10Sketch nans(long c) {
        Log10Sketch result = new Log10Sketch();
        Log10Sketch power = new Log10Sketch().add(Double.NaN);
        for (long rest = c; rest > 0; rest >>= 1) {
            if ((rest & 1) == 1) {
                result.merge(power);
            }
            power = new Log10Sketch().merge(power).merge(power);
        }
        return result;
    }

    /**
     * The binomial ranks work up to n = 2^31 - 1 and are refused beyond. At n = 2^31 - 1, p = 1/2 the ranks
     * are n/2 -+ z sqrt(n/4) to within a few (normal approximation, its error O(1) in ranks): u - l - 1 ~
     * 2 z sqrt(n)/2 = 90,825.
     */
    @Test
    void ranksUpToTheLargestIntSample() {
        long n = Integer.MAX_VALUE;
        QuantileInterval q = QuantileInterval.of(nans(n), 0.5, 0.95);
        assertEquals(n, q.n());
        double spread = Z95 * Math.sqrt(n / 4.0);
        assertEquals(n / 2.0 - spread, q.lowRank(), 3);
        assertEquals(n / 2.0 + spread, q.highRank(), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuantileInterval.of(nans(n + 1), 0.5, 0.95));
        assertTrue(e.getMessage().contains("sample too large"), e.getMessage());
    }

    // ---------------------------------------------------------------- Histogram.ofWeighted

    /**
     * On [0, 1] with 4 bins (edges 0, 0.25, 0.5, 0.75, 1; bin i holds edges[i] <= x < edges[i + 1], the last
     * closed): 0.1 (weight 3) in bin 0, 0.3 (2) in bin 1, 0.5 (5, on an edge) in bin 2, 0.8 (1) and 1.0 (4,
     * the closing edge) in bin 3, NaN with weight 0 nowhere: counts {3, 2, 5, 5}.
     */
    @Test
    void weightedHistogramByHand() {
        Histogram h = Histogram.ofWeighted(new double[] {0.1, 0.3, 0.5, 0.8, 1.0, Double.NaN},
                new long[] {3, 2, 5, 1, 4, 0}, 0, 1, 4);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, h.edges(), 0.0);
        assertArrayEquals(new long[] {3, 2, 5, 5}, h.counts());
        // one bin is allowed, zero is not
        assertEquals(new Histogram(new double[] {0, 1}, new long[] {15}),
                Histogram.ofWeighted(new double[] {0.1, 0.3, 0.5, 0.8, 1.0}, new long[] {3, 2, 5, 1, 4}, 0, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Histogram.ofWeighted(new double[] {0.5}, new long[] {1}, 0, 1, 0));
        // min == max = 0.5 (on the 0.1 grid): widened by 0.5 each side, as Histogram.of does; 0.5 on the middle edge
        Histogram one = Histogram.ofWeighted(new double[] {0.5}, new long[] {2}, 0.5, 0.5, 2);
        assertArrayEquals(new double[] {0, 0.5, 1}, one.edges(), 0.0);
        assertArrayEquals(new long[] {0, 2}, one.counts());
        assertEquals(Histogram.of(new double[] {0.5, 0.5}, 2), one);
        // no finite values (min > max, or NaN): empty
        for (double[] mm : new double[][] {{1, 0}, {Double.NaN, Double.NaN}}) {
            Histogram empty = Histogram.ofWeighted(new double[0], new long[0], mm[0], mm[1], 3);
            assertEquals(0, empty.edges().length);
            assertEquals(0, empty.counts().length);
        }
    }
}
