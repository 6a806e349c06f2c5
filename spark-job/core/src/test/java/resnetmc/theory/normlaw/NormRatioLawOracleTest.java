package resnetmc.theory.normlaw;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import resnetmc.kernel.Kernels;
import resnetmc.kernel.TrialKernel;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.RandomStreams;
import resnetmc.testing.FalseFailureRate;

/**
 * The exact norm law as an oracle for the existing samplers: one-sample Kolmogorov-Smirnov
 * tests of {@code log10HRatio} from the conditional sampler, the dense one at a small size and the
 * chain (forward only: its forward columns are the same bits with or without the backward pass)
 * against {@link NormRatioLaw#cdfLog10Rho}.
 *
 * <p>Each test is at level 1e-4 (critical value {@code sqrt(log(2 / 1e-4) / (2n))}, the
 * Dvoretzky-Kiefer-Wolfowitz-Massart bound, conservative); with the 9 cells here the family's
 * false-failure rate is at most 9e-4. The CDF is evaluated on 21 points and the KS distance is
 * bounded from below by monotonicity (for a sample between two points the CDF lies between
 * their values), so a failure is a genuine rejection at that level.
 */
@FalseFailureRate(9e-4)
class NormRatioLawOracleTest {

    private static final double LEVEL = 1e-4;

    @Test
    void conditionalSamplerReluSmallWidth() {
        check(Architecture.RES_3, Activation.RELU, Branch.relu(), 4, 50, 0.5, Sampler.CONDITIONAL, 1500);
    }

    @Test
    void conditionalSamplerIdentityRes1() {
        check(Architecture.RES_1, Activation.IDENTITY, Branch.identityRes1(), 2, 200, 0.5, Sampler.CONDITIONAL, 1500);
    }

    /** beta = 0.1 at L = 20000: log10 rho is about 2000, the norm overflows doubles. */
    @Test
    void conditionalSamplerBeyondDoubleRange() {
        check(Architecture.RES_3, Activation.RELU, Branch.relu(), 4, 20_000, 0.1, Sampler.CONDITIONAL, 400);
    }

    @Test
    void chainRelu() {
        check(Architecture.RES_3, Activation.RELU, Branch.relu(), 16, 100, 0.5, Sampler.CHAIN, 1500);
    }

    @Test
    void chainIdentityRes2() {
        check(Architecture.RES_2, Activation.IDENTITY, Branch.identityRes2(), 4, 60, 0.25, Sampler.CHAIN, 1500);
    }

    /** beta = 0.1 at L = 10^5: log10 rho in the thousands, far past doubles, at d = 10^6. */
    @Test
    void chainBeyondDoubleRangeAtLargeWidth() {
        check(Architecture.RES_1, Activation.IDENTITY, Branch.identityRes1(), 1_000_000, 100_000, 0.1, Sampler.CHAIN,
                400);
    }

    /** Leaky ReLU (slope 0.8, the smallest slope the hypotheses of Marion et al. cover is 1/sqrt 2). */
    @Test
    void chainLeakyRelu() {
        check(Architecture.RES_2, Activation.leakyRelu(0.8), Branch.leaky(0.8), 8, 50, 0.5, Sampler.CHAIN, 1500);
    }

    /** A small slope, where {@code Q} mixes chi-squares over many {@code J} (the strided sum). */
    @Test
    void conditionalSamplerLeakySmallSlope() {
        check(Architecture.RES_2, Activation.leakyRelu(0.1), Branch.leaky(0.1), 16, 30, 0.25, Sampler.CONDITIONAL,
                1000);
    }

    @Test
    void denseSamplerIdentityRes2() {
        check(Architecture.RES_2, Activation.IDENTITY, Branch.identityRes2(), 8, 30, 0.5, Sampler.DENSE, 1000);
    }

    private static void check(Architecture arch, Activation act, Branch branch, int d, int depth, double beta,
                              Sampler sampler, int n) {
        double alpha = Cell.alphaOf(depth, beta);
        Cell cell = new Cell(arch, act, WeightDistribution.GAUSSIAN, d, depth, new Scaling.Beta(beta),
                InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, sampler);
        double[] y = new double[n];
        IntStream.range(0, n).parallel().forEach(t -> {
            TrialKernel k = Kernels.trialKernel(cell, 2, false);
            y[t] = k.run(RandomStreams.of(20261201L, cell.id(), t)).log10HRatio();
        });
        Arrays.sort(y);
        NormRatioLaw law = NormRatioLaw.of(branch, d, depth, alpha);
        int points = 21;
        double[] grid = new double[points];
        double[] f = new double[points];
        double ln100 = 2 * StrictMath.log(10);
        for (int i = 0; i < points; i++) {
            // mean +- 4 sd of log rho^2, on the log10 rho scale
            grid[i] = (law.meanLogRho2() + (i - 10) / 2.5 * law.sdLogRho2()) / ln100;
        }
        for (int i = 0; i < points; i++) {
            f[i] = law.cdfLog10Rho(grid[i]);
        }
        // lower bound on sup |F_n - F|: at each grid point, F_n(grid-) and F_n(grid) against F(grid)
        double dLow = 0;
        for (int i = 0; i < points; i++) {
            int below = lowerCount(y, grid[i]);
            int atOrBelow = upperCount(y, grid[i]);
            dLow = Math.max(dLow, Math.max(Math.abs((double) below / n - f[i]), Math.abs((double) atOrBelow / n - f[i])));
        }
        double critical = Math.sqrt(StrictMath.log(2 / LEVEL) / (2.0 * n));
        assertTrue(dLow < critical, cell + ": KS distance >= " + dLow + " above " + critical);
    }

    private static int lowerCount(double[] sorted, double x) {
        int i = Arrays.binarySearch(sorted, x);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && sorted[i - 1] == x) {
            i--;
        }
        return i;
    }

    private static int upperCount(double[] sorted, double x) {
        int i = Arrays.binarySearch(sorted, x);
        if (i < 0) {
            return -i - 1;
        }
        while (i < sorted.length && sorted[i] == x) {
            i++;
        }
        return i;
    }
}
