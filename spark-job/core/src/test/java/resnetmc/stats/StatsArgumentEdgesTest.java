package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The argument checks of the stats package at the ends of their ranges: the message names the argument
 * (a bad value must not slip through to a less clear failure deeper down), and the closed ends are accepted.
 */
class StatsArgumentEdgesTest {

    private static void rejects(String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void meanIntervalArguments() {
        rejects("mean must be finite, got NaN", () -> MeanInterval.normal(Double.NaN, 1, 5, 0.95));
        rejects("mean must be finite, got Infinity", () -> MeanInterval.studentT(Double.POSITIVE_INFINITY, 1, 5, 0.95));
        rejects("confidence must be in (0,1), got 1.5", () -> MeanInterval.t(1.5, 10));
        rejects("confidence must be in (0,1), got 0.0", () -> MeanInterval.z(0.0));
        rejects("need sd >= 0 and n >= 1, got sd=-1.0, n=5", () -> MeanInterval.normal(0, -1, 5, 0.95));
        rejects("need sd >= 0 and n >= 1, got sd=1.0, n=0", () -> MeanInterval.normal(0, 1, 0, 0.95));
        rejects("need sd >= 0 and n >= 2, got sd=1.0, n=1", () -> MeanInterval.studentT(0, 1, 1, 0.95));
        rejects("need n >= 2, got 1", () -> MeanInterval.t(0.95, 1));
        // the closed ends: sd = 0 gives the point interval, n = 1 (normal) and n = 2 (t) are allowed
        assertEquals(new Interval(3, 3), MeanInterval.normal(3, 0, 5, 0.95));
        assertEquals(new Interval(3, 3), MeanInterval.studentT(3, 0, 2, 0.95));
        // n = 1: half-width z sd / sqrt 1 = z
        Interval one = MeanInterval.normal(0, 1, 1, 0.95);
        assertEquals(MeanInterval.z(0.95), one.high(), 0.0);
        // n = 2: t with 1 degree of freedom is Cauchy, t_{0.975} = tan(0.475 pi) = 12.7062...; half-width t / sqrt 2
        Interval two = MeanInterval.studentT(0, 1, 2, 0.95);
        assertEquals(Math.tan(0.475 * Math.PI) / Math.sqrt(2), two.high(), 1e-9);
    }

    @Test
    void quantileIntervalArguments() {
        double[] x = {1, 2, 3};
        rejects("confidence must be in (0,1), got 1.5", () -> QuantileInterval.ofSorted(x, 0.5, 1.5));
        rejects("confidence must be in (0,1), got 1.5", () -> QuantileInterval.ofSorted(new double[0], 0.5, 1.5));
        rejects("p must be in (0,1), got 0.0", () -> QuantileInterval.ofSorted(x, 0.0, 0.9));
        rejects("p must be in (0,1), got 1.0", () -> QuantileInterval.ofSorted(x, 1.0, 0.9));
        QuantileInterval empty = QuantileInterval.ofSorted(new double[0], 0.5, 0.9);
        assertEquals(new QuantileInterval(0.5, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 1,
                0, 0.9), empty);
    }

    /**
     * n = 5, p = 1/2, confidence 0.9 (a/2 = 0.05), by hand from Binomial(5, 1/2) (CDF 1, 6, 16, 26, 31, 32 over 32):
     * l = smallest j with P(B <= j) >= 0.05 is 1 (6/32 = 0.19; 1/32 = 0.03 is below); u = 1 + smallest i with
     * P(B <= i) >= 0.95, i = 4 (31/32 = 0.97; 26/32 = 0.81 is below), so u = 5 = n. Both ranks sit on the ends
     * of the sample: low = x_(1), high = x_(5), neither infinite.
     */
    @Test
    void ranksOnTheEndsOfTheSample() {
        QuantileInterval q = QuantileInterval.ofSorted(new double[] {10, 20, 30, 40, 50}, 0.5, 0.9);
        assertEquals(1, q.lowRank());
        assertEquals(5, q.highRank());
        assertEquals(10, q.low(), 0.0);
        assertEquals(50, q.high(), 0.0);
        assertEquals(30, q.value(), 0.0);
    }

    @Test
    void weightedSlopeNamesTheNonFiniteEntry() {
        rejects("x[1] must be finite, got NaN", () -> WeightedSlope.fit(new double[] {0, Double.NaN, 2},
                new double[] {0, 1, 2}, new double[] {1, 1, 1}));
        rejects("y[2] must be finite, got -Infinity", () -> WeightedSlope.fit(new double[] {0, 1, 2},
                new double[] {0, 1, Double.NEGATIVE_INFINITY}, new double[] {1, 1, 1}));
    }

    @Test
    void histogramEdges() {
        rejects("bins must be at least 1: 0", () -> Histogram.of(new double[] {1}, 0));
        // one bin: every finite value in it; range [0.1, 0.3] from min 0.12 and max 0.25 rounded outward to 0.1
        Histogram h = Histogram.of(new double[] {0.12, 0.25, Double.NaN}, 1);
        assertEquals(1, h.counts().length);
        assertEquals(2, h.counts()[0]);
        assertEquals(0.1, h.edges()[0], 0.0);
        assertEquals(0.3, h.edges()[1], 0.0);
        // a range whose width overflows: hi - lo = +Infinity (hi + lo = 0 would not)
        rejects("value range too wide: [-1.0E308, 1.0E308]", () -> Histogram.of(new double[] {-1e308, 1e308}, 4));
    }

    @Test
    void histogramValueSemantics() {
        Histogram a = Histogram.of(new double[] {0, 1}, 2);
        Histogram b = Histogram.of(new double[] {0, 1}, 2);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertTrue(!a.equals(Histogram.of(new double[] {0, 0.2}, 2)), "other edges");
        assertTrue(!a.equals(Histogram.of(new double[] {0, 1, 1}, 2)), "other counts");
        assertTrue(!a.equals("histogram"));
        // 31 h(edges) + h(counts); edges 0, 0.5, 1 (range [0, 1], two bins), counts 1, 1
        assertEquals(31 * java.util.Arrays.hashCode(new double[] {0, 0.5, 1})
                + java.util.Arrays.hashCode(new long[] {1, 1}), a.hashCode());
        assertEquals("Histogram[edges=[0.0, 0.5, 1.0], counts=[1, 1]]", a.toString());
    }

    @Test
    void summaryValueSemantics() {
        Summary a = Summary.of(new double[] {1, 2, 4}, 0.95, 3);
        Summary b = Summary.of(new double[] {1, 2, 4}, 0.95, 3);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertTrue(!a.equals(Summary.of(new double[] {1, 2, 5}, 0.95, 3)));
        assertTrue(!a.equals(Summary.of(new double[] {1, 2, 4, Double.NaN}, 0.95, 3)), "nonFinite differs");
        assertTrue(!a.equals("summary"));
        // the hash combines n, then nonFinite, mean, sd, ciLow, ciHigh, min, max, then quantiles and histogram
        int h = Long.hashCode(3);
        for (double d : new double[] {0, a.mean(), a.sd(), a.ciLow(), a.ciHigh(), 1, 4}) {
            h = 31 * h + Double.hashCode(d);
        }
        assertEquals(31 * (31 * h + java.util.Arrays.hashCode(a.quantiles())) + a.histogram().hashCode(), a.hashCode());
        assertTrue(a.toString().startsWith("Summary[n=3, nonFinite=0, mean=2.3333333333333335, sd="), a.toString());
        assertTrue(a.toString().endsWith(", min=1.0, max=4.0, histogram=" + a.histogram() + "]"), a.toString());
    }

    /**
     * Moments kept in log-domain against the plain formulas on 1, 2, 4: mean 7/3, deviations -4/3, -1/3, 5/3,
     * M2 = 42/9, M3 = 60/27, skewness g1 = sqrt(3) M3 / M2^(3/2); with n = 3, the smallest n it is defined for.
     * lnSd of 1 and 10 (two positive values, the fewest it needs): sd of (0, ln 10) = ln 10 / sqrt 2.
     */
    @Test
    void logMomentsAtTheirSmallestSamples() {
        LogMoments m = new LogMoments().add(0).add(Math.log10(2)).add(Math.log10(4));
        double m2 = 42.0 / 9;
        assertEquals(Math.sqrt(3) * (60.0 / 27) / Math.pow(m2, 1.5), m.skewness(), 1e-12);
        assertTrue(Double.isNaN(new LogMoments().add(0).add(1).skewness()), "n = 2 has no skewness");
        assertEquals(Math.log(10) / Math.sqrt(2), new LogMoments().add(0).add(1).lnSd(), 1e-12);
        assertTrue(Double.isNaN(new LogMoments().add(0).lnSd()));
        // merge adds the counts of non-finite and zero values
        LogMoments other = new LogMoments().add(Double.NaN).add(Double.NEGATIVE_INFINITY).add(Double.NaN).add(0);
        LogMoments merged = new LogMoments().add(1).add(Double.NaN).merge(other);
        assertEquals(3, merged.nonFinite());
        assertEquals(1, merged.zeros());
        assertEquals(3, merged.n());
    }
}
