package resnetmc.theory.normlaw;

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
 * The Chernoff bounds of {@link ExactTail} against the Fourier inversion of the same law ({@link NormRatioLaw},
 * relative error below 1e-6): never below it (a bound), and within 10^1.5 of it (tight enough to decide at
 * small delta). Deterministic: no sampling.
 */
class ExactTailTest {

    private static Cell cell(Architecture arch, Activation act, int d, int depth, double beta) {
        return new Cell(arch, act, WeightDistribution.GAUSSIAN, d, depth, new Scaling.Beta(beta), InputKind.GAUSSIAN,
                LossKind.RANDOM_DIRECTION, Sampler.CHAIN);
    }

    private static void check(Cell c, double pUpper, double pLower) {
        ExactTail et = ExactTail.of(c);
        NormRatioLaw law = et.law();
        // upper side: t with (rho + 1)^2 >= t at rho's (1 - pUpper) quantile
        double x = law.upperQuantile(pUpper);
        double rho = StrictMath.exp(x / 2);
        double t = (rho + 1) * (rho + 1);
        double inversion = law.rFwdAbove(t).high();
        double bound = et.log10Outside(Double.NaN, StrictMath.log10(t));
        assertTrue(bound >= StrictMath.log10(inversion) - 1e-6, c.key() + " upper: " + bound + " vs " + inversion);
        assertTrue(bound <= StrictMath.log10(inversion) + 1.5, c.key() + " upper: " + bound + " vs " + inversion);
        // lower side: low with rho <= 1 + sqrt(low) at rho's pLower quantile (rho > 1 here)
        double xl = law.quantile(pLower);
        double s = StrictMath.exp(xl / 2) - 1;
        double low = s * s;
        double inv = law.rFwdBelow(low).high();
        double lb = et.log10Outside(low, Double.NaN);
        assertTrue(lb >= StrictMath.log10(inv) - 1e-6, c.key() + " lower: " + lb + " vs " + inv);
        assertTrue(lb <= StrictMath.log10(inv) + 1.5, c.key() + " lower: " + lb + " vs " + inv);
    }

    @Test
    void reluCritical() {
        check(cell(Architecture.RES_3, Activation.RELU, 64, 200, 0.5), 1e-12, 1e-9);
    }

    @Test
    void identityRes1Critical() {
        check(cell(Architecture.RES_1, Activation.IDENTITY, 256, 1000, 0.5), 1e-20, 1e-12);
    }

    /** Leaky ReLU (slope 0.8): the law of {@code theory.normlaw}'s negative-binomial mixture. */
    @Test
    void leakyCritical() {
        check(cell(Architecture.RES_2, Activation.leakyRelu(0.8), 64, 200, 0.5), 1e-12, 1e-9);
    }

    @Test
    void reluSmallBeta() {
        check(cell(Architecture.RES_3, Activation.RELU, 32, 500, 0.3), 1e-15, 1e-10);
    }

    @Test
    void unsupportedCells() {
        assertTrue(ExactTail.of(new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.UNIFORM, 64, 10,
                new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, Sampler.DENSE)) == null);
    }

    /**
     * A threshold far beyond where L K(theta) is representable at the first guess of theta (Prop. 3 (ii) at
     * delta = 1e-6, d = 1000, L = 1200: r_fwd >= e^71.7 while log rho^2 ~ 0.5 +- 0.045): the bound must still
     * be found, far below 1e-6 (a Gaussian with the same mean and sd gives about 10^-5.4e5).
     */
    @Test
    void farThreshold() {
        ExactTail et = ExactTail.of(cell(Architecture.RES_3, Activation.RELU, 1000, 1200, 0.5));
        double l10 = et.log10Outside(Double.NaN, 71.7 / StrictMath.log(10));
        assertTrue(l10 < -100, "log10 bound " + l10);
    }
}
