package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.testing.FalseFailureRate;
import resnetmc.theory.Bounds;

/**
 * The exact oracles of THEORY.md section 1 at a size the dense sampler cannot reach in a test
 * (d = 1024, L = 10^4, beta = 1/2: 4 d^2 L = 4e10 draws per dense trial), with the conditional
 * sampler: res-3 gives E r_fwd = E r_bwd = (1 + 1/(2L))^L - 1 = 0.6487 and identity res-1
 * (1 + 1/L)^L - 1 = 1.7182 (random-direction loss, so p_L is independent of the weights).
 * Each mean must contain the exact value in its 99.999% Student t interval (63 degrees of freedom: n = 64
 * trials with an estimated sd): r is a smooth functional of many layers and close to normal (its sd is
 * about 4% of its mean); 4 such tests fail by chance with probability at most 4e-5.
 */
@FalseFailureRate(4e-5)
class ConditionalOracleTest {
    private static final double T_63 = new org.apache.commons.math3.distribution.TDistribution(63)
            .inverseCumulativeProbability(1 - 5e-6);

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"RES_3, RELU, 0.5", "RES_1, IDENTITY, 1.0"})
    void exactMeansAtLargeSize(Architecture arch, String act, double c2) {
        int d = 1024;
        int depth = 10_000;
        Activation a = act.equals("RELU") ? Activation.RELU : Activation.IDENTITY;
        Cell cell = new Cell(arch, a, WeightDistribution.GAUSSIAN, d, depth, new Scaling.Beta(0.5),
                InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, Sampler.CONDITIONAL);
        double exact = Bounds.exactMean(c2, cell.alpha(), depth);
        TrialOutcome[] out = Samples.run(cell, 64, 77);
        assertContains(exact, out, true, cell);
        assertContains(exact, out, false, cell);
    }

    private static void assertContains(double exact, TrialOutcome[] out, boolean forward, Cell cell) {
        double[] ms = Samples.meanAndSe(Stream.of(out).mapToDouble(o -> forward ? o.rFwd() : o.rBwd()).toArray());
        double mean = ms[0];
        double se = ms[1];
        assertTrue(Math.abs(mean - exact) <= T_63 * se, String.format("%s %s: mean %.6g, exact %.6g, %.2f se",
                cell.arch().label(), forward ? "r_fwd" : "r_bwd", mean, exact, Math.abs(mean - exact) / se));
    }
}
