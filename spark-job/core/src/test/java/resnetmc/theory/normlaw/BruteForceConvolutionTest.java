package resnetmc.theory.normlaw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * The norm law at L = 2 and 3 against a brute-force convolution that shares nothing with it but the
 * model: res-1 with the identity, where one layer's {@code R / t^2} is a noncentral chi-square
 * ({@code d}, {@code 1 / t^2}), {@code t^2 = alpha^2 / d}. Its density and CDF are Poisson mixtures of
 * central chi-squares (real arithmetic, commons-math3's regularised gamma; no Mellin transform, no
 * Fourier inversion). With {@code f}, {@code F} one layer's density and CDF of {@code log R},
 * <pre>  P(S_2 <= x) = int f(s) F(x - s) ds,   g = f * f,   P(S_3 <= x) = int g(y) F(x - y) dy,</pre>
 * each integral taken by the trapezoid rule on a grid of step {@code sd / 10}. The integrands are
 * entire in {@code s} and decay at both ends, so the rule's error is below {@code e^-100}
 * (Poisson summation; the strip of analyticity is {@code |Im s| < pi / 2}); the grid covers
 * {@code [mean - 30 sd, mean + 12 sd]} of one layer (the lower tail of {@code log R} is exponential,
 * of rate {@code d / 2}; the upper one doubly exponential). Targets, as the law claims: 1e-8 absolute
 * on the CDF in the body, 1e-3 relative on the tails down to 1e-20. Deterministic.
 */
class BruteForceConvolutionTest {

    private static final int D = 8;
    private static final double ALPHA = 1.0;

    @Test
    void twoAndThreeLayersMatchTheConvolution() {
        double t2 = ALPHA * ALPHA / D;
        NormRatioLaw one = NormRatioLaw.of(Branch.identityRes1(), D, 1, ALPHA);
        double m1 = one.meanLogRho2();
        double sd1 = one.sdLogRho2();
        double h = sd1 / 10;
        int n = (int) Math.ceil(42 * sd1 / h) + 1;
        double s0 = m1 - 30 * sd1;
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = density(t2, s0 + i * h);
        }
        // g = f * f on the grid 2 s0 + k h (trapezoid: the integrand vanishes at the ends)
        double[] g = new double[2 * n - 1];
        for (int k = 0; k < g.length; k++) {
            double sum = 0;
            for (int i = Math.max(0, k - n + 1); i <= Math.min(k, n - 1); i++) {
                sum += f[i] * f[k - i];
            }
            g[k] = h * sum;
        }
        for (int layers = 2; layers <= 3; layers++) {
            NormRatioLaw law = NormRatioLaw.of(Branch.identityRes1(), D, layers, ALPHA);
            double m = law.meanLogRho2();
            double sd = law.sdLogRho2();
            double[] dens = layers == 2 ? f : g;
            double start = layers == 2 ? s0 : 2 * s0;
            for (double z = -3; z <= 3; z += 1) {
                double x = m + z * sd;
                assertEquals(convolve(dens, start, h, t2, x, false), law.cdf(x), 1e-8, "L=" + layers + " z=" + z);
            }
            for (double z = 3; z <= 9; z += 2) {
                double x = m + z * sd;
                double ref = convolve(dens, start, h, t2, x, true);
                assertEquals(ref, law.upperTail(x), 1e-3 * ref, "upper L=" + layers + " z=" + z + " ref=" + ref);
            }
            for (double z = -3; z >= -15; z -= 3) {
                double x = m + z * sd;
                double ref = convolve(dens, start, h, t2, x, false);
                if (ref < 1e-20) {
                    break;
                }
                assertEquals(ref, law.lowerTail(x), 1e-3 * ref, "lower L=" + layers + " z=" + z + " ref=" + ref);
            }
        }
    }

    /** {@code h sum_i dens(y_i) P(log R <= x - y_i)} (or {@code > x - y_i}). */
    private static double convolve(double[] dens, double start, double h, double t2, double x, boolean upper) {
        double sum = 0;
        for (int i = 0; i < dens.length; i++) {
            if (dens[i] > 0) {
                sum += dens[i] * NormRatioLawExactTest.ncx2(D, t2, x - (start + i * h), upper);
            }
        }
        return h * sum;
    }

    /**
     * Density of {@code log R} at {@code s}: {@code w f_W(w)}, {@code w = e^s / t^2}, with
     * {@code f_W = sum_j Poisson(j; 1/(2 t^2)) chi2_{d + 2j}} density.
     */
    private static double density(double t2, double s) {
        double w = StrictMath.exp(s) / t2;
        double mu = 0.5 / t2;
        double sum = 0;
        for (int j = 0; j < 5000; j++) {
            double logPois = j * StrictMath.log(mu) - mu - Gamma.logGamma(j + 1);
            double k = D + 2.0 * j;
            double logChi = (k / 2 - 1) * StrictMath.log(w) - w / 2 - (k / 2) * StrictMath.log(2) - Gamma.logGamma(k / 2);
            double term = StrictMath.exp(logPois + logChi + StrictMath.log(w));
            sum += term;
            if (j > mu + 40 && term < 1e-22 * sum) {
                break;
            }
        }
        return sum;
    }
}
