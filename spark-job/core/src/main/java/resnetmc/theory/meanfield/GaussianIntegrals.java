package resnetmc.theory.meanfield;

import java.util.function.DoubleUnaryOperator;

/**
 * One- and two-dimensional Gaussian expectations of (possibly kinked or nearly discontinuous)
 * functions, by composite Gauss-Legendre quadrature in standard coordinates.
 *
 * <p>E f(u), u ~ N(0, q), is written as the integral of f(sqrt(q) z) phi(z) over z in [-Z, Z],
 * Z = {@link #RANGE} (the mass outside is 2e-32). The range is cut into panels whose breakpoints
 * accumulate geometrically at the kink z = 0 (ReLU, alpha-ReLU) and at the steep part of tanh, whose
 * width is 1/sqrt(q): plain Gauss-Hermite misses that when q is large (tanh tends to a step), as the
 * issue's pitfalls note. Each panel uses a {@link #POINTS}-point Gauss-Legendre rule, exact for
 * polynomials of degree 2 * POINTS - 1 on the panel. Bivariate expectations E f(u) g(u') with
 * (u, u') centred Gaussian of variances q, q' and covariance c use u = sqrt(q) z1,
 * u' = sqrt(q') (rho z1 + sqrt(1 - rho^2) z2) and the same rule for z2, with breakpoints moved to the
 * kink of g in z2.
 */
public final class GaussianIntegrals {
    /** Half-width of the standard-normal range integrated: P(|z| > 12) = 3.6e-33. */
    static final double RANGE = 12.0;
    /** Geometric refinement levels toward a kink: the smallest panel is 12 * 2^-24 = 7e-7. */
    static final int LEVELS = 24;
    /** Widest panel: an 8-point rule on a unit-width piece of e^{-z^2/2} errs by about 1e-16. */
    static final double MAX_PANEL = 1.0;
    /** Gauss-Legendre points per panel. */
    static final int POINTS = 8;

    private static final double[] NODES;
    private static final double[] WEIGHTS;

    static {
        var rule = new org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory().legendre(POINTS);
        NODES = new double[POINTS];
        WEIGHTS = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            NODES[i] = rule.getPoint(i);
            WEIGHTS[i] = rule.getWeight(i);
        }
    }

    private GaussianIntegrals() {
    }

    /** Breakpoints on [-RANGE, RANGE] accumulating geometrically at {@code kink}. */
    static double[] breakpoints(double kink) {
        double[] b = new double[2 * LEVELS + 5];
        int n = 0;
        b[n++] = -RANGE;
        for (int k = 0; k <= LEVELS; k++) {
            double x = kink - (kink + RANGE) * Math.pow(2, -(k + 1));
            if (x > b[n - 1]) {
                b[n++] = x;
            }
        }
        b[n++] = kink;
        for (int k = LEVELS; k >= 0; k--) {
            double x = kink + (RANGE - kink) * Math.pow(2, -(k + 1));
            if (x > b[n - 1] && x < RANGE) {
                b[n++] = x;
            }
        }
        b[n++] = RANGE;
        return java.util.Arrays.copyOf(b, n);
    }

    /** Integral of h(z) phi(z) dz over [-RANGE, RANGE], refined at z = kink. */
    static double standard(DoubleUnaryOperator h, double kink) {
        double[] b = breakpoints(Math.max(-RANGE / 2, Math.min(RANGE / 2, kink)));
        double sum = 0;
        for (int p = 0; p + 1 < b.length; p++) {
            // Panels wider than MAX_PANEL are split: the Gaussian weight varies on a unit scale.
            int pieces = (int) Math.ceil((b[p + 1] - b[p]) / MAX_PANEL);
            double width = (b[p + 1] - b[p]) / pieces;
            for (int k = 0; k < pieces; k++) {
                double mid = b[p] + (k + 0.5) * width;
                double half = 0.5 * width;
                for (int i = 0; i < POINTS; i++) {
                    double z = mid + half * NODES[i];
                    sum += half * WEIGHTS[i] * h.applyAsDouble(z) * Math.exp(-0.5 * z * z);
                }
            }
        }
        return sum / Math.sqrt(2 * Math.PI);
    }

    /** E f(u), u ~ N(0, q). */
    public static double expect(DoubleUnaryOperator f, double q) {
        double s = Math.sqrt(q);
        return standard(z -> f.applyAsDouble(s * z), 0.0);
    }

    /** E f(u) g(u') for centred (u, u') with Var u = q, Var u' = q2, Cov = c. */
    public static double expect2(DoubleUnaryOperator f, DoubleUnaryOperator g, double q, double q2, double c) {
        double s1 = Math.sqrt(q);
        double s2 = Math.sqrt(q2);
        double rho = Math.max(-1.0, Math.min(1.0, c / (s1 * s2)));
        double tau = Math.sqrt(Math.max(0.0, 1 - rho * rho));
        if (tau < 1e-12) {
            return standard(z -> f.applyAsDouble(s1 * z) * g.applyAsDouble(s2 * rho * z), 0.0);
        }
        return standard(z1 -> f.applyAsDouble(s1 * z1)
                * standard(z2 -> g.applyAsDouble(s2 * (rho * z1 + tau * z2)), -rho * z1 / tau), 0.0);
    }
}
