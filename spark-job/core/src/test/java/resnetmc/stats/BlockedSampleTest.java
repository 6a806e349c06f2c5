package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bounded sample against the exact one on the same fixed-seed values: counts equal, sums equal to
 * rounding, quantiles within the sketch's stated error, intervals containing the exact ones; and merge in any
 * order giving bit-identical results. The expected values are the exact path's ({@link CellSample#exact},
 * {@link Summary#of}); the assertions hold for every sample.
 */
class BlockedSampleTest {
    private static final int N = 5 * BlockedSample.BLOCK + 123;

    private static double[] values(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = 0.8 * rnd.nextGaussian() + (rnd.nextInt(10) == 0 ? 2 : 0); // a heavier right tail
        }
        x[7] = Double.NaN;
        x[4100] = Double.NEGATIVE_INFINITY; // r = 0
        x[9000] = Double.POSITIVE_INFINITY;
        x[9001] = 400; // 10^400 overflows r, a finite log10
        for (int i = 300; i < 340; i++) {
            x[i] = 0.5; // ties with a threshold
        }
        return x;
    }

    private static final double[] THRESHOLDS = {-1.7, 0.5, 1.25, 2.0, 2.5};

    /** Block b's values, in trial order. */
    private static double[] block(double[] x, int b) {
        return Arrays.copyOfRange(x, b * BlockedSample.BLOCK, Math.min(x.length, (b + 1) * BlockedSample.BLOCK));
    }

    private static int blocks() {
        return (N + BlockedSample.BLOCK - 1) / BlockedSample.BLOCK;
    }

    private static BlockedSample inOrder(double[] x) {
        BlockedSample s = new BlockedSample(THRESHOLDS);
        for (int b = 0; b < blocks(); b++) {
            s.addBlock(b, block(x, b));
        }
        return s;
    }

    @Test
    void countsAreExact() {
        double[] x = values(1);
        CellSample exact = CellSample.exact(x);
        BlockedSample s = inOrder(x);
        assertEquals(exact.n(), s.n());
        assertEquals(exact.unknown(), s.unknown());
        double[] sides = new double[THRESHOLDS.length + 1];
        System.arraycopy(THRESHOLDS, 0, sides, 0, THRESHOLDS.length);
        sides[THRESHOLDS.length] = Double.NaN; // no such side
        for (double lo : sides) {
            for (double hi : sides) {
                for (boolean strict : new boolean[] {true, false}) {
                    assertEquals(exact.outside(lo, hi, strict), s.outside(lo, hi, strict), lo + " " + hi + " " + strict);
                }
            }
        }
        assertThrows(IllegalStateException.class, () -> s.outside(0.3, Double.NaN, true));
    }

    @Test
    void mergeOrderDoesNotChangeABit() {
        double[] x = values(2);
        BlockedSample a = inOrder(x);
        List<Integer> order = new ArrayList<>();
        for (int b = 0; b < blocks(); b++) {
            order.add(b);
        }
        Collections.shuffle(order, new java.util.Random(5));
        // each block its own sample, merged in shuffled order, with empty samples in between
        BlockedSample b = new BlockedSample(THRESHOLDS);
        for (int k : order) {
            b.merge(new BlockedSample(THRESHOLDS).addBlock(k, block(x, k))).merge(new BlockedSample(THRESHOLDS));
        }
        assertEquals(a.sketch(), b.sketch());
        for (boolean pow10 : new boolean[] {false, true}) {
            assertEquals(a.summary(0.95, 20, pow10), b.summary(0.95, 20, pow10));
        }
        LogMoments la = a.logMoments();
        LogMoments lb = b.logMoments();
        assertEquals(la.log10Mean(), lb.log10Mean(), 0.0);
        assertEquals(la.scaledSd(), lb.scaledSd(), 0.0);
        assertEquals(la.skewness(), lb.skewness(), 0.0);
        assertEquals(la.lnSd(), lb.lnSd(), 0.0);
        for (double lo : THRESHOLDS) {
            assertEquals(a.outside(lo, 2.5, true), b.outside(lo, 2.5, true));
        }
        assertThrows(IllegalStateException.class, () -> b.merge(new BlockedSample(THRESHOLDS).addBlock(0, block(x, 0))));
        assertThrows(IllegalArgumentException.class, () -> b.merge(new BlockedSample(new double[] {1})));
    }

    @Test
    void summariesAgreeWithTheExactPathWithinTheStatedError() {
        double[] x = values(3);
        BlockedSample s = inOrder(x);
        double e = s.quantileLog10Error();
        assertEquals(0x1p-11, e, 0.0);
        double rel = Math.pow(10, e) - 1; // relative error in r
        double[] r = Arrays.stream(x).map(v -> StrictMath.pow(10, v)).toArray();
        for (boolean pow10 : new boolean[] {false, true}) {
            Summary want = Summary.of(pow10 ? r : x, 0.95, 20);
            Summary got = s.summary(0.95, 20, pow10);
            String what = pow10 ? "r" : "log10 r";
            assertEquals(want.n(), got.n(), what);
            assertEquals(want.nonFinite(), got.nonFinite(), what);
            assertEquals(want.min(), got.min(), 0.0, what);
            if (!pow10) {
                assertEquals(want.max(), got.max(), 0.0, what);
            }
            assertEquals(want.mean(), got.mean(), 1e-12 * Math.abs(want.mean()), what);
            assertEquals(want.sd(), got.sd(), 1e-12 * want.sd(), what);
            assertEquals(want.ciLow(), got.ciLow(), 1e-12 * Math.abs(want.mean()) + 1e-12 * want.sd(), what);
            for (int i = 0; i < want.quantiles().length; i++) {
                double tol = pow10 ? rel * want.quantiles()[i] : e;
                assertEquals(want.quantiles()[i], got.quantiles()[i], tol * (1 + 1e-12), what + " q" + i);
            }
            assertEquals(Arrays.stream(want.histogram().counts()).sum(), Arrays.stream(got.histogram().counts()).sum());
            if (!pow10) {
                assertTrue(Arrays.equals(want.histogram().edges(), got.histogram().edges()), "same edges");
            }
        }
        LogMoments lw = CellSample.exact(x).logMoments();
        LogMoments lg = s.logMoments();
        assertEquals(lw.n(), lg.n());
        assertEquals(lw.nonFinite(), lg.nonFinite());
        assertEquals(lw.log10Mean(), lg.log10Mean(), 1e-12);
        assertEquals(lw.scaledSd() * Math.pow(10, lw.log10Scale()), lg.scaledSd() * Math.pow(10, lg.log10Scale()),
                1e-9 * lw.scaledSd() * Math.pow(10, lw.log10Scale()));
    }

    /** Same ranks; the sketch's ends bracket the exact ends; the point within w/2 (NaN last, as exact). */
    @Test
    void quantileIntervalsContainTheExactOnes() {
        double[] x = values(4);
        BlockedSample s = inOrder(x);
        CellSample exact = CellSample.exact(x);
        for (double p : new double[] {1e-3, 0.01, 0.5, 0.9, 0.99, 0.999}) {
            for (double conf : new double[] {0.9, 0.999}) {
                QuantileInterval w = exact.quantile(p, conf);
                QuantileInterval g = s.quantile(p, conf);
                assertEquals(w.lowRank(), g.lowRank());
                assertEquals(w.highRank(), g.highRank());
                assertEquals(w.n(), g.n());
                assertTrue(g.low() <= w.low() && w.high() <= g.high(), p + " " + conf);
                assertTrue(g.high() - g.low() <= w.high() - w.low() + 2 * s.sketch().width());
                assertEquals(w.value(), g.value(), s.quantileLog10Error(), p + " " + conf);
            }
        }
        assertEquals(0.0, exact.quantileLog10Error(), 0.0);
    }

    @Test
    void emptySample() {
        BlockedSample s = new BlockedSample(new double[0]);
        assertEquals(0, s.n());
        Summary sum = s.summary(0.95, 5, false);
        assertEquals(0, sum.n());
        assertTrue(Double.isNaN(sum.mean()));
        assertEquals(0, s.quantile(0.5, 0.95).n());
    }
}
