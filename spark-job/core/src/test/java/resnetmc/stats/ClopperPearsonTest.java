package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClopperPearsonTest {

    private static final double TOL = 1e-12;

    @Test
    void zeroSuccessesHasClosedFormUpperEnd() {
        // k = 0: high solves P(Bin(10,p) <= 0) = (1-p)^10 = 0.025, so high = 1 - 0.025^(1/10).
        Interval i = ClopperPearson.of(0, 10, 0.95);
        assertEquals(0.0, i.low());
        assertEquals(1 - Math.pow(0.025, 0.1), i.high(), TOL);
        assertEquals(0.30849710781876083, i.high(), TOL); // same value, printed by Python 3 (1-0.025**0.1)
    }

    @Test
    void allSuccessesHasClosedFormLowerEnd() {
        // k = n: low solves P(Bin(10,p) >= 10) = p^10 = 0.025.
        Interval i = ClopperPearson.of(10, 10, 0.95);
        assertEquals(Math.pow(0.025, 0.1), i.low(), TOL);
        assertEquals(1.0, i.high());
    }

    @Test
    void oneOfTwoHasClosedFormEnds() {
        // k=1, n=2: low = Beta(1,2) quantile at 0.025, CDF 1-(1-p)^2, so low = 1 - sqrt(0.975);
        // high = Beta(2,1) quantile at 0.975, CDF p^2, so high = sqrt(0.975).
        Interval i = ClopperPearson.of(1, 2, 0.95);
        assertEquals(1 - Math.sqrt(0.975), i.low(), TOL);
        assertEquals(Math.sqrt(0.975), i.high(), TOL);
    }

    @Test
    void middleValueMatchesBinomialTails() {
        // k=5, n=10, 95%: Beta(5,6) 2.5% and Beta(6,5) 97.5% quantiles; scipy.stats.beta.ppf gives
        // 0.18708602844739855 and 0.8129139715526015 (R's binom.test(5,10): 0.1870860, 0.8129140).
        Interval i = ClopperPearson.of(5, 10, 0.95);
        assertEquals(0.18708602844739855, i.low(), 1e-12);
        assertEquals(0.8129139715526015, i.high(), 1e-12);
        // Independent check of the defining equations by a direct binomial sum.
        assertEquals(0.025, upperTail(5, 10, i.low()), 1e-13);
        assertEquals(0.025, 1 - upperTail(6, 10, i.high()), 1e-13);
    }

    @Test
    void symmetricUnderSuccessFailureSwap() {
        // Swapping successes and failures maps p to 1-p: low(k,n) = 1 - high(n-k,n).
        for (int n : new int[] {1, 7, 50, 1000}) {
            for (int k = 0; k <= n; k += Math.max(1, n / 7)) {
                Interval a = ClopperPearson.of(k, n, 0.99);
                Interval b = ClopperPearson.of(n - k, n, 0.99);
                assertEquals(a.low(), 1 - b.high(), 1e-12, "k=" + k + ", n=" + n);
                assertEquals(a.high(), 1 - b.low(), 1e-12, "k=" + k + ", n=" + n);
            }
        }
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> ClopperPearson.of(0, 0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> ClopperPearson.of(3, 2, 0.95));
        assertThrows(IllegalArgumentException.class, () -> ClopperPearson.of(-1, 2, 0.95));
        assertThrows(IllegalArgumentException.class, () -> ClopperPearson.of(1, 2, 1.0));
    }

    /** P(Bin(n,p) >= k) summed directly. */
    private static double upperTail(int k, int n, double p) {
        double s = 0;
        for (int j = k; j <= n; j++) {
            s += binom(n, j) * Math.pow(p, j) * Math.pow(1 - p, n - j);
        }
        return s;
    }

    private static double binom(int n, int j) {
        double c = 1;
        for (int i = 1; i <= j; i++) {
            c = c * (n - j + i) / i;
        }
        return c;
    }
}
