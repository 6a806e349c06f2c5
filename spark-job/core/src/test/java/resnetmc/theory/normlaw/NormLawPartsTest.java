package resnetmc.theory.normlaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.model.WeightProcess;

/**
 * The norm law's building blocks ({@link Branch}, {@link SpecialFunctions}, {@link Complex}) against
 * textbook formulas computed here (commons-math3's log-gamma, plain {@code Math}), at arguments where
 * those formulas are still accurate. Milliseconds in all: part of the fast test set the mutation run uses
 * for {@code theory.normlaw}. Deterministic.
 */
class NormLawPartsTest {

    private static Cell cell(Architecture arch, Activation act, WeightDistribution dist, WeightProcess w) {
        return new Cell(arch, act, dist, 16, 4, new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION,
                Sampler.DENSE, w);
    }

    private static Cell cell(Architecture arch, Activation act) {
        return cell(arch, act, WeightDistribution.GAUSSIAN, WeightProcess.IID);
    }

    // ---------------------------------------------------------------- Branch

    /** Each kind accepts only its slope: 0 for ReLU, (0, 1) open for leaky, 1 for the identities. */
    @Test
    void branchSlopeMustFitTheKind() {
        assertEquals(0.0, Branch.relu().slope(), 0.0);
        assertEquals(0.5, Branch.leaky(0.5).slope(), 0.0);
        for (double bad : new double[] {0.0, 1.0, -0.2, 1.5}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Branch.leaky(bad));
            assertTrue(e.getMessage().contains("does not fit a LEAKY branch"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Branch(Branch.Kind.RELU, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Branch(Branch.Kind.IDENTITY_RES2, 0.9));
        assertThrows(IllegalArgumentException.class, () -> new Branch(Branch.Kind.IDENTITY_RES1, 0.0));
        assertEquals(Branch.Kind.IDENTITY_RES2, Branch.identityRes2().kind());
        assertEquals(Branch.Kind.IDENTITY_RES1, Branch.identityRes1().kind());
    }

    /** c2 = (1 + s^2)/2 (E R = 1 + c2 alpha^2), 1 for res-1; the atom 2^-d for ReLU only. */
    @Test
    void branchConstants() {
        assertEquals(0.5, Branch.relu().c2(), 0.0);
        assertEquals((1 + 0.36) / 2, Branch.leaky(0.6).c2(), 1e-16);
        assertEquals(1.0, Branch.identityRes2().c2(), 0.0);
        assertEquals(1.0, Branch.identityRes1().c2(), 0.0);
        assertEquals(0.125, Branch.relu().atomMass(3), 0.0);
        assertEquals(0.0, Branch.leaky(0.6).atomMass(3), 0.0);
        assertEquals(0.0, Branch.identityRes2().atomMass(3), 0.0);
    }

    /** Which cells have an exact law (THEORY.md section 6): Gaussian i.i.d. weights and the listed branches. */
    @Test
    void branchOfCell() {
        assertEquals(Optional.of(Branch.relu()), Branch.of(cell(Architecture.RES_3, Activation.RELU)));
        assertEquals(Optional.of(Branch.identityRes1()), Branch.of(cell(Architecture.RES_1, Activation.IDENTITY)));
        assertEquals(Optional.empty(), Branch.of(cell(Architecture.RES_1, Activation.RELU)));
        assertEquals(Optional.of(Branch.relu()), Branch.of(cell(Architecture.RES_2, Activation.RELU)));
        assertEquals(Optional.of(Branch.leaky(0.3)), Branch.of(cell(Architecture.RES_2, Activation.leakyRelu(0.3))));
        assertEquals(Optional.of(Branch.identityRes2()), Branch.of(cell(Architecture.RES_2, Activation.IDENTITY)));
        assertEquals(Optional.empty(), Branch.of(cell(Architecture.RES_2, Activation.TANH)));
        assertEquals(Optional.empty(), Branch.of(cell(Architecture.RES_2, Activation.RELU, WeightDistribution.UNIFORM,
                WeightProcess.IID)));
        assertEquals(Optional.empty(), Branch.of(cell(Architecture.RES_2, Activation.RELU, WeightDistribution.GAUSSIAN,
                new WeightProcess.Fbm(0.5))));
    }

    // ---------------------------------------------------------------- SpecialFunctions

    private static double stirlerrRef(double x) {
        return Gamma.logGamma(x + 1) - (x + 0.5) * Math.log(x) + x - 0.5 * Math.log(2 * Math.PI);
    }

    /**
     * stirlerr: the definition (commons-math3 log-gamma) at x <= 15, where it is used as is, and beyond,
     * where the series is used: at x = 16 the definition is accurate to about 1e-14 (ulp of log Gamma(17) ~ 31)
     * while the series' third term 1/(1260 x^5) is 7.5e-10; at x = 1e6 the series is 1/(12 x) - 1/(360 x^3).
     */
    @Test
    void stirlingRemainder() {
        for (double x : new double[] {0.5, 3.0, 15.0}) {
            assertEquals(stirlerrRef(x), SpecialFunctions.stirlerr(x), 1e-15, "x = " + x);
        }
        for (double x : new double[] {16.0, 40.0}) {
            assertEquals(stirlerrRef(x), SpecialFunctions.stirlerr(x), 3e-14, "x = " + x);
        }
        double x = 1e6;
        assertEquals(1 / (12 * x) - 1 / (360 * x * x * x), SpecialFunctions.stirlerr(x), 1e-22);
    }

    /**
     * bd0(x, l) = x log(x/l) + l - x: 0 gives l; far from l the formula itself; near l (the series) against the
     * formula with log1p, l - x added last (it loses a few digits to cancellation, hence 1e-9 relative).
     */
    @Test
    void deviancePart() {
        assertEquals(2.5, SpecialFunctions.bd0(0, 2.5), 0.0);
        assertEquals(10 * Math.log(10 / 3.0) + 3 - 10, SpecialFunctions.bd0(10, 3), 1e-14);
        double[][] near = {{100, 101}, {101, 100}, {7.3, 7.0}, {1e6, 1e6 + 3}};
        for (double[] c : near) {
            double ref = c[0] * Math.log1p((c[0] - c[1]) / c[1]) + (c[1] - c[0]);
            assertEquals(ref, SpecialFunctions.bd0(c[0], c[1]), 1e-9 * ref, "x = " + c[0] + ", l = " + c[1]);
            assertTrue(SpecialFunctions.bd0(c[0], c[1]) > 0);
        }
        assertEquals(0.0, SpecialFunctions.bd0(4.0, 4.0), 0.0);
    }

    /** Poisson, chi-square-of-log and binomial log-densities against their textbook forms. */
    @Test
    void logDensities() {
        assertEquals(-3.2, SpecialFunctions.logPoisson(0, 3.2), 0.0);
        for (double[] c : new double[][] {{5, 3.2}, {50, 47}, {0.5, 2.0}, {300, 250}}) {
            double ref = c[0] * Math.log(c[1]) - c[1] - Gamma.logGamma(c[0] + 1);
            assertEquals(ref, SpecialFunctions.logPoisson(c[0], c[1]), 1e-12 * Math.max(1, Math.abs(ref)),
                    "j = " + c[0] + ", l = " + c[1]);
        }
        // log(q f(q)) for chi2(k): (k/2) log q - q/2 - (k/2) log 2 - log Gamma(k/2), q = e^u
        for (double[] c : new double[][] {{3, 0.7}, {40, 3.6}, {1, -2.0}, {7.5, 1.1}}) {
            double k = c[0];
            double q = Math.exp(c[1]);
            double ref = k / 2 * Math.log(q) - q / 2 - k / 2 * Math.log(2) - Gamma.logGamma(k / 2);
            assertEquals(ref, SpecialFunctions.logChiSquareOfLog(k, c[1]), 1e-12 * Math.max(1, Math.abs(ref)),
                    "k = " + k + ", u = " + c[1]);
        }
        // log(C(n, k) 2^-n)
        for (double[] c : new double[][] {{20, 7}, {1000, 480}, {9, 1}, {64, 32}}) {
            double ref = Gamma.logGamma(c[0] + 1) - Gamma.logGamma(c[1] + 1) - Gamma.logGamma(c[0] - c[1] + 1)
                    - c[0] * Math.log(2);
            assertEquals(ref, SpecialFunctions.logBinomialHalf(c[0], c[1]), 1e-11 * Math.max(1, Math.abs(ref)),
                    "n = " + c[0] + ", k = " + c[1]);
        }
    }

    /**
     * logGammaRatio(a, z) = log Gamma(a + z) - log Gamma(a) - z log a: for real z against commons-math3
     * (below and above the Stirling threshold a = 20, and with |z/a| on both sides of the series switch 0.1);
     * for complex z by the recurrence f(a, z + 1) - f(a, z) = log(1 + z/a) and by the shift
     * f(a, z) = f(a + 1, z) - log(1 + z/a) + z log((a + 1)/a), which joins a = 19.5 (recurrence path) to
     * a = 20.5 (Stirling path).
     */
    @Test
    void gammaRatio() {
        for (double a : new double[] {0.5, 3.2, 19.5, 25, 60}) {
            for (double z : new double[] {0.7, 2.0, -0.3, 7.5}) {
                double ref = Gamma.logGamma(a + z) - Gamma.logGamma(a) - z * Math.log(a);
                Complex got = SpecialFunctions.logGammaRatio(a, new Complex(z, 0));
                assertEquals(ref, got.re(), 1e-12 * Math.max(1, Math.abs(ref)), "a = " + a + ", z = " + z);
                assertEquals(0.0, got.im(), 1e-15);
            }
        }
        Complex z = new Complex(0.8, 1.7);
        for (double a : new double[] {2.5, 19.5, 30, 500}) {
            Complex step = SpecialFunctions.logGammaRatio(a, z.plus(1)).minus(SpecialFunctions.logGammaRatio(a, z));
            Complex ref = z.times(1 / a).log1p();
            assertEquals(ref.re(), step.re(), 1e-12, "recurrence re, a = " + a);
            assertEquals(ref.im(), step.im(), 1e-12, "recurrence im, a = " + a);
        }
        double a = 19.5;
        Complex shifted = SpecialFunctions.logGammaRatio(a + 1, z).minus(z.times(1 / a).log1p())
                .plus(z.times(Math.log((a + 1) / a)));
        Complex direct = SpecialFunctions.logGammaRatio(a, z);
        assertEquals(shifted.re(), direct.re(), 1e-12);
        assertEquals(shifted.im(), direct.im(), 1e-12);
        // conjugate symmetry
        Complex conj = SpecialFunctions.logGammaRatio(30, new Complex(0.8, -1.7));
        Complex plain = SpecialFunctions.logGammaRatio(30, z);
        assertEquals(plain.re(), conj.re(), 1e-15);
        assertEquals(-plain.im(), conj.im(), 1e-15);
    }

    // ---------------------------------------------------------------- Complex

    @Test
    void complexArithmetic() {
        Complex a = new Complex(3, 4);
        Complex b = new Complex(1, -2);
        assertEquals(new Complex(4, 2), a.plus(b));
        assertEquals(new Complex(2, 6), a.minus(b));
        assertEquals(new Complex(11, -2), a.times(b));
        assertEquals(new Complex(6, 8), a.times(2.0));
        assertEquals(new Complex(3.5, 4), a.plus(0.5));
        assertEquals(5.0, a.abs(), 0.0);
        assertEquals(0.0, Complex.ZERO.abs(), 0.0);
        // 1/(3 + 4i) = (3 - 4i)/25 (|re| >= |im| is false: second branch); 1/(4 + 3i) = (4 - 3i)/25 (first)
        Complex r = a.reciprocal();
        assertEquals(0.12, r.re(), 1e-16);
        assertEquals(-0.16, r.im(), 1e-16);
        Complex r2 = new Complex(4, 3).reciprocal();
        assertEquals(0.16, r2.re(), 1e-16);
        assertEquals(-0.12, r2.im(), 1e-16);
        // (11 - 2i)/(1 - 2i) = 3 + 4i
        Complex q = new Complex(11, -2).divide(b);
        assertEquals(3.0, q.re(), 1e-15);
        assertEquals(4.0, q.im(), 1e-15);
    }

    /**
     * log1p and expm1 against Math on arguments where Math is exact enough, and to relative precision near 0:
     * log(1 + w) = w - w^2/2 + w^3/3 and e^w - 1 = w + w^2/2 + w^3/6 for |w| ~ 1e-6.
     */
    @Test
    void complexTranscendentals() {
        for (Complex w : new Complex[] {new Complex(2, 3), new Complex(-0.3, 0.4), new Complex(0.6, -0.2),
                new Complex(0.1, 0.9)}) {
            Complex l = w.log1p();
            assertEquals(0.5 * Math.log((1 + w.re()) * (1 + w.re()) + w.im() * w.im()), l.re(), 1e-15, w.toString());
            assertEquals(Math.atan2(w.im(), 1 + w.re()), l.im(), 1e-15, w.toString());
            Complex e = w.exp();
            assertEquals(Math.exp(w.re()) * Math.cos(w.im()), e.re(), 1e-14, w.toString());
            assertEquals(Math.exp(w.re()) * Math.sin(w.im()), e.im(), 1e-14, w.toString());
            Complex m = w.expm1();
            assertEquals(e.re() - 1, m.re(), 1e-14, w.toString());
            assertEquals(e.im(), m.im(), 1e-14, w.toString());
        }
        Complex w = new Complex(1e-6, 2e-6);
        Complex w2 = w.times(w);
        Complex w3 = w2.times(w);
        Complex log = w.minus(w2.times(0.5)).plus(w3.times(1.0 / 3));
        Complex exp = w.plus(w2.times(0.5)).plus(w3.times(1.0 / 6));
        assertEquals(log.re(), w.log1p().re(), 1e-15 * Math.abs(log.re()));
        assertEquals(log.im(), w.log1p().im(), 1e-15 * Math.abs(log.im()));
        assertEquals(exp.re(), w.expm1().re(), 1e-15 * Math.abs(exp.re()));
        assertEquals(exp.im(), w.expm1().im(), 1e-15 * Math.abs(exp.im()));
    }
}
