package resnetmc.process;

import dev.ludovic.netlib.lapack.LAPACK;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.netlib.util.intW;

/**
 * A stationary Gaussian process with the RBF kernel, observed at t_k = k / L, k = 1..L:
 * Cov(X_k, X_l) = exp(-(t_k - t_l)^2 / (2 ell^2)), unit variance at every point (Marion et al.,
 * arXiv 2206.06929, Section 5: weights that are discretisations of a smooth function of k/L).
 *
 * <p>The L x L covariance is factored once by a symmetric eigendecomposition (LAPACK dsyev through
 * dev.ludovic.netlib, which MLlib ships; commons-math's EigenDecomposition does not converge on this
 * ill-conditioned matrix at L = 1000), K = U diag(lambda) U^T,
 * and draws are X = U_r diag(sqrt lambda_r) z with z ~ N(0, I_r) over the r eigenvalues above
 * {@link #RELATIVE_CUTOFF} times the largest. The RBF covariance is numerically singular (its
 * eigenvalues decay like a Gaussian), so a Cholesky factor does not exist in floating point; the
 * discarded eigenvalues are below the rounding of the kernel itself and change no covariance entry by
 * more than L * cutoff * lambda_max. Each draw costs O(L r) with r much smaller than L for smooth
 * kernels. Immutable and serializable (computed once per cell and broadcast).
 */
public final class RbfProcess implements LayerProcess {
    /** Eigenvalues below 1e-13 of the largest are at the level of the kernel's own rounding. */
    static final double RELATIVE_CUTOFF = 1e-13;

    private final int n;
    private final double lengthScale;
    private final double[][] factor; // factor[i][k]: i-th retained column of U diag(sqrt lambda), entry k

    public RbfProcess(int n, double lengthScale) {
        if (n < 1 || !(lengthScale > 0)) {
            throw new IllegalArgumentException("need n >= 1 and a length-scale > 0, got " + n + ", " + lengthScale);
        }
        this.n = n;
        this.lengthScale = lengthScale;
        double[] k = new double[n * n]; // column-major, symmetric
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dt = (double) (i - j) / n;
                k[i + j * n] = Math.exp(-dt * dt / (2 * lengthScale * lengthScale));
            }
        }
        double[] lambda = new double[n];
        intW info = new intW(0);
        double[] query = new double[1];
        LAPACK lapack = LAPACK.getInstance();
        lapack.dsyev("V", "U", n, k.clone(), n, lambda, query, -1, info);
        double[] work = new double[(int) query[0]];
        lapack.dsyev("V", "U", n, k, n, lambda, work, work.length, info);
        if (info.val != 0) {
            throw new IllegalStateException("dsyev failed with info = " + info.val + " (L = " + n + ", ell = " + lengthScale + ")");
        }
        double max = lambda[n - 1]; // ascending order
        int r = 0;
        for (double l : lambda) {
            if (l > RELATIVE_CUTOFF * max) {
                r++;
            }
        }
        this.factor = new double[r][n];
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (lambda[i] > RELATIVE_CUTOFF * max) {
                double s = Math.sqrt(lambda[i]);
                for (int t = 0; t < n; t++) {
                    factor[c][t] = k[t + i * n] * s; // eigenvector i is column i
                }
                c++;
            }
        }
    }

    @Override
    public int length() {
        return n;
    }

    public double lengthScale() {
        return lengthScale;
    }

    /** The number of retained eigenvalues. */
    public int rank() {
        return factor.length;
    }

    /** One series per draw; the process keeps no per-draw state, so the drawer is the process itself. */
    @Override
    public Series series() {
        return new Series() {
            @Override
            public int perDraw() {
                return 1;
            }

            @Override
            public void sample(UniformRandomProvider rng, double[] a, double[] b) {
                RbfProcess.this.sample(rng, a);
            }
        };
    }

    /** Writes one draw of length n into x. */
    public void sample(UniformRandomProvider rng, double[] x) {
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        java.util.Arrays.fill(x, 0, n, 0.0);
        for (double[] col : factor) {
            double z = normal.sample();
            for (int t = 0; t < n; t++) {
                x[t] += z * col[t];
            }
        }
    }
}
