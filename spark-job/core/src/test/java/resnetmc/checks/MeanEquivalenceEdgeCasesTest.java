package resnetmc.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import resnetmc.stats.LogMoments;

/**
 * {@link MeanEquivalence} against the plain formulas of its class comment on a sample whose moments are
 * known by hand, and the verdicts at exact ties with the widened bounds (tolerance 0, where
 * log10(1 - tol) = 0 adds nothing, so a bound equal to an interval end is an exact tie).
 */
class MeanEquivalenceEdgeCasesTest {

    /** n values alternating 1.9 and 2.1 (n even): mean 2, sd 0.1 sqrt(n/(n-1)), sample skewness 0. */
    private static LogMoments alternating(int n) {
        LogMoments m = new LogMoments();
        for (int i = 0; i < n; i++) {
            m.add(Math.log10(i % 2 == 0 ? 1.9 : 2.1));
        }
        return m;
    }

    @Test
    void intervalAndGuardFromTheFormulas() {
        int n = 50;
        MeanEquivalence.Outcome o = MeanEquivalence.judge(alternating(n), Math.log10(1.9), Math.log10(2.1), 0.05,
                0.95, 50);
        // the interval is taken at half the row's error: 1 - 0.05/2
        double conf = 0.975;
        assertEquals(conf, o.confidence(), 1e-15);
        double t = new TDistribution(null, n - 1.0, 1e-14).inverseCumulativeProbability(0.5 + conf / 2);
        double sd = 0.1 * Math.sqrt(n / (n - 1.0));
        double half = t * sd / Math.sqrt(n);
        assertEquals(Math.log10(2 - half), o.log10Low(), 1e-12);
        assertEquals(Math.log10(2 + half), o.log10High(), 1e-12);
        assertEquals(Math.log10(2), o.log10Mean(), 1e-14);
        // lognormal-fit skewness from sd(ln X) = (ln 2.1 - ln 1.9)/2 sqrt(n/(n-1)); the sample skewness is 0
        double lnSd = (Math.log(2.1) - Math.log(1.9)) / 2 * Math.sqrt(n / (n - 1.0));
        double s2 = lnSd * lnSd;
        double g = (Math.exp(s2) + 2) * Math.sqrt(Math.expm1(s2));
        double e = g / Math.sqrt(n) * (2 * t * t + 1) * (t * t + 1) / (6 * t);
        assertEquals(e, o.skewGuard(), 1e-9);
        assertEquals(Verdict.HOLDS, o.verdict());
    }

    @Test
    void fewerThanTheMinimumIsInconclusive() {
        MeanEquivalence.Outcome o = MeanEquivalence.judge(alternating(50), 0, 1, 0.05, 0.95, 51);
        assertEquals(Verdict.INCONCLUSIVE, o.verdict());
        assertEquals("n = 50 < 51 trials: no mean interval is valid on so few (heavy right tail)", o.reason());
        assertTrue(Double.isNaN(o.confidence()));
        LogMoments withNaN = alternating(50).add(Double.NaN);
        assertEquals("1 trials have no finite value: the mean is not known",
                MeanEquivalence.judge(withNaN, 0, 1, 0.05, 0.95, 50).reason());
    }

    @Test
    void exactTiesWithTheBounds() {
        MeanEquivalence.Outcome o = MeanEquivalence.judge(alternating(50), Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, 0.0, 0.95, 50);
        double lo = o.log10Low();
        double hi = o.log10High();
        // inside, ends included
        assertEquals(Verdict.HOLDS, MeanEquivalence.judge(alternating(50), lo, hi, 0.0, 0.95, 50).verdict());
        // a bound one ulp inside the interval: straddles
        assertEquals(Verdict.INCONCLUSIVE,
                MeanEquivalence.judge(alternating(50), Math.nextUp(lo), hi, 0.0, 0.95, 50).verdict());
        assertEquals(Verdict.INCONCLUSIVE,
                MeanEquivalence.judge(alternating(50), lo, Math.nextDown(hi), 0.0, 0.95, 50).verdict());
        // outside needs a strict gap: the interval touching the claimed range is not a violation
        assertEquals(Verdict.INCONCLUSIVE, MeanEquivalence.judge(alternating(50), hi, 1, 0.0, 0.95, 50).verdict());
        assertEquals(Verdict.VIOLATED,
                MeanEquivalence.judge(alternating(50), Math.nextUp(hi), 1, 0.0, 0.95, 50).verdict());
        assertEquals(Verdict.INCONCLUSIVE, MeanEquivalence.judge(alternating(50), -1, lo, 0.0, 0.95, 50).verdict());
        assertEquals(Verdict.VIOLATED,
                MeanEquivalence.judge(alternating(50), -1, Math.nextDown(lo), 0.0, 0.95, 50).verdict());
        // the tolerance widens the claimed range by log10(1 -+ tol): 5% brings the ulp-inside bounds back to holds
        assertEquals(Verdict.HOLDS, MeanEquivalence.judge(alternating(50), lo + 0.02, hi - 0.02, 0.05, 0.95, 50)
                .verdict(), "log10(0.95) = -0.0223 and log10(1.05) = 0.0212 cover 0.02");
        assertEquals(Verdict.INCONCLUSIVE, MeanEquivalence.judge(alternating(50), lo + 0.03, hi, 0.05, 0.95, 50)
                .verdict());
        assertEquals(Verdict.INCONCLUSIVE, MeanEquivalence.judge(alternating(50), lo, hi - 0.03, 0.05, 0.95, 50)
                .verdict());
    }

    /**
     * The guard's skewness: 4 zeros and a 1 have no lognormal fit (a zero), so the sample skewness counts:
     * mean 0.2, M2 = 0.8, M3 = 0.48, g1 = sqrt(5) 0.48 / 0.8^(3/2) = 1.5. Values 1 and 1e40 alternating: the
     * fit's e^(s^2) overflows (s = 46 sqrt(n/(n-1))), infinite.
     */
    @Test
    void guardSkewness() {
        LogMoments zeros = new LogMoments();
        for (int i = 0; i < 4; i++) {
            zeros.add(Double.NEGATIVE_INFINITY);
        }
        zeros.add(0);
        assertEquals(Math.sqrt(5) * 0.48 / Math.pow(0.8, 1.5), MeanEquivalence.guardSkewness(zeros), 1e-12);
        LogMoments wide = new LogMoments();
        for (int i = 0; i < 10; i++) {
            wide.add(i % 2 == 0 ? 0 : 40);
        }
        assertEquals(Double.POSITIVE_INFINITY, MeanEquivalence.guardSkewness(wide));
        // s^2 just below 700 stays finite: two values whose ln differ by sqrt(2 * 698) have s^2 = 698
        LogMoments near = new LogMoments().add(0).add(Math.sqrt(2 * 698.0) / Math.log(10));
        double s = near.lnSd();
        double s2 = s * s;
        assertEquals(698, s2, 1e-9);
        assertEquals((Math.exp(s2) + 2) * Math.sqrt(Math.expm1(s2)), MeanEquivalence.guardSkewness(near),
                1e-9 * MeanEquivalence.guardSkewness(near));
    }
}
