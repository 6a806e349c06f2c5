package resnetmc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import resnetmc.rng.RandomStreams;
import resnetmc.testing.FalseFailureRate;

/**
 * The generated processes have the covariance they claim. For lags k = 0..5 the statistic of one
 * series is s_k = mean_t x_t x_{t+k}; its mean over N independent series estimates the lag-k
 * covariance, with a standard error from the N values. Each check is a 99.999% normal interval around the
 * exact value; 3 Hurst indices x 6 lags + 6 RBF lags = 24 checks, so a correct generator fails one
 * with probability at most 2.4e-4 (Bonferroni); the seeds are fixed.
 */
@FalseFailureRate(2.4e-4)
class ProcessCovarianceTest {
    private static final double Z = 4.417173413467605; // norm.ppf(1 - 5e-6)
    private static final int SERIES = 20_000;

    /** Exact values: gamma(k) = (|k+1|^{2H} - 2|k|^{2H} + |k-1|^{2H})/2 (e.g. H = 1/2: 1, 0, 0, ...). */
    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.5, 0.8})
    void fgnAutocovariance(double hurst) {
        int n = 64;
        FractionalGaussianNoise fgn = new FractionalGaussianNoise(n, hurst);
        double[][] stats = new double[6][SERIES];
        double[] a = new double[n];
        double[] b = new double[n];
        for (int s = 0; s < SERIES; s += 2) {
            fgn.sample(RandomStreams.of(7, Double.doubleToLongBits(hurst), s).v(1), a, b);
            lagStats(a, stats, s);
            lagStats(b, stats, s + 1);
        }
        for (int k = 0; k < 6; k++) {
            assertWithin(FractionalGaussianNoise.autocovariance(k, hurst), stats[k], "H = " + hurst + ", lag " + k);
        }
        assertEquals(0.0, FractionalGaussianNoise.autocovariance(3, 0.5), 1e-15);
    }

    /** Exact values: exp(-(k/n)^2 / (2 ell^2)) at n = 100, ell = 0.05. */
    @Test
    void rbfCovariance() {
        int n = 100;
        double ell = 0.05;
        RbfProcess rbf = new RbfProcess(n, ell);
        assertTrue(rbf.rank() < n, "a smooth kernel has numerically low rank: " + rbf.rank());
        double[][] stats = new double[6][SERIES];
        double[] x = new double[n];
        for (int s = 0; s < SERIES; s++) {
            rbf.sample(RandomStreams.of(8, 0, s).v(1), x);
            lagStats(x, stats, s);
        }
        for (int k = 0; k < 6; k++) {
            double dt = (double) k / n;
            assertWithin(Math.exp(-dt * dt / (2 * ell * ell)), stats[k], "RBF lag " + k);
        }
    }

    private static void lagStats(double[] x, double[][] stats, int s) {
        for (int k = 0; k < stats.length; k++) {
            double sum = 0;
            for (int t = 0; t + k < x.length; t++) {
                sum += x[t] * x[t + k];
            }
            stats[k][s] = sum / (x.length - k);
        }
    }

    private static void assertWithin(double exact, double[] values, String what) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double se = Math.sqrt(ss / (values.length - 1) / values.length);
        assertTrue(Math.abs(mean - exact) <= Z * se,
                String.format("%s: mean %.5f, exact %.5f, %.2f se", what, mean, exact, Math.abs(mean - exact) / se));
    }
}
