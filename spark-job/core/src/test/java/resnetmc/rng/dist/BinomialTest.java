package resnetmc.rng.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetmc.rng.RandomStreams;
import resnetmc.testing.FalseFailureRate;

/**
 * {@link Binomial} against the exact pmf (commons-math3's {@code BinomialDistribution}: saddle-point
 * expansion of the pmf, regularized beta for the CDF, both accurate to ~1e-14 relative here).
 *
 * <p>Goodness of fit: N = 200000 draws per (n, p) binned into at most 40 bins of about equal probability
 * (exact single values for small n), Pearson chi-square, each at level 5e-6. Tails: N = 2e6 draws, the
 * count beyond mean +- 4 sd compared with its exact binomial law, two-sided exact p-value at 5e-6.
 * The cases reach every path: popcount (p = 1/2, n <= 1024), inversion (n r < 30, including n = 1e9),
 * BTPE (n r >= 30, up to n = 2^31 - 1), and the reflection p > 1/2. False failures: 14 fits + 7 tail
 * counts = 21 tests at 5e-6, at most 1.05e-4 in all (Bonferroni); seeds fixed.
 */
@FalseFailureRate(1.05e-4)
class BinomialTest {
    private static final double LEVEL = 5e-6;

    @ParameterizedTest(name = "n={0} p={1}")
    @CsvSource({"1, 0.3", "2, 0.5", "5, 0.7", "60, 0.5", "100, 0.5", "100, 0.05", "1024, 0.5", "1025, 0.5",
        "10000, 0.5", "10000, 0.001", "1000000, 0.3", "1000000000, 0.5", "1000000000, 1e-8", "2147483647, 0.999999"})
    void matchesPmf(int n, double p) {
        int draws = 200_000;
        BinomialDistribution law = new BinomialDistribution(null, n, p);
        // Bin edges: upper ends of about equiprobable bins (inverse CDF at i/40), deduplicated.
        List<Integer> upper = new ArrayList<>();
        for (int i = 1; i < 40; i++) {
            int e = law.inverseCumulativeProbability(i / 40.0);
            if (upper.isEmpty() || e > upper.get(upper.size() - 1)) {
                upper.add(e);
            }
        }
        if (upper.get(upper.size() - 1) < n) {
            upper.add(n);
        }
        int bins = upper.size();
        double[] expected = new double[bins];
        double prev = 0;
        for (int i = 0; i < bins; i++) {
            double cdf = i == bins - 1 ? 1.0 : law.cumulativeProbability(upper.get(i));
            expected[i] = (cdf - prev) * draws;
            prev = cdf;
        }
        long[] observed = new long[bins];
        UniformRandomProvider rng = RandomStreams.dataset(n ^ Double.hashCode(p), 1);
        Binomial sampler = Binomial.of(n, p);
        for (int t = 0; t < draws; t++) {
            int x = sampler.sample(rng);
            assertTrue(x >= 0 && x <= n);
            int lo = 0;
            int hi = bins - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (x <= upper.get(mid)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            observed[lo]++;
        }
        if (bins == 1) {
            assertEquals(draws, observed[0]);
            return;
        }
        double pValue = new ChiSquareTest().chiSquareTest(expected, observed);
        assertTrue(pValue > LEVEL, "n=" + n + " p=" + p + ": chi-square p-value " + pValue);
    }

    @ParameterizedTest(name = "n={0} p={1}")
    @CsvSource({"100, 0.5, true", "1000000, 0.3, true", "1000000000, 0.5, true", "1000000000, 1e-8, false"})
    void tailFrequencies(int n, double p, boolean lowerToo) {
        int draws = 2_000_000;
        BinomialDistribution law = new BinomialDistribution(null, n, p);
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        int hiCut = (int) Math.ceil(mean + 4 * sd);   // count X >= hiCut
        int loCut = (int) Math.floor(mean - 4 * sd);  // count X <= loCut
        double pHi = 1 - law.cumulativeProbability(hiCut - 1);
        double pLo = law.cumulativeProbability(loCut);
        UniformRandomProvider rng = RandomStreams.dataset(n ^ 77, 2);
        Binomial sampler = Binomial.of(n, p);
        long hi = 0;
        long lo = 0;
        for (int t = 0; t < draws; t++) {
            int x = sampler.sample(rng);
            if (x >= hiCut) {
                hi++;
            } else if (x <= loCut) {
                lo++;
            }
        }
        assertTrue(twoSided(hi, draws, pHi) > LEVEL, "upper tail " + hi + " vs " + pHi * draws);
        if (lowerToo) {
            assertTrue(twoSided(lo, draws, pLo) > LEVEL, "lower tail " + lo + " vs " + pLo * draws);
        }
    }

    /** Exact two-sided binomial test p-value (twice the smaller tail, capped at 1). */
    private static double twoSided(long count, int draws, double p) {
        BinomialDistribution c = new BinomialDistribution(null, draws, p);
        double below = c.cumulativeProbability((int) count);
        double above = 1 - c.cumulativeProbability((int) count - 1);
        return Math.min(1.0, 2 * Math.min(below, above));
    }

    @Test
    void edgeCases() {
        UniformRandomProvider rng = RandomStreams.dataset(1, 3);
        assertEquals(0, Binomial.sample(rng, 0, 0.5));
        assertEquals(0, Binomial.sample(rng, 1000, 0.0));
        assertEquals(1000, Binomial.sample(rng, 1000, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Binomial.sample(rng, -1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Binomial.sample(rng, 5, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Binomial.sample(rng, 5, Double.NaN));
    }
}
