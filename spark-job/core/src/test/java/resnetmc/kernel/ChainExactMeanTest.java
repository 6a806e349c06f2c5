package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.testing.FalseFailureRate;
import resnetmc.theory.Bounds;

/**
 * The exact means of THEORY.md section 1 with the chain sampler: E[r_fwd] = (1 + c2 alpha^2)^L - 1 for
 * every branch (c2 = (1 + s^2)/2 for res-2 with slope s, 1/2 for res-3, 1 for the identity), and the
 * same value for E[r_bwd] when p_L is independent of the weights (random direction) or only scaled by a
 * weight-dependent factor (scalar output, every ratio being scale-invariant in p_L). Cells have
 * L alpha^2 / d <= 1, where the sample mean is usable.
 *
 * <p>Each case asserts |mean - exact| <= 4.417 sd / sqrt(n), the two-sided 1e-5 normal quantile, with
 * n = 25000 trials (skewness of r at these sizes below 10, so the normal approximation of the mean is
 * good to well within a factor 2 at that level). 8 cases x 2 means = 16 tests at 1e-5: a correct
 * sampler fails one with probability at most 1.6e-4 (Bonferroni); fixed seed.
 */
@FalseFailureRate(1.6e-4)
class ChainExactMeanTest {
    private static final int TRIALS = 25_000;
    private static final double Z = 4.4172876; // two-sided 1e-5 normal quantile
    private static final Object[][] SIZES = {{8, 64, 0.5}, {16, 100, 0.5}, {4, 50, 1.0}, {32, 200, 0.25}};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int i = 0;
        for (Object[] br : ChainSamplerTest.BRANCHES) {
            Object[] s = SIZES[i++];
            out.add(Arguments.of(br[0], br[1], LossKind.RANDOM_DIRECTION, s[0], s[1], s[2]));
            out.add(Arguments.of(br[0], br[1], LossKind.SCALAR_OUTPUT, s[2].equals(1.0) ? 16 : s[0], s[1], s[2]));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} d={3} L={4} beta={5}")
    @MethodSource("cases")
    void meansAreExact(Architecture arch, Activation act, LossKind loss, int d, int depth, double beta) {
        Cell cell = ChainSamplerTest.cell(arch, act, d, depth, beta, loss, InputKind.GAUSSIAN);
        assertTrue(depth * cell.alpha() * cell.alpha() / d <= 1 + 1e-12);
        double c2 = arch == Architecture.RES_1 ? 1.0 : act.c2();
        double exact = Bounds.exactMean(c2, cell.alpha(), depth);
        TrialOutcome[] o = ChainVsConditionalTest.run(cell, 505, TRIALS);
        double[] fwd = Stream.of(o).mapToDouble(TrialOutcome::rFwd).toArray();
        double[] bwd = Stream.of(o).mapToDouble(TrialOutcome::rBwd).toArray();
        double[] f = Samples.meanAndSe(fwd);
        double[] b = Samples.meanAndSe(bwd);
        assertTrue(Math.abs(f[0] - exact) <= Z * f[1], "r_fwd mean " + f[0] + " +- " + f[1] + " vs " + exact);
        assertTrue(Math.abs(b[0] - exact) <= Z * b[1], "r_bwd mean " + b[0] + " +- " + b[1] + " vs " + exact);
    }
}
