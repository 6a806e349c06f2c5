package resnetmc.theory.normlaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;

/**
 * {@link ExactTail}'s Chernoff exponents against an independent minimisation: min over theta of
 * -theta x + L K(theta), K from the Poisson-gamma series of {@link InversionRefs#layerCgf} (res-1 identity, where
 * the layer law is explicit), minimised by a golden-section search run to a bracket of 1e-13 (the exponent is
 * convex in theta). At the minimum the exponent is flat, so the reference value is exact to far below the
 * tolerance; K itself agrees with the law's to 1e-12 relative ({@code Res1InversionTest}), and the exponents here
 * are below 60 in size, so the comparison is at 1e-9 absolute in ln P (the existing brute-force grid test allows
 * 0.01). Upper sides 3, 5 and 8 sd out (bounds e^-5.5 to e^-57, 1e-25) and lower sides 2 and 4 sd out. Deterministic,
 * well under a second.
 */
class ExactTailMinimumTest {

    private static final int D = 16;
    private static final int L = 4;
    private static final double ALPHA = 1.5;
    private static final double T2 = ALPHA * ALPHA / D;

    private static ExactTail tail() {
        ExactTail et = ExactTail.of(new Cell(Architecture.RES_1, Activation.IDENTITY, WeightDistribution.GAUSSIAN, D, L,
                new Scaling.Explicit(ALPHA), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, Sampler.CHAIN));
        assertNotNull(et);
        return et;
    }

    /** min over theta in (lo, hi) of sign-adjusted -theta x + L K(theta), by golden section. */
    private static double reference(double x, double lo, double hi) {
        double g = (Math.sqrt(5) - 1) / 2;
        double a = lo;
        double b = hi;
        while (b - a > 1e-13 * Math.max(1, Math.abs(b))) {
            double c = b - g * (b - a);
            double e = a + g * (b - a);
            if (exponent(x, c) <= exponent(x, e)) {
                b = e;
            } else {
                a = c;
            }
        }
        return exponent(x, (a + b) / 2);
    }

    private static double exponent(double x, double theta) {
        return -theta * x + L * InversionRefs.layerCgf(D, T2, theta);
    }

    @Test
    void upperSidesAreTheExactMinimum() {
        ExactTail et = tail();
        NormRatioLaw law = et.law();
        double mean = law.meanLogRho2();
        double sd = law.sdLogRho2();
        for (double k : new double[] {3, 5, 8}) {
            double x = mean + k * sd;
            double log10T = 2 * StrictMath.log10(StrictMath.exp(x / 2) + 1);
            // the threshold ExactTail recovers from t (a few ulps from x)
            double xt = 2 * StrictMath.log(Math.sqrt(StrictMath.pow(10, log10T)) - 1);
            double ref = reference(xt, 0, 400 / sd);
            double got = et.log10Outside(Double.NaN, log10T) * StrictMath.log(10);
            assertEquals(ref, got, 1e-9, "k=" + k);
            assertTrue(got >= StrictMath.log(law.upperTail(xt)), "a bound, k=" + k);
        }
    }

    @Test
    void lowerSidesAreTheExactMinimum() {
        ExactTail et = tail();
        NormRatioLaw law = et.law();
        double mean = law.meanLogRho2();
        double sd = law.sdLogRho2();
        for (double k : new double[] {2, 4}) {
            double xl = mean - k * sd;
            assertTrue(xl > 0.1, "rho > 1 at the threshold: " + xl);
            double s = StrictMath.exp(xl / 2) - 1;
            double low = s * s;
            double xt = 2 * StrictMath.log1p(Math.sqrt(low));
            // theta in (-d/2, 0): the exponent is theta x + L K(-theta) over -theta
            double g = (Math.sqrt(5) - 1) / 2;
            double a = 0;
            double b = 0.999 * D / 2;
            while (b - a > 1e-13 * b) {
                double c = b - g * (b - a);
                double e = a + g * (b - a);
                if (exponent(xt, -c) <= exponent(xt, -e)) {
                    b = e;
                } else {
                    a = c;
                }
            }
            double ref = exponent(xt, -(a + b) / 2);
            double got = et.log10Outside(low, Double.NaN) * StrictMath.log(10);
            assertEquals(ref, got, 1e-9, "k=" + k);
            assertTrue(got >= StrictMath.log(law.lowerTail(xt)), "a bound, k=" + k);
        }
    }
}
