package resnetmc.theory.normlaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
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
 * The norm law's shortcuts that must not change a bit: {@link Complex}'s fast paths for real arguments against
 * the general formulas written out here, and {@link SpecialFunctions#absAtMost} / {@link SpecialFunctions#absBelow}
 * (decided from squared moduli away from the threshold) against the hypot comparisons they replace, on random
 * arguments over 600 binary orders of magnitude and on pairs placed within a few ulps of the threshold. Also the
 * Chernoff minimiser against a brute-force minimisation. Deterministic; well under a second.
 */
class RealFastPathsTest {

    private static final double[] EDGES = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300,
        1e-160, 1e-20, 0.1, 0.5, -0.5, 0.9999999999999999, 1.0, -1.0, 1.5, 2.0, 700, 709.9, 710, -745, -746,
        1e154, 1e300, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    private static void assertSameBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                what + ": expected " + expected + ", got " + actual);
    }

    private static void assertSameBits(Complex expected, Complex actual, String what) {
        assertSameBits(expected.re(), actual.re(), what + " (re)");
        assertSameBits(expected.im(), actual.im(), what + " (im)");
    }

    /** Random doubles spread over 2^-1000..2^1000 in magnitude, both signs. */
    private static double spread(SplittableRandom rng) {
        double m = 1 + rng.nextDouble();
        return (rng.nextBoolean() ? -1 : 1) * Math.scalb(m, rng.nextInt(-1000, 1000));
    }

    private static void realPaths(double x, double zeroIm) {
        Complex z = new Complex(x, zeroIm);
        assertSameBits(StrictMath.hypot(x, zeroIm), z.abs(), "abs(" + x + ")");
        double m = StrictMath.exp(x);
        assertSameBits(new Complex(m * StrictMath.cos(zeroIm), m * StrictMath.sin(zeroIm)), z.exp(), "exp(" + x + ")");
        double em1 = StrictMath.expm1(x);
        double halfSin = StrictMath.sin(zeroIm / 2);
        assertSameBits(new Complex(em1 * StrictMath.cos(zeroIm) - 2 * halfSin * halfSin,
                (em1 + 1) * StrictMath.sin(zeroIm)), z.expm1(), "expm1(" + x + ")");
        double modulusLog = 0.5 * StrictMath.log1p(2 * x + (x * x + zeroIm * zeroIm));
        if (Math.abs(x) > 0.5) {
            modulusLog = StrictMath.log(StrictMath.hypot(1 + x, zeroIm));
        }
        assertSameBits(new Complex(modulusLog, StrictMath.atan2(zeroIm, 1 + x)), z.log1p(), "log1p(" + x + ")");
    }

    /** exp, expm1, log1p and abs at im = +0 and -0: the general formulas' bits (cos 0 = 1, sin(+-0) = +-0, ...). */
    @Test
    void realArgumentsGiveTheGeneralPathsBits() {
        SplittableRandom rng = new SplittableRandom(20261201);
        for (double zeroIm : new double[] {0.0, -0.0}) {
            for (double x : EDGES) {
                realPaths(x, zeroIm);
            }
            for (int i = 0; i < 50_000; i++) {
                realPaths(i % 2 == 0 ? spread(rng) : 4 * rng.nextDouble() - 2, zeroIm);
            }
        }
    }

    /** The squared-modulus decisions equal the hypot ones, including pairs a few ulps from the threshold. */
    @Test
    void squaredModulusDecisionsEqualHypotOnes() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            Complex y = new Complex(spread(rng), i % 3 == 0 ? 0.0 : spread(rng));
            double factor = i % 2 == 0 ? 1e-18 : 1.0;
            Complex x;
            if (i % 4 < 2) {
                x = new Complex(spread(rng), spread(rng));
            } else {
                // |x| = factor |y| (1 + a few ulps): where only hypot can decide
                double target = factor * y.abs() * (1 + (rng.nextInt(9) - 4) * 0x1p-52);
                double angle = rng.nextDouble() * 2 * Math.PI;
                x = new Complex(target * Math.cos(angle), i % 8 == 2 ? 0.0 : target * Math.sin(angle));
            }
            assertEquals(x.abs() <= factor * y.abs(), SpecialFunctions.absAtMost(x, factor, y),
                    x + " vs " + factor + " * " + y);
            double bound = i % 2 == 0 ? 0.1 : 1.0;
            Complex w = i % 4 < 2 ? new Complex(spread(rng) * 1e-300, 0.0).plus(new Complex(rng.nextDouble() - 0.5,
                    rng.nextDouble() - 0.5)) : new Complex(bound * (1 + (rng.nextInt(9) - 4) * 0x1p-52), 0.0);
            assertEquals(w.abs() < bound, SpecialFunctions.absBelow(w, bound), w + " vs " + bound);
        }
        for (double a : EDGES) {
            for (double b : EDGES) {
                Complex x = new Complex(a, b);
                for (Complex y : new Complex[] {new Complex(b, a), new Complex(1, 0), new Complex(1e-30, 1e-30)}) {
                    assertEquals(x.abs() <= 1e-18 * y.abs(), SpecialFunctions.absAtMost(x, 1e-18, y), x + " " + y);
                }
                assertEquals(x.abs() < 0.1, SpecialFunctions.absBelow(x, 0.1), x.toString());
            }
        }
    }

    /**
     * The Chernoff exponent min over theta of (-theta x + L K(theta)) that {@link ExactTail} minimises with Brent's
     * method, against a brute-force minimisation here (a grid of 100 points over the bracket [0, 4 theta_normal],
     * theta_normal = |x - mean| / sd^2 being the optimum of the normal approximation, then golden-section search
     * for 60 steps within a grid step of the best point): equal to 1e-10 relative. The log10 bound is that exponent / ln 10 where
     * one side counts (here one upper side: the region r_fwd >= (rho_hi + 1)^2, rho_hi^2 = e^(mean + 5 sd)).
     */
    @Test
    void brentMinimumMatchesBruteForce() {
        for (Activation act : new Activation[] {Activation.RELU, Activation.IDENTITY, Activation.leakyRelu(0.3)}) {
            for (int[] dl : new int[][] {{8, 16}, {32, 64}}) {
                int d = dl[0];
                int depth = dl[1];
                ExactTail tail = ExactTail.of(new Cell(Architecture.RES_2, act, WeightDistribution.GAUSSIAN, d, depth,
                        new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, Sampler.DENSE,
                        WeightProcess.IID));
                NormRatioLaw law = tail.law();
                double mean = law.meanLogRho2();
                double sd = law.sdLogRho2();
                double x = mean + 5 * sd;
                java.util.function.DoubleUnaryOperator f = th -> -th * x + depth * law.layerCgf(th);
                double hi = 4 * (x - mean) / (sd * sd);
                double best = 0;
                double fBest = 0;
                for (int i = 1; i <= 100; i++) {
                    double th = hi * i / 100;
                    double v = f.applyAsDouble(th);
                    if (v < fBest) {
                        fBest = v;
                        best = th;
                    }
                }
                // convex: the minimum lies within one grid step of the best grid point
                double lo = Math.max(0, best - hi / 100);
                double up = best + hi / 100;
                double g = (Math.sqrt(5) - 1) / 2;
                double c = up - g * (up - lo);
                double e = lo + g * (up - lo);
                double fc = f.applyAsDouble(c);
                double fe = f.applyAsDouble(e);
                for (int i = 0; i < 60; i++) {
                    if (fc < fe) {
                        up = e;
                        e = c;
                        fe = fc;
                        c = up - g * (up - lo);
                        fc = f.applyAsDouble(c);
                    } else {
                        lo = c;
                        c = e;
                        fc = fe;
                        e = lo + g * (up - lo);
                        fe = f.applyAsDouble(e);
                    }
                }
                double reference = Math.min(fBest, Math.min(fc, fe));
                double rhoHi = Math.exp(0.5 * x);
                double log10High = Math.log10((rhoHi + 1) * (rhoHi + 1));
                double got = tail.log10Outside(Double.NaN, log10High) * Math.log(10);
                assertTrue(reference < -1, "a bound worth minimising: " + reference);
                assertEquals(reference, got, 1e-10 * Math.abs(reference), act + " d=" + d + " L=" + depth);
            }
        }
    }

    /** The Stirling ratio as written with {@link Complex} arithmetic before its loops were unrolled to doubles. */
    private static Complex stirlingRatioReference(double a, Complex z) {
        double[] c = {1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156,
            -3617.0 / 122400};
        Complex w = z.times(1 / a);
        Complex log1pw = w.log1p();
        Complex lmi;
        if (!(w.abs() < 0.1)) {
            lmi = log1pw.minus(w);
        } else {
            Complex power = w.times(w);
            Complex sum = Complex.ZERO;
            for (int k = 2; k < 42; k++) {
                Complex term = power.times((k % 2 == 0 ? -1.0 : 1.0) / k);
                sum = sum.plus(term);
                if (term.abs() <= 1e-18 * sum.abs()) {
                    break;
                }
                power = power.times(w);
            }
            lmi = sum;
        }
        Complex main = lmi.times(a).plus(z.plus(-0.5).times(log1pw));
        Complex inv = z.plus(a).reciprocal();
        Complex inv2 = inv.times(inv);
        double ia = 1 / a;
        double ia2 = ia * ia;
        Complex series = z.times(inv).times(-ia * c[0]);
        Complex p = inv.times(inv2);
        double q = ia * ia2;
        for (int k = 1; k < c.length; k++) {
            series = series.plus(p.times(c[k]).plus(-c[k] * q));
            p = p.times(inv2);
            q *= ia2;
        }
        return main.plus(series);
    }

    /**
     * {@link SpecialFunctions#logGammaRatio}'s series loops run on primitive doubles (no allocation a step); the
     * result must keep the bits of the Complex-arithmetic version above, for a >= 20 (the Stirling branch) and
     * complex z of every size the inversions use, real ones included.
     */
    @Test
    void unrolledStirlingSeriesKeepsItsBits() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            double a = 20 + Math.scalb(rng.nextDouble(), rng.nextInt(0, 40));
            double scale = Math.scalb(1.0, rng.nextInt(-30, 8));
            Complex z = new Complex((rng.nextDouble() - 0.3) * scale, i % 3 == 0 ? 0.0 : (rng.nextDouble() - 0.5) * scale);
            assertSameBits(stirlingRatioReference(a, z), SpecialFunctions.logGammaRatio(a, z), "a=" + a + " z=" + z);
        }
    }
}
