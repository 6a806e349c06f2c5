package resnetmc.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import resnetmc.model.WeightProcess;
import resnetmc.theory.Bounds;

/**
 * The per-cell oracles (which cells have an exact mean, THEORY.md section 1), the slack read-out and the
 * exceedance count's argument checks and empty sample, with expected values worked out by hand.
 */
class OraclesAndSlackTest {

    private static Cell cell(Architecture arch, Activation act, WeightDistribution law, LossKind loss,
                             WeightProcess weights) {
        return new Cell(arch, act, law, 8, 4, new Scaling.Beta(0.5), InputKind.GAUSSIAN, loss, Sampler.DENSE,
                weights);
    }

    private static Cell cell(Architecture arch, Activation act, WeightDistribution law, LossKind loss) {
        return cell(arch, act, law, loss, WeightProcess.IID);
    }

    /** c2 = 1/2 for res-3; (1 + slope^2)/2 for res-2 (ReLU 1/2, leaky 0.8: 0.82); 1 for res-1 identity. */
    @Test
    void exactC2ByArchitecture() {
        WeightDistribution g = WeightDistribution.GAUSSIAN;
        LossKind q = LossKind.QUADRATIC;
        assertEquals(0.5, Oracles.exactC2(cell(Architecture.RES_3, Activation.RELU, g, q)), 0.0);
        assertEquals(0.5, Oracles.exactC2(cell(Architecture.RES_2, Activation.RELU, g, q)), 0.0);
        assertEquals(0.82, Oracles.exactC2(cell(Architecture.RES_2, Activation.leakyRelu(0.8), g, q)), 1e-15);
        assertEquals(1.0, Oracles.exactC2(cell(Architecture.RES_1, Activation.IDENTITY, g, q)), 0.0);
        assertTrue(Double.isNaN(Oracles.exactC2(cell(Architecture.RES_1, Activation.leakyRelu(0.8), g, q))));
        assertTrue(Double.isNaN(Oracles.exactC2(cell(Architecture.RES_3, Activation.RELU, g, q,
                new WeightProcess.Fbm(0.7)))), "correlated layers have no product formula");
    }

    /**
     * E r_bwd = E r_fwd when p_L's direction is independent of the weights (random-direction, scalar-output
     * loss) and sigma' has no ties (continuous law, or identity); NaN otherwise.
     */
    @Test
    void exactBackwardMeanOnlyWhereTheForwardOneCarriesOver() {
        WeightDistribution g = WeightDistribution.GAUSSIAN;
        WeightDistribution r = WeightDistribution.RADEMACHER;
        // res-3 ReLU, alpha = 1/sqrt(L) = 1/2 at L = 4 (beta = 1/2): (1 + 1/8)^4 - 1
        double fwd = Math.pow(1.125, 4) - 1;
        Cell random = cell(Architecture.RES_3, Activation.RELU, g, LossKind.RANDOM_DIRECTION);
        assertEquals(fwd, Oracles.exactMeanRFwd(random), 1e-14);
        assertEquals(fwd, Oracles.exactMeanRBwd(random), 1e-14);
        assertEquals(fwd, Oracles.exactMeanRBwd(cell(Architecture.RES_3, Activation.RELU, g, LossKind.SCALAR_OUTPUT)),
                1e-14);
        assertTrue(Double.isNaN(Oracles.exactMeanRBwd(cell(Architecture.RES_3, Activation.RELU, g, LossKind.QUADRATIC))));
        assertTrue(Double.isNaN(Oracles.exactMeanRBwd(cell(Architecture.RES_3, Activation.RELU, r,
                LossKind.RANDOM_DIRECTION))), "Rademacher weights tie ReLU's kink");
        // res-1 identity: sigma' = 1 everywhere, so Rademacher is fine; c2 = 1: (1 + 1/4)^4 - 1
        assertEquals(Math.pow(1.25, 4) - 1, Oracles.exactMeanRBwd(cell(Architecture.RES_1, Activation.IDENTITY, r,
                LossKind.RANDOM_DIRECTION)), 1e-14);
        assertTrue(Double.isNaN(Oracles.exactMeanRFwd(cell(Architecture.RES_1, Activation.leakyRelu(0.8), g,
                LossKind.RANDOM_DIRECTION))));
    }

    @Test
    void hypothesisFailures() {
        WeightDistribution g = WeightDistribution.GAUSSIAN;
        LossKind q = LossKind.QUADRATIC;
        assertNull(Oracles.hypothesis2Failure(cell(Architecture.RES_3, Activation.RELU, g, q)));
        assertNull(Oracles.hypothesis2Failure(cell(Architecture.RES_2, Activation.RELU, g, q)));
        assertNull(Oracles.hypothesis2Failure(cell(Architecture.RES_1, Activation.IDENTITY, g, q)));
        assertNull(Oracles.hypothesis2Failure(cell(Architecture.RES_1, Activation.leakyRelu(0.8), g, q)));
        String fbm = Oracles.hypothesis2Failure(cell(Architecture.RES_3, Activation.RELU, g, q,
                new WeightProcess.Fbm(0.7)));
        assertTrue(fbm.startsWith("Hypothesis 1: weights independent across layers") && fbm.contains("H = 0.7"), fbm);
        assertTrue(Oracles.hypothesis2Failure(cell(Architecture.RES_2, Activation.TANH, g, q))
                .startsWith("Hypothesis 2: E||tanh(W h)||^2"));
        assertTrue(Oracles.hypothesis2Failure(cell(Architecture.RES_1, Activation.RELU, g, q)).endsWith("relu has a = 0.0"));
        assertTrue(Oracles.hypothesis2Failure(cell(Architecture.RES_1, Activation.TANH, g, q))
                .endsWith("tanh is not bounded below"));
    }

    /**
     * log10 sample 0..4 (n = 5), delta = 1/2, level 0.9: the quantile's ranks are 1 and 5 (derivation in
     * StatsArgumentEdgesTest), the type-7 median is 2. Lower bound 10^1: slack 10^(2-1), interval
     * 10^(0-1) .. 10^(4-1). Upper bound 10^3: slack 10^(3-2), interval 10^(3-4) .. 10^(3-0).
     */
    @Test
    void slackOfBothSides() {
        double[] sorted = {0, 1, 2, 3, 4};
        Slack lo = Slack.lower(sorted, 1, 0.5, 0.9);
        assertEquals(new Slack("lower", 0.5, 100, 1, 1e4, 10, 0.1, 1000, 0.9), lo);
        Slack up = Slack.upper(sorted, 3, 0.5, 0.9);
        assertEquals("upper", up.side());
        assertEquals(10, up.slack(), 1e-12);
        assertEquals(0.1, up.slackLow(), 1e-15);
        assertEquals(1000, up.slackHigh(), 1e-12);
        assertEquals(100, up.quantile(), 1e-12);
    }

    @Test
    void exceedanceCountArgumentsAndEmptySample() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExceedanceCount.judge(2, 2, 3, 0.1, 0.95));
        assertEquals("need 0 <= outside + unknown <= n, got 2, 2, 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExceedanceCount.judge(-1, 0, 3, 0.1, 0.95));
        ExceedanceCount.Outcome none = ExceedanceCount.judge(0, 0, 0, 0.1, 0.95);
        assertEquals(new ExceedanceCount.Outcome(Verdict.INCONCLUSIVE, 0, 0, 0, null), none);
    }

    /** The linear-scale summaries are of 10^log10 values: 1 and 10 have mean 5.5. */
    @Test
    void cellResultSummarisesTheLinearValues() {
        Cell c = cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, LossKind.QUADRATIC);
        CellResult r = CellResult.of(0, c, new double[] {0, 1}, new double[] {1, 2}, 0.95, 4);
        assertEquals(5.5, r.rFwd().mean(), 1e-12);
        assertEquals(55, r.rBwd().mean(), 1e-12);
        assertEquals(0.5, r.log10RFwdSummary().mean(), 0.0);
        assertEquals(0, r.log10HRatioSummary().n());
        assertEquals(Bounds.exactMean(0.5, 0.5, 4), Oracles.exactMeanRFwd(c), 0.0);
    }
}
