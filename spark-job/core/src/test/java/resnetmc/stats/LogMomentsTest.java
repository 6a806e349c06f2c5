package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The log-domain moment buffer against two-pass sums, across merges, and beyond double range. */
class LogMomentsTest {

    private static double[] sample(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.4 * rng.nextGaussian(); // log10 of a lognormal value
        }
        return v;
    }

    /** Mean, sd and skewness of the plain values by two passes: the reference. */
    private static double[] twoPass(double[] log10) {
        int n = log10.length;
        double mean = 0;
        for (double v : log10) {
            mean += Math.pow(10, v);
        }
        mean /= n;
        double m2 = 0;
        double m3 = 0;
        for (double v : log10) {
            double d = Math.pow(10, v) - mean;
            m2 += d * d;
            m3 += d * d * d;
        }
        return new double[] {mean, Math.sqrt(m2 / (n - 1)), Math.sqrt(n) * m3 / Math.pow(m2, 1.5)};
    }

    private static LogMoments of(double[] log10, int from, int to) {
        LogMoments m = new LogMoments();
        for (int i = from; i < to; i++) {
            m.add(log10[i]);
        }
        return m;
    }

    @Test
    void matchesTwoPassSums() {
        double[] v = sample(1000, 1);
        LogMoments m = of(v, 0, v.length);
        double[] ref = twoPass(v);
        double unit = Math.pow(10, m.log10Scale());
        assertEquals(ref[0], m.scaledMean() * unit, 1e-12 * ref[0]);
        assertEquals(ref[1], m.scaledSd() * unit, 1e-11 * ref[1]);
        assertEquals(ref[2], m.skewness(), 1e-9 * Math.abs(ref[2]));
        assertEquals(Math.log10(ref[0]), m.log10Mean(), 1e-13);
        double lnMean = 0;
        for (double x : v) {
            lnMean += x;
        }
        lnMean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - lnMean) * (x - lnMean);
        }
        assertEquals(Math.sqrt(ss / (v.length - 1)) * Math.log(10), m.lnSd(), 1e-12);
    }

    @Test
    void mergeEqualsAddingAll() {
        double[] v = sample(501, 2);
        LogMoments all = of(v, 0, v.length);
        LogMoments merged = of(v, 0, 123).merge(of(v, 123, 400)).merge(of(v, 400, 501));
        assertEquals(all.n(), merged.n());
        assertEquals(all.log10Mean(), merged.log10Mean(), 1e-14);
        assertEquals(all.scaledSd() * Math.pow(10, all.log10Scale()),
                merged.scaledSd() * Math.pow(10, merged.log10Scale()), 1e-12);
        assertEquals(all.skewness(), merged.skewness(), 1e-10);
        assertEquals(all.lnSd(), merged.lnSd(), 1e-13);
    }

    @Test
    void mergeWithEmptyChangesNothing() {
        double[] v = sample(50, 3);
        LogMoments a = of(v, 0, v.length);
        LogMoments left = new LogMoments().merge(a);
        LogMoments right = of(v, 0, v.length).merge(new LogMoments());
        for (LogMoments m : new LogMoments[] {left, right}) {
            assertEquals(a.n(), m.n());
            assertEquals(a.log10Scale(), m.log10Scale());
            assertEquals(a.scaledMean(), m.scaledMean());
            assertEquals(a.scaledSd(), m.scaledSd());
            assertEquals(a.skewness(), m.skewness());
            assertEquals(a.lnSd(), m.lnSd());
        }
        LogMoments empty = new LogMoments().merge(new LogMoments());
        assertEquals(0, empty.n());
        assertTrue(Double.isNaN(empty.log10Mean()));
    }

    /**
     * 1e400 and 3e400 have mean 2e400 and sd sqrt(2) 1e400: no finite value is lost past 1e308. A log10
     * near 400 carries an absolute rounding of ~6e-14, i.e. a relative error ~1.3e-13 per conversion:
     * tolerances 1e-12.
     */
    @Test
    void valuesBeyondDoubleRange() {
        LogMoments m = new LogMoments().add(400).add(400 + Math.log10(3));
        assertEquals(400 + Math.log10(2), m.log10Mean(), 1e-12);
        assertEquals(Math.sqrt(2), m.scaledSd() * Math.pow(10, m.log10Scale() - 400), 1e-12);
        // Mixed with a tiny value: it adds 1e-800 / 3, below any rounding of 2e400.
        m.add(-800);
        assertEquals(3, m.n());
        assertEquals(400 + Math.log10(4.0 / 3), m.log10Mean(), 1e-12);
    }

    /** NaN and +Infinity log10 values are counted apart, never in the mean; -Infinity is the value 0. */
    @Test
    void nonFiniteAndZeros() {
        LogMoments m = new LogMoments().add(Double.NaN).add(Double.POSITIVE_INFINITY).add(Double.NEGATIVE_INFINITY)
                .add(Math.log10(4));
        assertEquals(2, m.nonFinite());
        assertEquals(2, m.n());
        assertEquals(1, m.zeros());
        assertEquals(Math.log10(2), m.log10Mean(), 1e-15); // (0 + 4) / 2
        LogMoments zerosOnly = new LogMoments().add(Double.NEGATIVE_INFINITY).add(Double.NEGATIVE_INFINITY);
        assertEquals(Double.NEGATIVE_INFINITY, zerosOnly.log10Mean());
        zerosOnly.add(0.0); // mean of 0, 0, 1
        assertEquals(Math.log10(1.0 / 3), zerosOnly.log10Mean(), 1e-15);
    }
}
