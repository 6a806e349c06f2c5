package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
 * The chain sampler has the conditional sampler's law (itself tested against the dense sampler): two-sample
 * Kolmogorov-Smirnov tests on log10 r_fwd, log10 r_bwd, log10 ||p_0||/||p_L||, log10 ||h_L||/||h_0|| and
 * log10 ||h_0||, for every supported branch and every loss, at small widths (d = 4 to 32, the frame's
 * smallest case included), depths 20 to 100 and beta in {1/4, 1/2, 1}.
 *
 * <p>Design: n = 8000 trials per sampler, each test at level 1e-5 (asymptotic critical value
 * D = sqrt(-ln(5e-6)/2) sqrt(2/n) = 0.039: a shift of the median by 0.1 sd is detected). False
 * failures: 12 cases x 5 statistics = 60 tests at 1e-5, so a correct sampler fails one with
 * probability at most 6e-4 (Bonferroni); the seeds are fixed.
 */
@FalseFailureRate(6e-4)
class ChainVsConditionalTest {
    private static final int TRIALS = 8000;
    private static final double LEVEL = 1e-5;
    private static final int CHUNK = 500;

    static Stream<Arguments> cases() {
        Object[][] sizes = {{4, 20, 0.5}, {8, 30, 0.25}, {16, 50, 0.5}, {32, 100, 1.0}};
        InputKind[] inputs = {InputKind.GAUSSIAN, InputKind.DATA};
        List<Arguments> out = new ArrayList<>();
        int i = 0;
        for (Object[] br : ChainSamplerTest.BRANCHES) {
            for (LossKind loss : LossKind.values()) {
                Object[] s = sizes[i % sizes.length];
                out.add(Arguments.of(br[0], br[1], loss, inputs[(i / 2) % 2], s[0], s[1], s[2]));
                i++;
            }
            i++;
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} d={4} L={5} beta={6}")
    @MethodSource("cases")
    void sameLaw(Architecture arch, Activation act, LossKind loss, InputKind input, int d, int depth, double beta) {
        Cell cond = new Cell(arch, act, WeightDistribution.GAUSSIAN, d, depth, new Scaling.Beta(beta), input,
                loss, Sampler.CONDITIONAL);
        Cell chain = new Cell(arch, act, WeightDistribution.GAUSSIAN, d, depth, new Scaling.Beta(beta), input,
                loss, Sampler.CHAIN);
        TrialOutcome[] a = run(cond, 303);
        TrialOutcome[] b = run(chain, 404);
        check("log10 r_fwd", a, b, TrialOutcome::log10RFwd);
        check("log10 r_bwd", a, b, TrialOutcome::log10RBwd);
        check("log10 p_ratio", a, b, TrialOutcome::log10PRatio);
        check("log10 h_ratio", a, b, TrialOutcome::log10HRatio);
        check("log10 ||h_0||", a, b, TrialOutcome::log10H0Norm);
    }

    static TrialOutcome[] run(Cell cell, long seed) {
        return run(cell, seed, TRIALS);
    }

    /** n trials of any sampler on all cores, in trial order. */
    static TrialOutcome[] run(Cell cell, long seed, int n) {
        TrialOutcome[] out = new TrialOutcome[n];
        IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
            TrialKernel k = Kernels.trialKernel(cell, 2, true);
            for (int t = c * CHUNK; t < Math.min(n, (c + 1) * CHUNK); t++) {
                out[t] = k.run(RandomStreams.of(seed, cell.id(), t));
            }
        });
        return out;
    }

    private static void check(String what, TrialOutcome[] a, TrialOutcome[] b, ToDoubleFunction<TrialOutcome> f) {
        double[] x = Stream.of(a).mapToDouble(f).toArray();
        double[] y = Stream.of(b).mapToDouble(f).toArray();
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double stat = ks.kolmogorovSmirnovStatistic(x, y);
        double p = ks.kolmogorovSmirnovTest(x, y, false);
        assertTrue(p > LEVEL, what + ": D = " + stat + ", p = " + p);
    }
}
