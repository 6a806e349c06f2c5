package resnetmc.process;

import java.io.Serializable;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

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
 * immutable and serializable, to be broadcast). The FFT is commons-math's radix-2 transform.
 */
public final class FractionalGaussianNoise implements Serializable {
    private final int n;
    private final double hurst;
    private final int m;
    private final double[] sqrtEig; // sqrt(lambda_j / M)

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
        Complex[] lambda = new FastFourierTransformer(DftNormalization.STANDARD).transform(c, TransformType.FORWARD);
        this.sqrtEig = new double[m];
        double max = 0;
        for (Complex l : lambda) {
            max = Math.max(max, l.getReal());
        }
        for (int j = 0; j < m; j++) {
            double l = lambda[j].getReal();
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

    public int length() {
        return n;
    }

    public double hurst() {
        return hurst;
    }

    /** Writes two independent fGn series of length n into a and b. */
    public void sample(UniformRandomProvider rng, double[] a, double[] b) {
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] re = new double[m];
        double[] im = new double[m];
        for (int j = 0; j < m; j++) {
            re[j] = sqrtEig[j] * normal.sample();
            im[j] = sqrtEig[j] * normal.sample();
        }
        double[][] data = {re, im};
        FastFourierTransformer.transformInPlace(data, DftNormalization.STANDARD, TransformType.FORWARD);
        System.arraycopy(data[0], 0, a, 0, n);
        System.arraycopy(data[1], 0, b, 0, n);
    }
}
