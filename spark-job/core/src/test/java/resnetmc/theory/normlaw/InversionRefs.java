package resnetmc.theory.normlaw;

import org.apache.commons.math3.special.Gamma;

/**
 * Independent references for the res-1 identity law (none of them calls the main code): R / t^2 is noncentral
 * chi-square with d degrees of freedom and noncentrality 1/t^2, i.e. a Poisson(mu = 1/(2 t^2)) mixture of
 * chi-squares with d + 2J degrees of freedom (THEORY.md section 6; LayerLaw's class comment).
 */
final class InversionRefs {
    private InversionRefs() {
    }

    /** P(log R > y) ({@code upper}) or P(log R <= y): a sum of positive terms, so relative precision in both tails. */
    static double layerTail(int d, double t2, double y, boolean upper) {
        double w = StrictMath.exp(y) / t2;
        double mu = 0.5 / t2;
        if (w > 1e5 * (d + 2 * mu)) {
            // beyond e^-40000 of the upper tail (the continued fraction would not converge)
            return upper ? 0 : 1;
        }
        double sum = 0;
        for (int j = 0; j < 5000; j++) {
            double p = StrictMath.exp(j * StrictMath.log(mu) - mu - Gamma.logGamma(j + 1));
            double g = upper ? Gamma.regularizedGammaQ(d / 2.0 + j, w / 2, 1e-17, 100000)
                    : Gamma.regularizedGammaP(d / 2.0 + j, w / 2, 1e-17, 100000);
            sum += p * g;
            if (j > mu + 40 && p * g <= 1e-22 * sum) {
                break;
            }
        }
        return sum;
    }

    /** The density of log R at s: w f_W(w), w = e^s / t^2, f_W the noncentral chi-square density. */
    static double layerDensity(int d, double t2, double s) {
        double w = StrictMath.exp(s) / t2;
        double mu = 0.5 / t2;
        double lw = StrictMath.log(w);
        double sum = 0;
        for (int j = 0; j < 5000; j++) {
            double k = d / 2.0 + j;
            double lp = j * StrictMath.log(mu) - mu - Gamma.logGamma(j + 1);
            // w * chi2(2k) density at w = exp(k log(w/2) - w/2 - logGamma(k))
            double term = StrictMath.exp(lp + k * (lw - StrictMath.log(2)) - w / 2 - Gamma.logGamma(k));
            sum += term;
            if (j > mu + 40 && term <= 1e-22 * sum) {
                break;
            }
        }
        return sum;
    }

    /**
     * P(S > x) or P(S <= x) for S the sum of {@code depth} (1 or 2) i.i.d. log R: at depth 2 the convolution
     * int f(s) P(log R > x - s) ds by the trapezoid rule at step {@code step} over [lo, hi] (the integrand is
     * smooth and decays double-exponentially at both ends, so the rule converges geometrically in the step).
     */
    static double tail(int d, double t2, int depth, double x, boolean upper) {
        return depth == 1 ? layerTail(d, t2, x, upper) : convolved(d, t2, x, upper, STEP);
    }

    /**
     * Trapezoid step of the depth-2 convolution: halving it changed the result by at most 4e-15 relative
     * (d = 4 and 16, t^2 = 1/d, tails from 1e-2 to 1e-39), so the rule has converged far below the tests'
     * tolerances.
     */
    static final double STEP = 0.05;

    /**
     * K(theta) = log E R^theta of one layer from the Poisson mixture: given J = j, R = 2 t^2 G with
     * G ~ Gamma(d/2 + j), so E R^theta = sum_j Poisson(j; mu) (2 t^2)^theta Gamma(d/2 + j + theta) / Gamma(d/2 + j),
     * theta > -d/2; summed in log space by commons-math3's log-gamma.
     */
    static double layerCgf(int d, double t2, double theta) {
        double mu = 0.5 / t2;
        double lmax = Double.NEGATIVE_INFINITY;
        double[] logs = new double[5000];
        int n = 0;
        for (int j = 0; j < logs.length; j++) {
            double a = d / 2.0 + j;
            logs[j] = j * StrictMath.log(mu) - mu - Gamma.logGamma(j + 1) + Gamma.logGamma(a + theta) - Gamma.logGamma(a);
            lmax = Math.max(lmax, logs[j]);
            n = j + 1;
            if (j > mu + 40 && logs[j] < lmax - 60) {
                break;
            }
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += StrictMath.exp(logs[j] - lmax);
        }
        return theta * StrictMath.log(2 * t2) + lmax + StrictMath.log(sum);
    }

    /**
     * E log R and Var log R: given J = j, log R = log(2 t^2) + log G, G ~ Gamma(a_j), a_j = d/2 + j, whose log
     * has mean digamma(a_j) and variance trigamma(a_j); mixed over J ~ Poisson(mu) by the laws of total
     * expectation and variance.
     */
    static double[] layerLogMoments(int d, double t2) {
        double mu = 0.5 / t2;
        double m1 = 0;
        double m2 = 0;
        double mass = 0;
        for (int j = 0; j < 5000; j++) {
            double p = StrictMath.exp(j * StrictMath.log(mu) - mu - Gamma.logGamma(j + 1));
            double a = d / 2.0 + j;
            double psi = Gamma.digamma(a);
            m1 += p * psi;
            m2 += p * (Gamma.trigamma(a) + psi * psi);
            mass += p;
            if (j > mu + 40 && p < 1e-22) {
                break;
            }
        }
        double mean = m1 / mass;
        return new double[] {StrictMath.log(2 * t2) + mean, m2 / mass - mean * mean};
    }

    static double convolved(int d, double t2, double x, boolean upper, double step) {
        // log R is at most about log(t2 * (d + 1/t2 + 60 sqrt(...))) and has a power tail w^{d/2} to the left
        double hiS = StrictMath.log(t2 * (d + 1 / t2 + 400 + 40 * Math.sqrt(d + 2 / t2)));
        // left of loS either the density (like e^{s d/2}) or the other factor is below e^-60 of the result
        double loS = Math.min(x, 0) - hiS - 120.0 / d;
        double sum = 0;
        int n = (int) Math.ceil((hiS - loS) / step);
        double h = (hiS - loS) / n;
        for (int i = 0; i <= n; i++) {
            double s = loS + i * h;
            double f = layerDensity(d, t2, s);
            if (f == 0) {
                continue;
            }
            double g = layerTail(d, t2, x - s, upper);
            sum += (i == 0 || i == n ? 0.5 : 1) * f * g;
        }
        return sum * h;
    }
}
