package resnetmc.theory.meanfield;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The mean-field recursions and their Gaussian moments against oracles that share no code with them:
 * the ReLU arc-cosine kernel (Cho and Saul 2009) with biases, the small-q Taylor series of tanh, and a
 * brute-force midpoint rule. Deterministic, no sampling.
 */
class MeanFieldOracleTest {

    // ------------------------------------------------------------------ independent oracles

    /**
     * E relu(u) relu(v) for centred (u, v), Var u = q1, Var v = q2, Cov = c: Cho and Saul's degree-1
     * arc-cosine kernel, sqrt(q1 q2) (sin t + (pi - t) cos t) / (2 pi), cos t = c / sqrt(q1 q2).
     */
    private static double arcCos1(double q1, double q2, double c) {
        double s = Math.sqrt(q1 * q2);
        double t = Math.acos(c / s);
        return s * (Math.sin(t) + (Math.PI - t) * Math.cos(t)) / (2 * Math.PI);
    }

    /** Midpoint rule for E f(sqrt(q) z), z ~ N(0, 1), on [-12, 12] (mass outside 4e-33) with cells of width hz. */
    private static double midpoint(DoubleUnaryOperator f, double q, double hz) {
        int n = (int) Math.round(24 / hz);
        double s = Math.sqrt(q);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double z = -12 + (i + 0.5) * hz;
            sum += f.applyAsDouble(s * z) * Math.exp(-0.5 * z * z);
        }
        return sum * hz / Math.sqrt(2 * Math.PI);
    }

    /** Two-dimensional midpoint rule for E f(u) f(v): u = sqrt(q1) z1, v = sqrt(q2) (rho z1 + sqrt(1 - rho^2) z2). */
    private static double midpoint2(DoubleUnaryOperator f, double q1, double q2, double c, double hz) {
        int n = (int) Math.round(24 / hz);
        double s1 = Math.sqrt(q1);
        double s2 = Math.sqrt(q2);
        double rho = c / (s1 * s2);
        double tau = Math.sqrt(1 - rho * rho);
        double[] w = new double[n];
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = -12 + (i + 0.5) * hz;
            w[i] = Math.exp(-0.5 * z[i] * z[i]) * hz / Math.sqrt(2 * Math.PI);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double fu = f.applyAsDouble(s1 * z[i]);
            double inner = 0;
            for (int j = 0; j < n; j++) {
                inner += w[j] * f.applyAsDouble(s2 * (rho * z[i] + tau * z[j]));
            }
            sum += w[i] * fu * inner;
        }
        return sum;
    }

    private static double sech4(double x) {
        double c = Math.cosh(x);
        return 1 / (c * c * c * c);
    }

    // ------------------------------------------------------------------ ReLU with biases

    /**
     * FRN and RRN ReLU trajectories with non-zero biases and a branch factor against the recursion written
     * here from the model: q = sw^2 p + sb^2, lambda = sw^2 gamma + sb^2; FRN p += a^2 (sv^2 q/2 + sa^2),
     * gamma += a^2 (sv^2 k1(q, q', lambda) + sa^2), chi factor 1 + a^2 sv^2 sw^2 / 2 (E relu'^2 = P(u > 0));
     * RRN p += a^2 q/2 + 2 a m sqrt(q/(2 pi)) (E relu(u) = sqrt(q/(2 pi)), half-normal mean),
     * gamma += a^2 k1 + a (m mu' + m' mu), m += a mu, chi factor 1 + a^2 sw^2 / 2. Agreement to 1e-12
     * relative is rounding; a dropped bias or branch factor is off by O(0.1).
     */
    @Test
    void reluRecursionsWithBiasesMatchArcCosineKernel() {
        double sw = 1.3;
        double sv = 0.9;
        double sa = 0.4;
        double sb = 0.7;
        double alpha = 0.6;
        int layers = 12;
        double p0 = 1.2;
        double p0b = 0.8;
        double e0 = 0.3;
        double m0 = 0.25;
        double m0b = -0.1;
        for (boolean frn : new boolean[] {true, false}) {
            MeanFieldRecursion rec = new MeanFieldRecursion(frn, Phi.RELU, sw, sv, sa, sb, alpha);
            MeanFieldRecursion.Trajectory t = rec.run(layers, p0, p0b, e0, m0, m0b, true);
            double p = p0;
            double pb = p0b;
            double g = e0 * Math.sqrt(p0 * p0b);
            double m = m0;
            double mb = m0b;
            double chi = 1;
            for (int l = 1; l <= layers; l++) {
                double q = sw * sw * p + sb * sb;
                double qb = sw * sw * pb + sb * sb;
                double lam = sw * sw * g + sb * sb;
                double k1 = arcCos1(q, qb, lam);
                if (frn) {
                    p += alpha * alpha * (sv * sv * q / 2 + sa * sa);
                    pb += alpha * alpha * (sv * sv * qb / 2 + sa * sa);
                    g += alpha * alpha * (sv * sv * k1 + sa * sa);
                    chi *= 1 + alpha * alpha * sv * sv * sw * sw / 2;
                } else {
                    double mu = Math.sqrt(q / (2 * Math.PI));
                    double mub = Math.sqrt(qb / (2 * Math.PI));
                    p += alpha * alpha * q / 2 + 2 * alpha * m * mu;
                    pb += alpha * alpha * qb / 2 + 2 * alpha * mb * mub;
                    g += alpha * alpha * k1 + alpha * (m * mub + mb * mu);
                    m += alpha * mu;
                    mb += alpha * mub;
                    chi *= 1 + alpha * alpha * sw * sw / 2;
                }
                String at = (frn ? "FRN" : "RRN") + " layer " + l;
                assertEquals(p, t.p()[l], 1e-12 * p, at + " p");
                assertEquals(pb, t.p2()[l], 1e-12 * pb, at + " p'");
                assertEquals(g, t.gamma()[l], 1e-12 * Math.abs(g), at + " gamma");
                assertEquals(g / Math.sqrt(p * pb), t.cosine()[l], 1e-12, at + " cosine");
                assertEquals((p + pb) / 2 - g, t.expressivity()[l], 1e-11 * p, at + " expressivity");
                assertEquals(chi, t.chiRatio()[l], 1e-12 * chi, at + " chi ratio");
            }
        }
    }

    /** Spot values of the kernel: c = 0 gives E relu(u) E relu(v) = sqrt(q1 q2)/(2 pi); c = sqrt(q1 q2) gives q/2. */
    @Test
    void arcCosineKernelAtItsEnds() {
        assertEquals(Math.sqrt(3.0 * 0.5) / (2 * Math.PI), Phi.RELU.crossMoment(3.0, 0.5, 0.0), 1e-15);
        assertEquals(1.5, Phi.RELU.crossMoment(3.0, 3.0, 3.0), 1e-14);
        // c = -sqrt(q1 q2): v = -u scaled, so relu(u) relu(v) = 0.
        assertEquals(0.0, Phi.RELU.crossMoment(2.0, 2.0, -2.0), 1e-15);
        for (double rho : new double[] {-0.8, -0.2, 0.4, 0.9}) {
            double c = rho * Math.sqrt(2.0 * 0.7);
            assertEquals(arcCos1(2.0, 0.7, c), Phi.RELU.crossMoment(2.0, 0.7, c), 1e-14, "rho " + rho);
        }
    }

    // ------------------------------------------------------------------ tanh by series

    /**
     * At small q, from tanh x = x - x^3/3 + 2x^5/15 - 17x^7/315 + 62x^9/2835 and E u^{2k} = (2k-1)!! q^k:
     * E tanh(u)^2 = q - 2q^2 + 17/3 q^3 - 62/3 q^4 + 1382/15 q^5 - 21844/45 q^6 + ...,
     * E sech(u)^4 = 1 - 2q + 7q^2 - 94/3 q^3 + 502/3 q^4 - 15484/15 q^5 + 324419/45 q^6 - ...
     * (sech^2 = tanh'), truncated after q^5; the tolerance is twice the first omitted term. A bivariate
     * pair: E tanh(u) tanh(v) = c (1 - q1 - q2 + 2 q1^2 + 2 q2^2 + q1 q2) + 2c^3/3 + O(q^4), from
     * E u^3 v = 3 q1 c, E u^5 v = 15 q1^2 c, E u^3 v^3 = 9 q1 q2 c + 6 c^3 (Isserlis).
     */
    @Test
    void tanhMomentsMatchTheirSmallVarianceSeries() {
        for (double q : new double[] {1e-3, 3e-3, 1e-2}) {
            double t2 = q - 2 * q * q + 17.0 / 3 * Math.pow(q, 3) - 62.0 / 3 * Math.pow(q, 4) + 1382.0 / 15 * Math.pow(q, 5);
            double s4 = 1 - 2 * q + 7 * q * q - 94.0 / 3 * Math.pow(q, 3) + 502.0 / 3 * Math.pow(q, 4)
                    - 15484.0 / 15 * Math.pow(q, 5);
            assertEquals(t2, Phi.TANH.secondMoment(q), Math.max(2 * 21844.0 / 45 * Math.pow(q, 6), 1e-15), "q " + q);
            assertEquals(s4, Phi.TANH.derivativeSecondMoment(q), Math.max(2 * 324419.0 / 45 * Math.pow(q, 6), 1e-15),
                    "q " + q);
            double q2 = 0.6 * q;
            double c = 0.5 * Math.sqrt(q * q2);
            double cross = c * (1 - q - q2 + 2 * q * q + 2 * q2 * q2 + q * q2) + 2 * c * c * c / 3;
            // The O(q^4) remainder: c q^3 with a coefficient well under 100 here.
            assertEquals(cross, Phi.TANH.crossMoment(q, q2, c), 100 * c * q * q * q, "q " + q);
        }
        assertEquals(0.0, Phi.TANH.mean(0.7), 0.0);
    }

    // ------------------------------------------------------------------ brute force

    /**
     * E phi(h)^2 and E phi'(h)^2 against a midpoint rule with 24000 cells (width 1e-3 in standard
     * units). For tanh the integrand is analytic and the rule converges geometrically (error far below
     * 1e-12 here, also at q = 100 where tanh is steep on a 0.1-wide band). ReLU and alpha-ReLU have a
     * kink at a cell boundary (z = 0): the midpoint error is hz^2/24 times the jump of the integrand's
     * derivative there (2e-8 for the ReLU mean, zero for relu^2), and O(hz^{1+s}) for z^s near 0
     * (alpha-ReLU mean, s = 0.7: about 1e-6 relative).
     */
    @Test
    void momentsMatchBruteForceIntegration() {
        double hz = 1e-3;
        for (double q : new double[] {0.05, 0.7, 3.0, 100.0}) {
            assertEquals(midpoint(x -> Math.tanh(x) * Math.tanh(x), q, hz), Phi.TANH.secondMoment(q), 1e-12, "tanh q " + q);
            assertEquals(midpoint(MeanFieldOracleTest::sech4, q, hz), Phi.TANH.derivativeSecondMoment(q), 1e-12,
                    "tanh' q " + q);
            assertEquals(midpoint(x -> x > 0 ? x * x : 0, q, hz), Phi.RELU.secondMoment(q), 1e-9 * q, "relu q " + q);
            assertEquals(midpoint(x -> x > 0 ? 1 : 0, q, hz), Phi.RELU.derivativeSecondMoment(q), 1e-12, "relu' q " + q);
            assertEquals(midpoint(x -> Math.max(x, 0), q, hz), Phi.RELU.mean(q), 1e-7 * Math.sqrt(q), "relu mean q " + q);
            Phi ar = Phi.alphaRelu(0.7);
            assertEquals(midpoint(x -> x > 0 ? Math.pow(x, 1.4) : 0, q, hz), ar.secondMoment(q), 1e-6 * ar.secondMoment(q),
                    "alpha-relu q " + q);
            assertEquals(midpoint(x -> x > 0 ? Math.pow(x, 0.7) : 0, q, hz), ar.mean(q), 1e-5 * ar.mean(q),
                    "alpha-relu mean q " + q);
        }
    }

    /**
     * A tanh FRN with biases, five layers, against the recursion written here with every moment from the
     * midpoint rules (the bivariate one with 1200 x 1200 cells of width 0.02, still geometric for an
     * analytic integrand at these q): agreement to 1e-9 relative.
     */
    @Test
    void tanhRecursionMatchesBruteForce() {
        double sw = 1.1;
        double sv = 1.0;
        double sa = 0.3;
        double sb = 0.5;
        double alpha = 0.8;
        int layers = 5;
        MeanFieldRecursion.Trajectory t = new MeanFieldRecursion(true, Phi.TANH, sw, sv, sa, sb, alpha)
                .run(layers, 1.0, 0.6, 0.4, 0, 0, true);
        double p = 1.0;
        double pb = 0.6;
        double g = 0.4 * Math.sqrt(0.6);
        double chi = 1;
        for (int l = 1; l <= layers; l++) {
            double q = sw * sw * p + sb * sb;
            double qb = sw * sw * pb + sb * sb;
            double lam = sw * sw * g + sb * sb;
            double a2 = alpha * alpha;
            double cross = midpoint2(Math::tanh, q, qb, lam, 0.02);
            p += a2 * (sv * sv * midpoint(x -> Math.tanh(x) * Math.tanh(x), q, 1e-3) + sa * sa);
            pb += a2 * (sv * sv * midpoint(x -> Math.tanh(x) * Math.tanh(x), qb, 1e-3) + sa * sa);
            g += a2 * (sv * sv * cross + sa * sa);
            chi *= 1 + a2 * sv * sv * sw * sw * midpoint(MeanFieldOracleTest::sech4, q, 1e-3);
            assertEquals(p, t.p()[l], 1e-9 * p, "layer " + l + " p");
            assertEquals(pb, t.p2()[l], 1e-9 * pb, "layer " + l + " p'");
            assertEquals(g, t.gamma()[l], 1e-9 * p, "layer " + l + " gamma");
            assertEquals(chi, t.chiRatio()[l], 1e-9 * chi, "layer " + l + " chi ratio");
        }
    }
}
