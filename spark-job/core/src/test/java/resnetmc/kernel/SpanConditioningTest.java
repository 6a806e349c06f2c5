package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import resnetmc.rng.RandomStreams;
import resnetmc.testing.FalseFailureRate;

/**
 * Span conditioning against an explicit dense matrix, one layer, several inputs: the joint law of the
 * images M x_j and of M^T p_j, where the p_j depend on M only through the images (as gradients do),
 * must be the same. Compared through scalar functionals by two-sample Kolmogorov-Smirnov tests,
 * n = 20000 per side, each at level 1e-5; 2 cases x 5 statistics = 10 tests, so a correct
 * implementation fails one with probability at most 1e-4 (Bonferroni). At n = 20000 the test detects a
 * CDF difference of 0.02, e.g. a 5% error in the scale of a statistic with a unit-order spread.
 */
@FalseFailureRate(1e-4)
class SpanConditioningTest {
    private static final int N = 20_000;
    private static final int D = 8;

    /** x_1, x_2 at cosine 0.6 and, in the second case, a dependent x_3 = x_1 - 2 x_2 (rank 2). */
    private static double[][] inputs(int m) {
        double[][] x = new double[m][D];
        for (int i = 0; i < D; i++) {
            x[0][i] = i % 2 == 0 ? 1.0 : 0.5;
            x[1][i] = i < 4 ? 0.8 : -0.3;
        }
        if (m == 3) {
            for (int i = 0; i < D; i++) {
                x[2][i] = x[0][i] - 2 * x[1][i];
            }
        }
        return x;
    }

    /** Gradients that depend on M only through the images: p_1 = ReLU(y_1) + 0.3 y_2, p_j = y_1 * y_j. */
    private static double[][] gradients(double[][] y) {
        int m = y.length;
        double[][] p = new double[m][D];
        for (int i = 0; i < D; i++) {
            p[0][i] = Math.max(y[0][i], 0) + 0.3 * y[1][i];
            for (int j = 1; j < m; j++) {
                p[j][i] = y[0][i] * y[j][i];
            }
        }
        return p;
    }

    /** Statistics of one draw: images and transposes. */
    private static double[] stats(double[][] x, double[][] y, double[][] t) {
        int m = x.length;
        return new double[] {
            Vectors.dot(y[0], y[1], D),
            Vectors.norm(t[0], D),
            Vectors.dot(t[0], t[1], D),
            Vectors.dot(t[0], x[1], D),
            Vectors.dot(t[m - 1], x[0], D)};
    }

    private static double[] dense(double[][] x, UniformRandomProvider rng) {
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] mat = new double[D][D];
        for (double[] row : mat) {
            for (int k = 0; k < D; k++) {
                row[k] = normal.sample() / Math.sqrt(D);
            }
        }
        int m = x.length;
        double[][] y = new double[m][D];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < D; i++) {
                y[j][i] = Vectors.dot(mat[i], x[j], D);
            }
        }
        double[][] p = gradients(y);
        double[][] t = new double[m][D];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < D; i++) {
                Vectors.axpy(p[j][i], mat[i], t[j], D);
            }
        }
        return stats(x, y, t);
    }

    private static double[] conditional(SpanConditioning sc, double[][] x, UniformRandomProvider f,
                                        UniformRandomProvider b) {
        int m = x.length;
        double[][] y = new double[m][D];
        SpanConditioning.Span span = new SpanConditioning.Span(D, m);
        sc.image(x, y, f, span);
        double[][] t = new double[m][D];
        sc.transpose(gradients(y), t, b, span);
        return stats(x, y, t);
    }

    @Test
    void twoInputs() {
        compare(2);
    }

    @Test
    void dependentThirdInput() {
        SpanConditioning sc = new SpanConditioning(D, 3);
        SpanConditioning.Span span = new SpanConditioning.Span(D, 3);
        sc.image(inputs(3), new double[3][D], RandomStreams.of(1, 1, 1).v(1), span);
        assertEquals(2, span.rank());
        compare(3);
    }

    private static void compare(int m) {
        double[][] x = inputs(m);
        SpanConditioning sc = new SpanConditioning(D, m);
        double[][] a = new double[5][N];
        double[][] b = new double[5][N];
        for (int n = 0; n < N; n++) {
            double[] sd = dense(x, RandomStreams.of(5, m, n).v(1));
            double[] scd = conditional(sc, x, RandomStreams.of(6, m, n).v(1), RandomStreams.of(6, m, n).vBackward(1));
            for (int k = 0; k < 5; k++) {
                a[k][n] = sd[k];
                b[k][n] = scd[k];
            }
        }
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        for (int k = 0; k < 5; k++) {
            double p = ks.kolmogorovSmirnovTest(a[k], b[k], false);
            assertTrue(p > 1e-5, "m = " + m + ", statistic " + k + ": D = "
                    + ks.kolmogorovSmirnovStatistic(a[k], b[k]) + ", p = " + p);
        }
    }
}
