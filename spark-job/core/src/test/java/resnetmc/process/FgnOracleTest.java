package resnetmc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import resnetmc.rng.RandomStreams;
import resnetmc.testing.FalseFailureRate;

/**
 * Fractional Gaussian noise against an oracle that shares no code with the generator: the closed-form
 * autocovariance of unit-variance fGn, gamma(k) = (|k+1|^{2H} - 2|k|^{2H} + |k-1|^{2H}) / 2 (the second
 * difference of E B_H(t)^2 = t^{2H}), written out here, and moments of many long generated series.
 *
 * <p>Tolerances come from the exact variance of each statistic under the claimed law, never from the
 * samples: for a centred Gaussian series, Isserlis' theorem gives
 * Cov(x_t x_{t+k}, x_u x_{u+k}) = gamma(t-u)^2 + gamma(t-u+k) gamma(t-u-k), so the lag-k statistic
 * s_k = (1/(n-k)) sum_t x_t x_{t+k} of one series has a variance computed from gamma alone, and the mean
 * of N independent copies is normal to within the CLT (N = 20000). Each of the 4 x 9 = 36 checks is a
 * two-sided interval at 1e-6 (z = 4.89); allowing a factor 3 for the CLT in the tail, a correct generator
 * fails this class with probability below 36 x 3e-6 ~ 1.1e-4. Seeds are fixed.
 */
@FalseFailureRate(1.1e-4)
class FgnOracleTest {
    private static final int N = 1024;
    private static final int SERIES = 20_000;
    private static final int[] LAGS = {0, 1, 2, 10, 100, 700};
    /** Two-sided 1e-6 normal quantile. */
    private static final double Z = new NormalDistribution().inverseCumulativeProbability(1 - 0.5e-6);

    /** Independent of the implementation: the second difference of |t|^{2H}, halved. */
    private static double gamma(int k, double h) {
        double a = Math.abs((double) k);
        return 0.5 * (Math.pow(a + 1, 2 * h) - 2 * Math.pow(a, 2 * h) + Math.pow(Math.abs(a - 1), 2 * h));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.5, 0.8, 0.97})
    void autocovarianceIsTheClosedForm(double h) {
        for (int k = 0; k < 2000; k++) {
            assertEquals(gamma(k, h), FractionalGaussianNoise.autocovariance(k, h), 1e-14, "H = " + h + ", k = " + k);
        }
        // Spot values by hand: H = 1/2 is white noise; H = 0.8, lag 1: (2^1.6 - 2) / 2 = 0.5157165665...
        assertEquals(0.0, gamma(5, 0.5), 0.0);
        assertEquals(0.5 * (Math.pow(2, 1.6) - 2), gamma(1, 0.8), 1e-15);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.5, 0.8, 0.97})
    void longSeriesHaveTheClosedFormCovariance(double h) {
        FractionalGaussianNoise fgn = new FractionalGaussianNoise(N, h);
        double[] g = new double[N + 1];
        for (int k = 0; k <= N; k++) {
            g[k] = gamma(k, h);
        }
        int m = LAGS.length;
        double[] lagSum = new double[m];
        double[] first = new double[2];   // x_0 x_1 and x_{n-2} x_{n-1}: the ends of the embedding
        double cross = 0;                 // (1/n) sum_t a_t b_t: the two series of one draw are independent
        double[] a = new double[N];
        double[] b = new double[N];
        var series = fgn.series();
        for (int s = 0; s < SERIES; s += 2) {
            series.sample(RandomStreams.of(15, Double.doubleToLongBits(h), s).v(1), a, b);
            for (double[] x : new double[][] {a, b}) {
                for (int j = 0; j < m; j++) {
                    int k = LAGS[j];
                    double sum = 0;
                    for (int t = 0; t + k < N; t++) {
                        sum += x[t] * x[t + k];
                    }
                    lagSum[j] += sum / (N - k);
                }
                first[0] += x[0] * x[1];
                first[1] += x[N - 2] * x[N - 1];
            }
            double c = 0;
            for (int t = 0; t < N; t++) {
                c += a[t] * b[t];
            }
            cross += c / N;
        }
        for (int j = 0; j < m; j++) {
            int k = LAGS[j];
            check(lagSum[j] / SERIES, g[k], lagVariance(g, k) / SERIES, "H = " + h + ", lag " + k);
        }
        // Var(x_0 x_1) = gamma(0)^2 + gamma(1)^2 (Isserlis), the same at the far end.
        check(first[0] / SERIES, g[1], (1 + g[1] * g[1]) / SERIES, "H = " + h + ", x_0 x_1");
        check(first[1] / SERIES, g[1], (1 + g[1] * g[1]) / SERIES, "H = " + h + ", x_{n-2} x_{n-1}");
        // Independent a, b: Var((1/n) sum a_t b_t) = (1/n^2) sum_{t,u} gamma(t-u)^2.
        double v = 0;
        for (int d = -(N - 1); d <= N - 1; d++) {
            v += (N - Math.abs(d)) * g[Math.abs(d)] * g[Math.abs(d)];
        }
        check(cross / (SERIES / 2), 0.0, v / ((double) N * N) / (SERIES / 2), "H = " + h + ", cross a b");
    }

    /** Var s_k = (1/(n-k)^2) sum_{t,u < n-k} [gamma(t-u)^2 + gamma(t-u+k) gamma(t-u-k)], by difference d = t-u. */
    private static double lagVariance(double[] g, int k) {
        int len = N - k;
        double v = 0;
        for (int d = -(len - 1); d <= len - 1; d++) {
            double term = g[Math.abs(d)] * g[Math.abs(d)] + g[Math.abs(d + k)] * g[Math.abs(d - k)];
            v += (len - Math.abs(d)) * term;
        }
        return v / ((double) len * len);
    }

    private static void check(double mean, double exact, double variance, String what) {
        double se = Math.sqrt(variance);
        assertTrue(Math.abs(mean - exact) <= Z * se,
                String.format("%s: mean %.6f, exact %.6f, %.2f se", what, mean, exact, Math.abs(mean - exact) / se));
    }
}
