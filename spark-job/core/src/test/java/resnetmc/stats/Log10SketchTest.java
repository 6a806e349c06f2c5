package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sketch's error statement (every order statistic inside its bracket, the point within w/2) against the
 * exact order statistics of large fixed-seed samples, and its determinism: adds and merges in any order and
 * grouping, empty sketches included, give equal sketches, also when the range forces wider buckets. No
 * randomness is in the assertions: the bounds hold for every sample, the seeds only choose the samples.
 */
class Log10SketchTest {

    private static double[] sample(long seed, int n, double scale) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * rnd.nextDouble(-1, 1) + 0.3 * rnd.nextGaussian();
        }
        // non-finite values and ties (repeated values land in one bucket)
        x[5] = Double.NEGATIVE_INFINITY;
        x[17] = Double.POSITIVE_INFINITY;
        x[23] = Double.NaN;
        x[29] = Double.NaN;
        for (int i = 100; i < 200; i++) {
            x[i] = 0.125;
        }
        return x;
    }

    /** Value by value for small inputs, in blocks of 4096 for large ones (both paths are compared below). */
    private static Log10Sketch of(double[] x) {
        Log10Sketch s = new Log10Sketch();
        if (x.length < 5000) {
            for (double v : x) {
                s.add(v);
            }
        } else {
            for (int i = 0; i < x.length; i += 4096) {
                s.addAll(Arrays.copyOfRange(x, i, Math.min(x.length, i + 4096)));
            }
        }
        return s;
    }

    private static void assertBrackets(double[] x, Log10Sketch s) {
        double[] sorted = x.clone();
        Arrays.sort(sorted); // NaN last, as the sketch orders them
        double w = s.width();
        assertEquals(sorted.length, s.count());
        for (int k = 1; k <= sorted.length; k += k < 50 || k > sorted.length - 50 ? 1 : 97) {
            double[] b = s.orderStatistic(k);
            double exact = sorted[k - 1];
            if (!Double.isFinite(exact)) {
                assertEquals(exact, b[1], 0.0, "rank " + k);
                continue;
            }
            assertTrue(b[0] <= exact && exact <= b[2], "rank " + k + ": " + exact + " in " + Arrays.toString(b));
            assertTrue(b[2] - b[0] <= w, "bracket width at rank " + k);
            assertTrue(Math.abs(b[1] - exact) <= w / 2, "point error at rank " + k);
        }
    }

    @Test
    void orderStatisticsWithinTheStatedError() {
        double[] x = sample(11, 300_000, 3);
        Log10Sketch s = of(x);
        assertEquals(0x1p-10, s.width(), 0.0);
        assertEquals(s.width() / 2, s.log10Error(), 0.0);
        assertBrackets(x, s);
        // the extremes are exact
        double[] finite = Arrays.stream(x).filter(Double::isFinite).sorted().toArray();
        assertEquals(finite[0], s.min(), 0.0);
        assertEquals(finite[finite.length - 1], s.max(), 0.0);
        assertEquals(1, s.negativeInfinities());
        assertEquals(1, s.positiveInfinities());
        assertEquals(2, s.nans());
        assertThrows(IllegalArgumentException.class, () -> s.orderStatistic(0));
        assertThrows(IllegalArgumentException.class, () -> s.orderStatistic(x.length + 1));
    }

    /**
     * 300,000 values spread over ~80 decades fill ~78,000 of its 81,920 buckets at 2^-10 (expected
     * 81,920 (1 - e^-3.7)): one doubling, whatever the order.
     */
    @Test
    void mergeIsOrderAndGroupingFreeAlsoWhenBucketsWiden() {
        double[] x = sample(12, 300_000, 40);
        Log10Sketch inOrder = of(x);
        assertEquals(0x1p-9, inOrder.width(), 0.0);
        assertBrackets(x, inOrder);
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        assertEquals(inOrder, of(sorted));
        Log10Sketch oneByOne = new Log10Sketch();
        for (int i = 0; i < 20_000; i++) {
            oneByOne.add(x[i]);
        }
        assertEquals(of(Arrays.copyOf(x, 20_000)), oneByOne);
        // merged from 7 groups of random sizes (two empty), merged in reverse, into an empty sketch
        SplittableRandom rnd = new SplittableRandom(3);
        Log10Sketch[] parts = new Log10Sketch[7];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new Log10Sketch();
        }
        List<List<Double>> groups = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            groups.add(new ArrayList<>());
        }
        for (double v : x) {
            int g = rnd.nextInt(5);
            groups.get(g == 1 ? 6 : g).add(v); // parts 1 and 5 stay empty
        }
        for (int i = 0; i < parts.length; i++) {
            parts[i] = of(groups.get(i).stream().mapToDouble(Double::doubleValue).toArray());
        }
        Log10Sketch merged = new Log10Sketch();
        for (int i = parts.length - 1; i >= 0; i--) {
            merged.merge(parts[i]);
        }
        assertEquals(inOrder, merged);
        Log10Sketch other = parts[0];
        for (int i = 1; i < parts.length; i++) {
            other.merge(parts[i]).merge(new Log10Sketch());
        }
        assertEquals(inOrder, other);
        // one narrow part merged into a wide one and the other way round
        Log10Sketch narrow = of(new double[] {0.001, 0.002, 0.5});
        Log10Sketch wide = of(new double[] {-39, 39});
        // a far outlier costs one bucket, not the range: the width stays the finest
        assertEquals(0x1p-10, of(new double[] {0.1, 0.2, 1e6}).width(), 0.0);
        Log10Sketch a = of(new double[] {0.001, 0.002, 0.5}).merge(wide);
        Log10Sketch b = of(new double[] {-39, 39}).merge(narrow);
        assertEquals(a, b);
        assertEquals(of(new double[] {0.001, 0.002, 0.5, -39, 39}), a);
    }

    @Test
    void emptyAndNonFiniteOnly() {
        Log10Sketch e = new Log10Sketch();
        assertEquals(0, e.count());
        Log10Sketch n = of(new double[] {Double.NaN, Double.NEGATIVE_INFINITY});
        assertEquals(n, of(new double[] {Double.NEGATIVE_INFINITY}).merge(of(new double[] {Double.NaN})));
        assertEquals(Double.NEGATIVE_INFINITY, n.orderStatistic(1)[1], 0.0);
        assertTrue(Double.isNaN(n.orderStatistic(2)[1]));
        assertEquals(of(new double[] {1.5}), new Log10Sketch().merge(of(new double[] {1.5})).merge(e));
    }
}
