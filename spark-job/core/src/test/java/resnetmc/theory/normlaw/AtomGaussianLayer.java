package resnetmc.theory.normlaw;

import org.apache.commons.math3.special.Erf;

/**
 * A layer whose {@code log R} is 0 with probability {@code a} (the atom ReLU has when no unit is active) and
 * {@code N(mu, s^2)} otherwise, so that the sum of {@code L} copies has a closed form: given the number {@code j}
 * of non-atom layers, Binomial({@code L}, {@code 1 - a}), it is {@code N(j mu, j s^2)}, with the atom
 * {@code a^L} at 0. Its transform {@code M(z) = a + (1 - a) exp(mu z + s^2 z^2 / 2)} decays in {@code Im z} like a
 * Gaussian, so {@link NormRatioLaw} inverts it in a few dozen nodes where a ReLU law with a visible atom
 * ({@code d L} below about 30) needs thousands of costly ones.
 */
record AtomGaussianLayer(double a, double mu, double s, double domainLow) implements LayerTransform {

    @Override
    public double cgf(double theta) {
        return logM(new Complex(theta, 0)).re();
    }

    /** {@code log1p((1 - a) expm1(c))}, {@code c = mu z + s^2 z^2 / 2}, since {@code M - 1 = (1 - a)(e^c - 1)}. */
    @Override
    public Complex logM(Complex z) {
        Complex c = z.times(mu).plus(z.times(z).times(0.5 * s * s));
        return c.expm1().times(1 - a).log1p();
    }

    @Override
    public double atom() {
        return a;
    }

    @Override
    public double logMeanR() {
        return StrictMath.log(a + (1 - a) * StrictMath.exp(mu + 0.5 * s * s));
    }

    @Override
    public double sdGuess() {
        return s;
    }

    /** The exact {@code P(S > x)} ({@code upper}) or {@code P(S <= x)}: positive terms, so relative precision in both tails. */
    double sumTail(int depth, double x, boolean upper) {
        double sum = 0;
        for (int j = 1; j <= depth; j++) {
            double w = binomial(depth, j) * Math.pow(1 - a, j) * Math.pow(a, depth - j);
            double zeta = (x - j * mu) / (s * Math.sqrt(j)) / Math.sqrt(2);
            sum += w * 0.5 * (upper ? Erf.erfc(zeta) : Erf.erfc(-zeta));
        }
        double atomAll = Math.pow(a, depth);
        return sum + (upper ? (x < 0 ? atomAll : 0) : (x >= 0 ? atomAll : 0));
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }
}
