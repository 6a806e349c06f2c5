package resnetmc.process;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Exact fractional Gaussian noise (the unit-variance increments of fractional Brownian motion with
 * Hurst index H) by circulant embedding (Davies and Harte 1987; Wood and Chan 1994).
 *
 * <p>The autocovariance of fGn is gamma(k) = (|k+1|^{2H} - 2|k|^{2H} + |k-1|^{2H}) / 2. The n x n
 * Toeplitz covariance is embedded in the M x M circulant with first row c_j = gamma(min(j, M - j)),
 * M = the smallest power of two >= 2(n - 1), whose eigenvalues lambda = FFT(c) are non-negative for fGn
 * at every H in (0, 1) (Craigmile 2003). With Z1, Z2 independent standard normal M-vectors,
 * FFT(sqrt(lambda / M) (Z1 + i Z2)) has real and imaginary parts that are two independent draws with
 * covariance exactly the circulant, whose leading n x n block is the fGn covariance: two series per FFT,
 * O(M log M) each. The eigenvalues are computed once per (n, H) and shared by all draws (the instance is
 * serializable, to be broadcast). The FFT is JTransforms' (single-threaded here: the job parallelises
 * across trials, and one thread keeps the arithmetic order fixed).
 */
public final class FractionalGaussianNoise implements LayerProcess {
    private final int n;
    private final double hurst;
    private final int m;
    private final double[] sqrtEig; // sqrt(lambda_j / M)

    static {
        pl.edu.icm.jlargearrays.ConcurrencyUtils.setNumberOfThreads(1);
    }

    public FractionalGaussianNoise(int n, double hurst) {
        if (n < 1 || !(hurst > 0 && hurst < 1)) {
            throw new IllegalArgumentException("need n >= 1 and H in (0, 1), got n = " + n + ", H = " + hurst);
        }
        this.n = n;
        this.hurst = hurst;
        int size = 2;
        while (size < 2 * (n - 1)) {
            size <<= 1;
        }
        this.m = size;
        double[] c = new double[m];
        for (int j = 0; j < m; j++) {
            c[j] = autocovariance(Math.min(j, m - j), hurst);
        }
        // The circulant's eigenvalues: the DFT of its (real, symmetric) first row, real up to rounding.
        double[] lambda = new double[2 * m];
        for (int j = 0; j < m; j++) {
            lambda[2 * j] = c[j];
        }
        new DoubleFFT_1D(m).complexForward(lambda);
        this.sqrtEig = new double[m];
        double max = 0;
        for (int j = 0; j < m; j++) {
            max = Math.max(max, lambda[2 * j]);
        }
        for (int j = 0; j < m; j++) {
            double l = lambda[2 * j];
            // Rounding can leave eigenvalues at -1e-16 max; anything more negative means no embedding.
            if (l < -1e-10 * max) {
                throw new IllegalStateException("circulant embedding not non-negative at H = " + hurst + ": " + l);
            }
            sqrtEig[j] = Math.sqrt(Math.max(l, 0.0) / m);
        }
    }

    /** gamma(k) of unit-variance fGn. */
    public static double autocovariance(int k, double hurst) {
        double h2 = 2 * hurst;
        return 0.5 * (Math.pow(Math.abs(k + 1), h2) - 2 * Math.pow(Math.abs(k), h2) + Math.pow(Math.abs(k - 1), h2));
    }

    @Override
    public int length() {
        return n;
    }

    public double hurst() {
        return hurst;
    }

    /** A drawer with its own FFT plan and buffer: one per thread (the process itself is shared). */
    @Override
    public Series series() {
        return new FgnSeries();
    }

    /** Writes two independent fGn series of length n into a and b (allocates; see {@link #series}). */
    public void sample(UniformRandomProvider rng, double[] a, double[] b) {
        series().sample(rng, a, b);
    }

    /** Two series per FFT (its real and imaginary parts), with a reused buffer; not thread-safe. */
    private final class FgnSeries implements Series {
        private final DoubleFFT_1D fft = new DoubleFFT_1D(m);
        private final double[] buffer = new double[2 * m];

        @Override
        public int perDraw() {
            return 2;
        }

        @Override
        public void sample(UniformRandomProvider rng, double[] a, double[] b) {
            ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
            for (int j = 0; j < m; j++) {
                buffer[2 * j] = sqrtEig[j] * normal.sample();
                buffer[2 * j + 1] = sqrtEig[j] * normal.sample();
            }
            fft.complexForward(buffer);
            for (int t = 0; t < n; t++) {
                a[t] = buffer[2 * t];
                b[t] = buffer[2 * t + 1];
            }
        }
    }
}
