package resnetmc.kernel;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * One Gaussian matrix M (d x d, i.i.d. N(0, 1/d) entries) seen only through what a forward and a
 * backward pass need, for m inputs through the same network: O(d m^2) work instead of O(d^2 m).
 *
 * <p>Forward: the columns x_1..x_m are orthonormalised by modified Gram-Schmidt with
 * re-orthogonalisation, X = Q R with Q (d x r) orthonormal, r = rank. M Q has i.i.d. N(0, 1/d) entries
 * (rotation invariance), so M Q = Z / sqrt d is drawn and M x_j = sum_i (M Q)_i R_ij.
 * Backward: given M Q, M = (M Q) Q^T + M~ (I - Q Q^T) with M~ an independent copy, so
 * M^T p = Q (M Q)^T p + (I - Q Q^T) M~^T p; for the m gradients p_1..p_m jointly, P = Q_P R_P and
 * M~^T Q_P has i.i.d. N(0, 1/d) entries, so M~^T p_j = sum_i (M~^T Q_P)_i (R_P)_ij. Exact in law as
 * long as the p_j depend on M only through M Q (THEORY.md section 5, for a span instead of a vector).
 * With m = 1 it is the rank-one formula of {@link ConditionalSampler}.
 *
 * <p>What the backward pass needs of a forward call is kept in a {@link Span} (Q and M Q), one per
 * matrix and layer. A column whose residual after projection is below {@link #RANK_TOLERANCE} of its
 * norm is taken as dependent on the previous ones (it adds no constraint on M). Not thread-safe.
 */
public final class SpanConditioning {
    /** Relative residual under which a column counts as in the span of the previous ones (about 1e5 ulps). */
    static final double RANK_TOLERANCE = 1e-10;

    /** Q and M Q of one forward call: what the backward pass through the same matrix conditions on. */
    public static final class Span {
        final double[][] q;
        final double[][] mq;
        int rank;

        public Span(int d, int m) {
            q = new double[m][d];
            mq = new double[m][d];
        }

        public int rank() {
            return rank;
        }
    }

    private final int d;
    private final int m;
    private final double scale;
    private final double[][] r;
    private final double[][] qp;
    private final double[][] rp;
    private final double[][] fresh;
    private final double[] tmp;

    public SpanConditioning(int d, int m) {
        this.d = d;
        this.m = m;
        this.scale = 1.0 / Math.sqrt(d);
        this.r = new double[m][m];
        this.qp = new double[m][d];
        this.rp = new double[m][m];
        this.fresh = new double[m][d];
        this.tmp = new double[d];
    }

    /** out[j] = M x[j] for j < m, drawing M Q from {@code rng}; keeps Q and M Q in {@code span}. */
    public void image(double[][] x, double[][] out, UniformRandomProvider rng, Span span) {
        span.rank = orthonormalise(x, span.q, r);
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        for (int i = 0; i < span.rank; i++) {
            for (int k = 0; k < d; k++) {
                span.mq[i][k] = normal.sample() * scale;
            }
        }
        combine(span.mq, r, span.rank, out);
    }

    /** out[j] = M^T p[j] for j < m, consistent with the forward call that filled {@code span}. */
    public void transpose(double[][] p, double[][] out, UniformRandomProvider rng, Span span) {
        int rankP = orthonormalise(p, qp, rp);
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        for (int i = 0; i < rankP; i++) {
            for (int k = 0; k < d; k++) {
                fresh[i][k] = normal.sample() * scale;
            }
        }
        combine(fresh, rp, rankP, out); // out_j = M~^T p_j
        for (int j = 0; j < m; j++) {
            double[] o = out[j];
            for (int i = 0; i < span.rank; i++) {
                // + q_i ((M q_i) . p_j) - q_i (q_i . M~^T p_j)
                double c = Vectors.dot(span.mq[i], p[j], d) - Vectors.dot(span.q[i], o, d);
                Vectors.axpy(c, span.q[i], o, d);
            }
        }
    }

    /** out_j = sum_{i < k} basis_i coef[i][j]. */
    private void combine(double[][] basis, double[][] coef, int k, double[][] out) {
        for (int j = 0; j < m; j++) {
            java.util.Arrays.fill(out[j], 0.0);
            for (int i = 0; i < k; i++) {
                if (coef[i][j] != 0.0) {
                    Vectors.axpy(coef[i][j], basis[i], out[j], d);
                }
            }
        }
    }

    /**
     * Modified Gram-Schmidt with one re-orthogonalisation pass ("twice is enough", Giraud et al. 2005):
     * x_j = sum_i basis_i coef[i][j]; returns the rank.
     */
    private int orthonormalise(double[][] x, double[][] basis, double[][] coef) {
        int k = 0;
        for (int j = 0; j < m; j++) {
            System.arraycopy(x[j], 0, tmp, 0, d);
            for (int i = 0; i < m; i++) {
                coef[i][j] = 0.0;
            }
            double norm0 = Vectors.norm(tmp, d);
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < k; i++) {
                    double c = Vectors.dot(basis[i], tmp, d);
                    coef[i][j] += c;
                    Vectors.axpy(-c, basis[i], tmp, d);
                }
            }
            double res = Vectors.norm(tmp, d);
            if (res > RANK_TOLERANCE * norm0 && res > 0) {
                for (int t = 0; t < d; t++) {
                    basis[k][t] = tmp[t] / res;
                }
                coef[k][j] = res;
                k++;
            }
        }
        return k;
    }
}
