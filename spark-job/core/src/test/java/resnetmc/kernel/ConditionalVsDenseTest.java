package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.Sampler;
import resnetmc.model.WeightDistribution;
import resnetmc.testing.FalseFailureRate;

/**
 * The conditional sampler has the dense sampler's law: two-sample Kolmogorov-Smirnov tests on
 * log10 r_fwd, log10 r_bwd and log10 ||p_0||/||p_L|| (the KS statistic is invariant under the monotone
 * log), for each architecture at small sizes.
 *
 * <p>Design: n = 8000 trials per sampler, each test at level 1e-5. The asymptotic critical value is
 * D = sqrt(-ln(5e-6)/2) sqrt(2/n) = 0.040. A 5% shift of the median moves log10 r by 0.0212, which
 * moves the CDF near the median by about 0.4 * 0.0212 / sd; with the sd of log10 r measured at these
 * sizes (0.12 to 0.3) that is 0.028 to 0.07, so a shift of that size is detected at the narrower
 * distributions, and about a 6% to 10% shift at the widest (beta = 1/4 at d = 16). False failures: 15 cases x
 * 3 statistics = 45 tests at 1e-5, so a correct sampler fails one with probability at most 4.5e-4
 * (Bonferroni); the seeds are fixed.
 */
@FalseFailureRate(4.5e-4)
class ConditionalVsDenseTest {
    private static final int TRIALS = 8000;
    private static final double LEVEL = 1e-5;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Architecture arch : Architecture.values()) {
            Activation act = arch == Architecture.RES_3 ? Activation.RELU
                    : arch == Architecture.RES_2 ? Activation.TANH : Activation.leakyRelu(0.8);
            for (double beta : new double[] {0.25, 0.5, 1.0}) {
                out.add(Arguments.of(arch, act, 16, 32, beta));
            }
            out.add(Arguments.of(arch, act, 16, 200, 0.5));
            out.add(Arguments.of(arch, act, 48, 32, 0.5));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} d={2} L={3} beta={4}")
    @MethodSource("cases")
    void sameLaw(Architecture arch, Activation act, int d, int depth, double beta) {
        Cell dense = ConditionalSamplerTest.cell(arch, act, Sampler.DENSE, WeightDistribution.GAUSSIAN, d, depth, beta);
        Cell cond = ConditionalSamplerTest.cell(arch, act, Sampler.CONDITIONAL, WeightDistribution.GAUSSIAN, d, depth,
                beta);
        TrialOutcome[] a = Samples.run(dense, TRIALS, 101);
        TrialOutcome[] b = Samples.run(cond, TRIALS, 202);
        check("log10 r_fwd", a, b, TrialOutcome::log10RFwd);
        check("log10 r_bwd", a, b, TrialOutcome::log10RBwd);
        check("log10 p_ratio", a, b, TrialOutcome::log10PRatio);
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
