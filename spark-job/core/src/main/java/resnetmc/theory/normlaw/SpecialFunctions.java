package resnetmc.theory.normlaw;

import org.apache.commons.math3.special.Gamma;

/**
 * Log-densities and gamma-function ratios evaluated without the cancellation of the textbook
 * formulas, which lose {@code |log Gamma(a)| * 2^-52} (about {@code 1e-6} at {@code a = 1e9}).
 *
 * <p>Densities use Loader's saddle-point form (C. Loader, "Fast and accurate computation of
 * binomial probabilities", 2000): {@code lambda^x e^-lambda / Gamma(x + 1) =
 * exp(-stirlerr(x) - bd0(x, lambda)) / sqrt(2 pi x)}, where {@code stirlerr} is the remainder
 * of Stirling's formula and {@code bd0(x, l) = x log(x / l) + l - x} is summed as a series
 * when {@code x} is near {@code l}. Both are accurate to a few ulps for every real {@code x > 0},
 * which the quadratures need (they sum these over a continuous index).
 */
final class SpecialFunctions {

    private static final double HALF_LOG_2PI = 0.5 * StrictMath.log(2 * Math.PI);

    /** Bernoulli coefficients {@code B_2k / (2k (2k - 1))}, k = 1..8, of Stirling's series. */
    private static final double[] STIRLING = {
        1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156, -3617.0 / 122400
    };

    /**
     * Below this argument the complex Stirling series is not used: the ratio is shifted up by
     * the recurrence first. At {@code |a| >= 20} the eighth omitted term is below
     * {@code 0.03 * 20^-17 < 1e-23}.
     */
    private static final double STIRLING_MIN = 20;

    private SpecialFunctions() {
    }

    /** @return {@code log Gamma(x + 1) - (x + 1/2) log x + x - log sqrt(2 pi)}, {@code x > 0} */
    static double stirlerr(double x) {
        if (x <= 15) {
            return Gamma.logGamma(x + 1) - (x + 0.5) * StrictMath.log(x) + x - HALF_LOG_2PI;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        return inv * (STIRLING[0] + inv2 * (STIRLING[1] + inv2 * (STIRLING[2] + inv2 * (STIRLING[3]
                + inv2 * STIRLING[4]))));
    }

    /** @return {@code x log(x / l) + l - x >= 0}, accurate when {@code x} is near {@code l} */
    static double bd0(double x, double l) {
        if (x == 0) {
            return l;
        }
        if (Math.abs(x - l) < 0.1 * (x + l)) {
            double v = (x - l) / (x + l);
            double s = (x - l) * v;
            double ej = 2 * x * v;
            double v2 = v * v;
            for (int j = 1; j < 1000; j++) {
                ej *= v2;
                double s1 = s + ej / (2 * j + 1);
                if (s1 == s) {
                    return s;
                }
                s = s1;
            }
            return s;
        }
        return x * StrictMath.log(x / l) + l - x;
    }

    /** @return {@code log(l^x e^-l / Gamma(x + 1))} for real {@code x >= 0}, {@code l > 0} */
    static double logPoisson(double x, double l) {
        if (x == 0) {
            return -l;
        }
        return -stirlerr(x) - bd0(x, l) - HALF_LOG_2PI - 0.5 * StrictMath.log(x);
    }

    /**
     * @return the log-density of {@code log X} at {@code u} for {@code X ~ chi2(k)}, real
     *         {@code k > 0}: {@code log(q f(q))} with {@code q = e^u}, which is
     *         {@code log((k/2) Poisson(k/2; q/2))}
     */
    static double logChiSquareOfLog(double k, double u) {
        double a = k / 2;
        return StrictMath.log(a) + logPoisson(a, StrictMath.exp(u) / 2);
    }

    /** @return {@code log(C(n, k) 2^-n)} for real {@code 0 < k < n} (Loader's form) */
    static double logBinomialHalf(double n, double k) {
        double m = n - k;
        return stirlerr(n) - stirlerr(k) - stirlerr(m) - bd0(k, n / 2) - bd0(m, n / 2)
                + 0.5 * StrictMath.log(n / (2 * Math.PI * k * m));
    }

    /**
     * The log of a gamma ratio without its leading term:
     * {@code log Gamma(a + z) - log Gamma(a) - z log a} for real {@code a > 0} and complex
     * {@code z} with {@code Re(a + z) > 0}. For {@code a >= 20} the Stirling series
     * {@code (a + z - 1/2) log(1 + z/a) - z + sum_k c_k ((a + z)^(1-2k) - a^(1-2k))} with eight
     * terms; below, the recurrence {@code Gamma(x + 1) = x Gamma(x)} shifts {@code a} up first.
     */
    static Complex logGammaRatio(double a, Complex z) {
        if (a >= STIRLING_MIN) {
            return stirlingRatio(a, z);
        }
        int n = (int) Math.ceil(STIRLING_MIN - a);
        double shifted = a + n;
        Complex result = stirlingRatio(shifted, z).plus(z.times(StrictMath.log(shifted / a)));
        for (int i = 0; i < n; i++) {
            result = result.minus(z.times(1 / (a + i)).log1p());
        }
        return result;
    }

    private static Complex stirlingRatio(double a, Complex z) {
        Complex w = z.times(1 / a);
        // (a + z - 1/2) log(1 + w) - z = a (log(1 + w) - w) + (z - 1/2) log(1 + w): no cancellation
        // of order |z| when a is large, so the result keeps its relative precision (z^2 / 2a).
        Complex log1pw = w.log1p();
        Complex main = log1pMinusIdentity(w, log1pw).times(a).plus(z.plus(-0.5).times(log1pw));
        Complex inv = z.plus(a).reciprocal();
        Complex inv2 = inv.times(inv);
        double ia = 1 / a;
        double ia2 = ia * ia;
        // k = 1 written as a difference: 1/(a + z) - 1/a = -z / (a (a + z))
        Complex first = z.times(inv).times(-ia * STIRLING[0]);
        Complex p0 = inv.times(inv2);
        // The loops here and in log1pMinusIdentity run on primitive doubles: a Complex carried around a loop is
        // allocated at every step (escape analysis cannot remove it), which was 2.6 GB/s of garbage in the exact
        // quantiles. Each line is Complex's own arithmetic written out (plus, times), so the bits are the same.
        double sRe = first.re();
        double sIm = first.im();
        double pRe = p0.re();
        double pIm = p0.im();
        double i2Re = inv2.re();
        double i2Im = inv2.im();
        double q = ia * ia2;
        for (int k = 1; k < STIRLING.length; k++) {
            double c = STIRLING[k];
            sRe = sRe + (pRe * c + -c * q);       // series.plus(p.times(c).plus(-c q))
            sIm = sIm + pIm * c;
            double nRe = pRe * i2Re - pIm * i2Im; // p.times(inv2)
            double nIm = pRe * i2Im + pIm * i2Re;
            pRe = nRe;
            pIm = nIm;
            q *= ia2;
        }
        return main.plus(new Complex(sRe, sIm));
    }

    /** @return {@code log(1 + w) - w}, by its series when {@code |w| < 0.1} (40 terms reach 1e-40) */
    private static Complex log1pMinusIdentity(Complex w, Complex log1pw) {
        if (!absBelow(w, 0.1)) {
            return log1pw.minus(w);
        }
        Complex w2 = w.times(w);
        double wRe = w.re();
        double wIm = w.im();
        double powRe = w2.re();
        double powIm = w2.im();
        double sumRe = 0.0;   // Complex.ZERO
        double sumIm = 0.0;
        for (int k = 2; k < 42; k++) {
            double f = (k % 2 == 0 ? -1.0 : 1.0) / k;
            double tRe = powRe * f;                 // term = power.times(f)
            double tIm = powIm * f;
            sumRe = sumRe + tRe;                    // sum = sum.plus(term)
            sumIm = sumIm + tIm;
            if (absAtMost(tRe, tIm, 1e-18, sumRe, sumIm)) {
                break;
            }
            double nRe = powRe * wRe - powIm * wIm; // power = power.times(w)
            double nIm = powRe * wIm + powIm * wRe;
            powRe = nRe;
            powIm = nIm;
        }
        return new Complex(sumRe, sumIm);
    }

    // The series' convergence test took two hypot calls a term, half of the norm law's time. The two tests below
    // decide from squared moduli when these are more than a factor 4 from the threshold's square (hypot is within
    // an ulp of the exact modulus, a rounded square within a few ulps of the exact square), and by hypot as
    // before otherwise: the same decisions, so the same bits (RealFastPathsTest).

    /** @return {@code x.abs() <= factor * y.abs()} */
    static boolean absAtMost(Complex x, double factor, Complex y) {
        return absAtMost(x.re(), x.im(), factor, y.re(), y.im());
    }

    /** @return {@code |xRe + i xIm| <= factor |yRe + i yIm|}, the moduli as {@link Complex#abs} takes them */
    static boolean absAtMost(double xRe, double xIm, double factor, double yRe, double yIm) {
        double bound2 = (yRe * yRe + yIm * yIm) * (factor * factor);
        if (bound2 > 1e-200 && bound2 < 1e200) {
            double x2 = xRe * xRe + xIm * xIm;
            if (x2 < 0.25 * bound2) {
                return true;
            }
            if (x2 > 4 * bound2) {
                return false;
            }
        }
        return Complex.abs(xRe, xIm) <= factor * Complex.abs(yRe, yIm);
    }

    /** @return {@code x.abs() < bound} for a bound with {@code 1e-100 < bound < 1e100} */
    static boolean absBelow(Complex x, double bound) {
        double x2 = x.normSquared();
        double bound2 = bound * bound;
        if (x2 < 0.25 * bound2) {
            return true;
        }
        if (x2 > 4 * bound2) {
            return false;
        }
        return x.abs() < bound;
    }
}
