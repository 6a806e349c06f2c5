package resnetmc.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.stats.ClopperPearson;
import resnetmc.stats.MeanInterval;
import resnetmc.stats.WeightedSlope;
import resnetmc.theory.HypothesisConstants;

/**
 * {@link CheckEvaluator} on synthetic samples at the edges of its rules: ties with a bound (Prop. 2's bound
 * is "<=", the others strict), unknown trials, which side's slack a two-sided row reports, and the
 * Corollary 1 slope row's preconditions and interval. No sampling: every expected value follows from the
 * constructed sample.
 */
class CheckEvaluatorEdgeCasesTest {
    /** Counting only: these rows are synthetic samples, not draws of the cell's law, which the exact method reads. */
    private final CheckEvaluator evaluator = new CheckEvaluator(new double[] {0.1}, 0.95,
            HypothesisConstants.CKind.DIMENSION).countingOnly();

    /**
     * d = 2048, L = 30000, beta = 1/2: every precondition of Prop. 2, 3 and Cor. 1 holds (Cor. 1 needs
     * L >= (sqrt(C)/2 + 2 sqrt(C) + 8) d + 96 sqrt(C) ~ 21600 with C = C(2048) ~ 1.006), and Cor. 1's lower
     * bound exp(3/8 - sqrt(22/204.8)) - 1 = 0.048 is positive, so its row has both sides.
     */
    private static Cell wide(int depth, double beta) {
        return new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, 2048, depth,
                new Scaling.Beta(beta), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE);
    }

    private static Cell narrow(int d, int depth, double beta) {
        return new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, d, depth,
                new Scaling.Beta(beta), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE);
    }

    private List<CheckRow> rows(Cell c, double[] log10r) {
        return evaluator.evaluate(List.of(CellResult.of(0, c, log10r, log10r, 0.95, 10)));
    }

    private static CheckRow find(List<CheckRow> rows, String statement) {
        return rows.stream().filter(r -> r.statement().equals(statement)).findFirst().orElseThrow();
    }

    private static double[] constant(int n, double x) {
        double[] a = new double[n];
        Arrays.fill(a, x);
        return a;
    }

    @Test
    void tiesWithTheBound() {
        Cell c = wide(30000, 0.5);
        List<CheckRow> probe = rows(c, constant(100, Math.log10(0.5)));
        CheckRow p2 = find(probe, "prop2");
        CheckRow p3i = find(probe, "prop3-i");
        CheckRow p3ii = find(probe, "prop3-ii");
        assertNull(p2.precondition());
        assertNull(p3i.precondition());
        assertNull(p3ii.precondition());
        // prop2: r_fwd <= bound, a trial on the bound is inside
        assertEquals(0, find(rows(c, constant(100, StrictMath.log10(p2.boundHigh()))), "prop2").exceedances());
        // prop3-ii: r_fwd < bound strictly, a trial on the bound is outside
        CheckRow onHigh = find(rows(c, constant(100, StrictMath.log10(p3ii.boundHigh()))), "prop3-ii");
        assertEquals(100, onHigh.exceedances());
        assertEquals(1.0, onHigh.statistic(), 0.0);
        // prop3-i: r_fwd > bound strictly, a trial on the bound is outside
        CheckRow onLow = find(rows(c, constant(100, StrictMath.log10(p3i.boundLow()))), "prop3-i");
        assertEquals(100, onLow.exceedances());
        assertEquals(Verdict.VIOLATED, onLow.verdict());
        // just inside each bound: nothing outside
        assertEquals(0, find(rows(c, constant(100, Math.nextUp(StrictMath.log10(p3i.boundLow())))), "prop3-i")
                .exceedances());
        assertEquals(0, find(rows(c, constant(100, Math.nextDown(StrictMath.log10(p3ii.boundHigh())))), "prop3-ii")
                .exceedances());
    }

    /** 10 of 200 trials above Prop. 2's bound of 20 and 30 unknown: k = 10 for the low end, 40 for the high. */
    @Test
    void unknownTrialsCountOnBothSides() {
        Cell c = wide(30000, 0.5);
        double[] x = constant(200, 0.0);
        Arrays.fill(x, 0, 10, 2.0); // r = 100 > 20
        Arrays.fill(x, 10, 40, Double.NaN);
        List<CheckRow> rows = rows(c, x);
        CheckRow p2 = find(rows, "prop2");
        assertEquals(10, p2.exceedances());
        assertEquals(200, p2.n());
        assertEquals(10.0 / 200, p2.statistic(), 0.0);
        double level = p2.rowConfidence();
        assertEquals(ClopperPearson.of(10, 200, level).low(), p2.ciLow(), 0.0);
        assertEquals(ClopperPearson.of(40, 200, level).high(), p2.ciHigh(), 0.0);
        assertTrue(p2.detail().contains("; 30 trials with no finite value counted on both sides"), p2.detail());
        // the mean row counts every trial and says the mean is not known
        CheckRow mean = find(rows, "lemma1");
        assertEquals(200, mean.n());
        assertEquals(Verdict.INCONCLUSIVE, mean.verdict());
        assertTrue(mean.detail().contains("over 200 trials"), mean.detail());
    }

    /** A sample beyond double range: the mean row reports it in log10. */
    @Test
    void meanBeyondDoubleRange() {
        CheckRow mean = find(rows(wide(30000, 0.5), constant(60, 400.0)), "lemma1");
        assertEquals(Double.POSITIVE_INFINITY, mean.statistic());
        assertTrue(mean.detail().contains("; beyond double range: log10 mean = 400.000"), mean.detail());
        assertEquals(60, mean.n());
    }

    /**
     * Cor. 1 at beta = 1/2 has bounds 0.048 and exp(1 + sqrt(10/204.8)) + 1 = 4.39. All trials at r = 0.5:
     * lower slack 0.5 / 0.048 ~ 10 and upper 4.39 / 0.5 ~ 8.8, the row reports the upper; at r = 0.2 the
     * lower (4.1 against 22).
     */
    @Test
    void twoSidedRowReportsTheSmallerSlack() {
        Cell c = wide(30000, 0.5);
        CheckRow at05 = find(rows(c, constant(100, Math.log10(0.5))), "cor1");
        assertNull(at05.precondition());
        assertEquals(Verdict.HOLDS, at05.verdict());
        assertEquals("upper", at05.slack().side());
        assertEquals(at05.boundHigh() / 0.5, at05.slack().slack(), 1e-9);
        CheckRow at02 = find(rows(c, constant(100, Math.log10(0.2))), "cor1");
        assertEquals("lower", at02.slack().side());
        assertEquals(0.2 / at02.boundLow(), at02.slack().slack(), 1e-9);
        // one-sided rows report their own side
        assertEquals("upper", find(rows(c, constant(100, Math.log10(0.5))), "prop2").slack().side());
        assertEquals("lower", find(rows(c, constant(100, Math.log10(0.5))), "prop3-i").slack().side());
    }

    /** d = 64: Cor. 1's lower bound exp(3/8 - sqrt(22/6.4)) - 1 at beta = 1/2 is < 0, a vacuous side. */
    @Test
    void vacuousLowerSideIsNamed() {
        List<CheckRow> rows = rows(narrow(64, 30000, 0.5), constant(100, 0.0));
        CheckRow cor1 = find(rows, "cor1");
        assertTrue(cor1.boundLow() <= 0, "exp(3/8 - sqrt(22/6.4)) - 1 < 0");
        assertTrue(cor1.detail().contains("the lower bound") && cor1.detail().contains("<= 0 is vacuous"), cor1.detail());
        assertEquals("upper", cor1.slack().side());
    }

    /**
     * Two depths, 50 trials each (exactly the minimum), log10 r_fwd alternating m +- 0.1 with m = 0 at L = 4
     * and m = -1 at L = 16: the slope is -1 / log10 4 whatever the weights (two points), its interval the
     * slope -+ z se of the weighted fit; beta = 3/4 predicts a negative slope (holds), beta = 1/4 a positive
     * one (violated).
     */
    @Test
    void slopeRow() {
        for (double beta : new double[] {0.75, 0.25}) {
            Cell shallow = narrow(9, 4, beta);
            Cell deep = narrow(9, 16, beta);
            double[] a = alternating(50, 0.0);
            double[] b = alternating(50, -1.0);
            List<CheckRow> rows = evaluator.evaluate(List.of(CellResult.of(0, shallow, a, a, 0.95, 10),
                    CellResult.of(1, deep, b, b, 0.95, 10)));
            CheckRow cor1 = find(rows, "cor1");
            assertNull(cor1.precondition(), "d = 9 is enough for beta < 1/2");
            assertEquals(1, cor1.cell());
            double slope = -1 / Math.log10(4);
            assertEquals(slope, cor1.statistic(), 1e-12);
            double se = Math.sqrt(50.0 / 49) * 0.1 / Math.sqrt(50); // sd (divisor n - 1) over sqrt n
            WeightedSlope.Estimate fit = WeightedSlope.fit(new double[] {Math.log10(4), Math.log10(16)},
                    new double[] {0, -1}, new double[] {se, se});
            double z = MeanInterval.z(cor1.rowConfidence());
            assertEquals(slope - z * fit.standardError(), cor1.ciLow(), 1e-9);
            assertEquals(slope + z * fit.standardError(), cor1.ciHigh(), 1e-9);
            assertEquals(beta > 0.5 ? Verdict.HOLDS : Verdict.VIOLATED, cor1.verdict());
            assertTrue(cor1.detail().startsWith("slope of mean log10 r_fwd against log10 L over L = 4,16; beta "
                    + (beta > 0.5 ? "> 1/2 predicts a slope < 0" : "< 1/2 predicts a slope > 0")), cor1.detail());
            assertEquals("weighted-slope", cor1.method());
        }
    }

    @Test
    void slopeRowPreconditionsAndSmallSamples() {
        // one depth only
        CheckRow one = find(evaluator.evaluate(List.of(CellResult.of(0, narrow(9, 4, 0.75), alternating(50, 0),
                alternating(50, 0), 0.95, 10))), "cor1");
        assertEquals("needs at least two depths in the grid", one.precondition());
        // beta < 1/2 needs d >= 9
        CheckRow d8 = find(twoDepths(8, 0.25, 50), "cor1");
        assertEquals("d = 8 < 9", d8.precondition());
        assertEquals(Verdict.NOT_APPLICABLE, d8.verdict());
        // beta > 1/2 has no width condition
        assertNull(find(twoDepths(8, 0.75, 50), "cor1").precondition());
        // 49 < 50 trials at a depth: inconclusive, said so
        CheckRow few = find(twoDepths(9, 0.75, 49), "cor1");
        assertEquals(Verdict.INCONCLUSIVE, few.verdict());
        assertTrue(few.detail().endsWith("; 49 < 50 trials at some depth: no valid interval"), few.detail());
        // an explicit alpha is not alpha = L^-beta: Cor. 1 does not apply
        Cell explicit = new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, 9, 4,
                new Scaling.Explicit(0.1), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE);
        CheckRow ex = find(evaluator.evaluate(List.of(CellResult.of(0, explicit, alternating(50, 0),
                alternating(50, 0), 0.95, 10))), "cor1");
        assertEquals("needs alpha = L^-beta (grid.beta)", ex.precondition());
        assertEquals(evaluator.settings(), CheckSettings.of(new double[] {0.1}, 0.95,
                HypothesisConstants.CKind.DIMENSION));
    }

    private List<CheckRow> twoDepths(int d, double beta, int n) {
        return evaluator.evaluate(List.of(CellResult.of(0, narrow(d, 4, beta), alternating(n, 0), alternating(n, 0),
                0.95, 10), CellResult.of(1, narrow(d, 16, beta), alternating(n, -1), alternating(n, -1), 0.95, 10)));
    }

    private static double[] alternating(int n, double m) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = m + (i % 2 == 0 ? 0.1 : -0.1);
        }
        return x;
    }
}
