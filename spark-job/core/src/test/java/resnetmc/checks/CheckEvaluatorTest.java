package resnetmc.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
import resnetmc.theory.Bounds;
import resnetmc.theory.HypothesisConstants;

/**
 * Verdict logic on synthetic samples whose answer is known by construction: the count procedure alone
 * ({@link CheckEvaluator#countingOnly}; the synthetic samples are not draws of the cells' law, which the exact
 * method would judge instead), then the exact method on the cells' true law.
 */
class CheckEvaluatorTest {
    private static final double[] DELTAS = {0.1};
    private final CheckEvaluator evaluator = new CheckEvaluator(DELTAS, 0.95, HypothesisConstants.CKind.DIMENSION)
            .countingOnly();

    private static Cell cell(Architecture arch, Activation act, int d, int depth, double beta) {
        return new Cell(arch, act, WeightDistribution.GAUSSIAN, d, depth, new Scaling.Beta(beta),
                InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE);
    }

    private static CellResult result(int index, Cell cell, double[] log10r) {
        return CellResult.of(index, cell, log10r, log10r, 0.95, 10);
    }

    private static double[] constant(int n, double log10r) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, log10r);
        return x;
    }

    private static CheckRow find(List<CheckRow> rows, String statement) {
        return rows.stream().filter(r -> r.statement().equals(statement)).findFirst().orElseThrow();
    }

    /** Prop. 2 at L alpha^2 = 1, delta = 0.1: bound 2/0.1 = 20. All trials at 100: violated; at 0.5: holds. */
    @Test
    void prop2Verdicts() {
        Cell c = cell(Architecture.RES_3, Activation.RELU, 8, 16, 0.5);
        CheckRow bad = find(evaluator.evaluate(List.of(result(0, c, constant(1000, 2.0)))), "prop2");
        assertEquals(Verdict.VIOLATED, bad.verdict());
        assertEquals(1000, bad.exceedances());
        assertEquals(20.0, bad.boundHigh(), 1e-9);
        CheckRow good = find(evaluator.evaluate(List.of(result(0, c, constant(1000, Math.log10(0.5))))), "prop2");
        assertEquals(Verdict.HOLDS, good.verdict());
        assertEquals(0, good.exceedances());
        // With 10 trials the Clopper-Pearson upper end for 0/10 is 1 - 0.025^(1/10) = 0.31 > 0.1.
        CheckRow few = find(evaluator.evaluate(List.of(result(0, c, constant(10, Math.log10(0.5))))), "prop2");
        assertEquals(Verdict.INCONCLUSIVE, few.verdict());
    }

    @Test
    void preconditionsAreNamed() {
        List<CheckRow> rows = evaluator.evaluate(List.of(result(0, cell(Architecture.RES_1, Activation.RELU, 8, 16, 0.5),
                constant(50, 0.0))));
        for (CheckRow r : rows) {
            assertEquals(Verdict.NOT_APPLICABLE, r.verdict());
            assertTrue(r.precondition() != null && !r.precondition().isEmpty());
        }
        assertTrue(find(rows, "lemma1").precondition().contains("Hypothesis 2"));
        // L alpha^2 = 64^(1 - 2 * 0.25) = 8 > 1: Prop. 2 does not apply.
        List<CheckRow> deep = evaluator.evaluate(List.of(result(0, cell(Architecture.RES_3, Activation.RELU, 8, 64, 0.25),
                constant(50, 0.0))));
        assertTrue(find(deep, "prop2").precondition().startsWith("L alpha^2 = 8"), find(deep, "prop2").precondition());
        assertTrue(find(deep, "prop3-i").precondition().contains("d = 8 < 64"));
    }

    /**
     * Lemma 1 as an equivalence test with tolerance 0.05 (res-3 attains the lower bound). Two-point
     * samples m (1 +- 0.1) of 1000 trials have a mean interval of half-width about
     * t * 0.1 m / sqrt(1000) = 0.011 m (t ~ 3.4 at the row level): at m = 0.98 lower the interval lies
     * inside [0.95 lower, upper] (holds, though wholly below the bound: within the tolerance); at
     * m = 0.9 lower it lies wholly below 0.95 lower (violated: the old code said holds here); at
     * m = 0.955 lower it straddles 0.95 lower (inconclusive).
     */
    @Test
    void lemma1IsAnEquivalenceTestWithTolerance() {
        Cell c = cell(Architecture.RES_3, Activation.RELU, 8, 16, 0.5);
        double lower = Bounds.lemma1Lower(c.alpha(), 16);
        double[][] cases = {{0.98, 0}, {0.90, 1}, {0.955, 2}};
        for (double[] cs : cases) {
            int n = 1000;
            double m = cs[0] * lower;
            double[] log10r = new double[n];
            for (int i = 0; i < n; i++) {
                log10r[i] = Math.log10(m * (1 + (i % 2 == 0 ? 0.1 : -0.1)));
            }
            CheckRow row = find(evaluator.evaluate(List.of(result(0, c, log10r))), "lemma1");
            assertTrue(row.ciHigh() < lower, "wholly below the lower bound");
            assertEquals(MeanEquivalence.METHOD, row.method());
            assertEquals(0.05, row.tolerance());
            Verdict expected = cs[1] == 0 ? Verdict.HOLDS : cs[1] == 1 ? Verdict.VIOLATED : Verdict.INCONCLUSIVE;
            assertEquals(expected, row.verdict(), row.detail());
        }
    }

    /** The quickstart failure: two trials never give a mean verdict, however close they are. */
    @Test
    void twoTrialsAreInconclusive() {
        Cell c = cell(Architecture.RES_3, Activation.RELU, 32, 8, 0.25);
        double lower = Bounds.lemma1Lower(c.alpha(), 8);
        double[] two = {Math.log10(0.1 * lower), Math.log10(0.1000001 * lower)};
        CheckRow row = find(evaluator.evaluate(List.of(result(0, c, two))), "lemma1");
        assertEquals(Verdict.INCONCLUSIVE, row.verdict());
        assertTrue(row.detail().contains("n = 2 < 50"), row.detail());
    }

    /**
     * Corollary 1 (iii) at d = 64, delta = 0.1: the lower bound exp(3/8 - sqrt(22/6.4)) - 1 = -0.77 is
     * vacuous and the detail says so; the upper one e^(1 + sqrt(10/6.4)) + 1 = 10.49 is checked, and
     * the slack is that side's. Prop. 3 (i) at beta = 1 (L alpha^2 = 1/800) has a bound
     * exp(3/6400 - sqrt(11/(800 * 6.4))) - 1 < 0 and no other side: vacuous.
     */
    @Test
    void vacuousSidesAreNamed() {
        Cell crit = cell(Architecture.RES_3, Activation.RELU, 64, 800, 0.5);
        CheckRow cor = find(evaluator.evaluate(List.of(result(0, crit, constant(100, 0.0)))), "cor1");
        assertTrue(cor.boundLow() < 0 && cor.boundHigh() > 10 && cor.boundHigh() < 11, cor.toString());
        assertTrue(cor.detail().contains("vacuous"), cor.detail());
        assertNotEquals(Verdict.VACUOUS, cor.verdict());
        assertEquals("upper", cor.slack().side());
        // All 100 trials at r = 1: the 0.9 quantile is 1, slack = bound / 1.
        assertEquals(cor.boundHigh(), cor.slack().slack(), 1e-9 * cor.boundHigh());
        Cell stable = cell(Architecture.RES_3, Activation.RELU, 64, 800, 1.0);
        CheckRow p3i = find(evaluator.evaluate(List.of(result(0, stable, constant(100, -3.0)))), "prop3-i");
        assertTrue(p3i.precondition() == null && p3i.boundLow() < 0, p3i.toString());
        assertEquals(Verdict.VACUOUS, p3i.verdict());
        assertTrue(Double.isNaN(p3i.rowConfidence()));
    }

    /** Corollary 1, beta = 1: means of log10 r_fwd falling with L hold; rising ones are violated. */
    @Test
    void corollaryTrend() {
        SplittableRandom rng = new SplittableRandom(5);
        for (double slope : new double[] {-1.0, 1.0}) {
            List<CellResult> group = new ArrayList<>();
            int[] depths = {10, 100, 1000};
            for (int i = 0; i < depths.length; i++) {
                double[] x = new double[200];
                for (int t = 0; t < x.length; t++) {
                    x[t] = slope * Math.log10(depths[i]) + 0.3 * (rng.nextDouble() - 0.5);
                }
                group.add(result(i, cell(Architecture.RES_3, Activation.RELU, 16, depths[i], 1.0), x));
            }
            CheckRow cor = find(evaluator.evaluate(group), "cor1");
            assertEquals(2, cor.cell()); // attached to the deepest cell
            assertEquals(slope, cor.statistic(), 0.05);
            assertEquals(slope < 0 ? Verdict.HOLDS : Verdict.VIOLATED, cor.verdict());
        }
        // beta = 1/2 at d = 16: the critical-case bounds need d >= 64.
        CheckRow crit = find(evaluator.evaluate(List.of(result(0, cell(Architecture.RES_3, Activation.RELU, 16, 100, 0.5),
                constant(20, 0.0)))), "cor1");
        assertEquals(Verdict.NOT_APPLICABLE, crit.verdict());
        assertTrue(crit.precondition().contains("d = 16 < 64"));
    }

    /** Correlated weights break the independence the statements assume: every check is not applicable. */
    @Test
    void correlatedWeightsAreNotApplicable() {
        Cell fbm = new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, 8, 16, new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE,
                new WeightProcess.Fbm(0.3));
        for (CheckRow r : evaluator.evaluate(List.of(result(0, fbm, constant(50, 0.0))))) {
            assertEquals(Verdict.NOT_APPLICABLE, r.verdict());
            assertTrue(r.precondition().startsWith("Hypothesis 1"), r.precondition());
        }
        assertTrue(Double.isNaN(Oracles.exactMeanRFwd(fbm)));
    }

    /**
     * A heavy-tailed sample (log10 r with sd 2, as at beta = 0.05, L = 1000) makes the normal interval of
     * the mean meaningless: Lemma 1 is inconclusive, never violated, even when the sample mean is far
     * below the lower bound.
     */
    @Test
    void heavyTailsAreInconclusive() {
        Cell c = cell(Architecture.RES_3, Activation.RELU, 8, 16, 0.5);
        double[] log10r = new double[60];
        for (int i = 0; i < log10r.length; i++) {
            log10r[i] = -3 + 4.0 * (i % 2 == 0 ? 1 : -1); // sd ~ 4, mean r far below any bound
        }
        CheckRow row = find(evaluator.evaluate(List.of(result(0, c, log10r))), "lemma1");
        assertEquals(Verdict.INCONCLUSIVE, row.verdict());
        assertTrue(row.detail().contains("skewness guard"), row.detail());
    }

    @Test
    void bonferroniLevel() {
        assertEquals(1 - 0.05 / 20, CheckEvaluator.bonferroni(0.95, 20), 1e-15);
        List<CheckRow> rows = evaluator.evaluate(List.of(result(0, cell(Architecture.RES_3, Activation.RELU, 8, 16, 0.5),
                constant(5, 0))));
        // Rows that can decide: lemma1 and prop2 (L alpha^2 = 1); prop3-i (d < 64), prop3-ii (alpha^2 = 1/16 too
        // large) and cor1 (d < 64) are not applicable. m = 2.
        assertEquals(2, evaluator.decidingRows());
        assertEquals(1 - 0.05 / 2, evaluator.rowConfidence(), 1e-15);
        assertEquals(0.95, evaluator.familyConfidence());
        for (CheckRow r : rows) {
            assertEquals(0.95, r.familyConfidence());
            assertEquals(r.applicable() ? 1 - 0.05 / 2 : Double.NaN, r.rowConfidence(), 1e-15);
        }
    }
    /**
     * Lemma 1 past double range: res-3, d = 64, L = 10^6, beta = 1/4 (alpha^2 = 1e-3): log10 of the
     * lower bound is 10^6 log10(1 + 5e-4) = 217.1, of the upper one 10^6 log10(1 + 1e-3) = 434.1 (the
     * upper bound itself overflows to Infinity). Trials around 10^300 (a 1% spread) lie inside: holds;
     * trials around 10^500 lie outside: violated, with the mean's log10 in the detail. Prop. 3 (ii) applies
     * (alpha^2 = 1e-3 <= 1/(sqrt(C(64)) (64 + 128)) = 4.7e-3) and its bound e^(1000 + sqrt(5000/6.4)) + 1
     * = 10^446.4 overflows: compared in log10, 200 trials below it hold (0 of 200, Clopper-Pearson upper
     * end about ln(2m/a)/200 < 0.1), 200 trials above it are violated.
     */
    @Test
    void lemma1BeyondDoubleRange() {
        Cell c = cell(Architecture.RES_3, Activation.RELU, 64, 1_000_000, 0.25);
        for (double center : new double[] {300, 500}) {
            double[] log10r = new double[200];
            for (int i = 0; i < log10r.length; i++) {
                log10r[i] = center + Math.log10(1 + (i % 2 == 0 ? 0.01 : -0.01));
            }
            CheckRow row = find(evaluator.evaluate(List.of(result(0, c, log10r))), "lemma1");
            assertEquals(Double.POSITIVE_INFINITY, row.boundHigh());
            assertEquals(center == 300 ? Verdict.HOLDS : Verdict.VIOLATED, row.verdict(), row.detail());
            assertEquals(200, row.n());
            if (center == 500) {
                assertTrue(row.detail().contains("log10 mean = 500"), row.detail());
            }
            CheckRow p3 = evaluator.evaluate(List.of(result(0, c, log10r))).stream()
                    .filter(k -> k.statement().equals("prop3-ii") && k.delta() == 0.1).findFirst().orElseThrow();
            assertEquals(Double.POSITIVE_INFINITY, p3.boundHigh());
            assertTrue(p3.detail().contains("beyond double range, compared in log10: 446."), p3.detail());
            assertEquals(center == 300 ? Verdict.HOLDS : Verdict.VIOLATED, p3.verdict(), p3.detail());
        }
    }

    /**
     * Unknown (NaN) trials count on both sides: 0 known exceedances of 1000 would hold at delta = 0.1, but
     * 150 unknown ones could all be outside (upper end > 0.15 > delta), and could all be inside (lower end
     * 0): inconclusive, and the detail says so.
     */
    @Test
    void unknownTrialsCountOnBothSides() {
        ExceedanceCount.Outcome o = ExceedanceCount.judge(0, 150, 1000, 0.1, 0.95);
        assertEquals(Verdict.INCONCLUSIVE, o.verdict());
        assertEquals(0.0, o.interval().low());
        assertTrue(o.interval().high() > 0.15);
        assertEquals(Verdict.HOLDS, ExceedanceCount.judge(0, 0, 1000, 0.1, 0.95).verdict());
        Cell c = cell(Architecture.RES_3, Activation.RELU, 8, 16, 0.5);
        double[] log10r = constant(1000, Math.log10(0.5));
        for (int i = 0; i < 150; i++) {
            log10r[i] = Double.NaN;
        }
        CheckRow row = find(evaluator.evaluate(List.of(result(0, c, log10r))), "prop2");
        assertEquals(Verdict.INCONCLUSIVE, row.verdict());
        assertTrue(row.detail().contains("150 trials with no finite value"), row.detail());
        CheckRow lemma = find(evaluator.evaluate(List.of(result(0, c, log10r))), "lemma1");
        assertEquals(Verdict.INCONCLUSIVE, lemma.verdict());
        assertTrue(lemma.detail().contains("150 trials have no finite value"), lemma.detail());
    }

    /**
     * Slack of Prop. 2 at delta = 0.1 (bound 20) on r = 1, 2, ..., 100 in random trial order: the type-7
     * 0.9 quantile of log10 r is at h = 99 * 0.9 = 89.1, so q = 90^0.9 91^0.1 = 90.0995 (interpolated in
     * log10, i.e. geometrically), slack = 20 / q < 1 (the bound is exceeded), and the
     * interval of the slack is bound / [X_(u), X_(l)] of the quantile's order-statistic interval.
     */
    @Test
    void slackOfAnUpperBound() {
        Cell c = cell(Architecture.RES_3, Activation.RELU, 8, 16, 0.5);
        double[] log10r = new double[100];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 100; i++) {
            log10r[i] = Math.log10(i + 1);
        }
        for (int i = 99; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double t = log10r[i];
            log10r[i] = log10r[j];
            log10r[j] = t;
        }
        CheckRow row = find(evaluator.evaluate(List.of(result(0, c, log10r))), "prop2");
        Slack s = row.slack();
        assertEquals("upper", s.side());
        assertEquals(0.9, s.p(), 1e-15);
        double q = Math.pow(90, 0.9) * Math.pow(91, 0.1);
        assertEquals(q, s.quantile(), 1e-9);
        assertEquals(20 / q, s.slack(), 1e-9);
        assertEquals(20 / s.quantileHigh(), s.slackLow(), 1e-9);
        assertEquals(20 / s.quantileLow(), s.slackHigh(), 1e-9);
        assertTrue(s.quantileLow() < q && s.quantileHigh() > q);
        assertEquals(row.rowConfidence(), s.confidence());
    }

    /**
     * The exact method on the true law of a Gaussian res-3 cell (d = 64, L = 100, beta = 1/2, L alpha^2 = 1):
     * Prop. 2 at delta = 1e-6 claims r_fwd <= 2e6; P(r_fwd >= 2e6) <= P(rho >= 1413), where log rho^2 has
     * mean ~0.5 and sd sqrt(2/64): the Chernoff bound is below 1e-300, so the row holds with no sampling
     * error whatever the (here: only 20) trials, and leaves the Bonferroni divisor. At beta = 1 (L alpha^2 =
     * 0.01) and delta = 0.1 the bound 0.2 is below (rho + 1)^2 >= ~4: the exact bound is 1, the row counts.
     */
    @Test
    void exactDecidesFarTails() {
        CheckEvaluator exact = new CheckEvaluator(new double[] {1e-6, 0.1}, 0.95, HypothesisConstants.CKind.DIMENSION);
        Cell crit = cell(Architecture.RES_3, Activation.RELU, 64, 100, 0.5);
        Cell stable = cell(Architecture.RES_3, Activation.RELU, 64, 100, 1.0);
        List<CellResult> results = List.of(result(0, crit, constant(20, Math.log10(0.65))),
                result(1, stable, constant(20, Math.log10(0.01))));
        List<CheckRow> rows = exact.evaluate(results);
        CheckRow p2 = rows.stream().filter(r -> r.cell() == 0 && r.statement().equals("prop2") && r.delta() == 1e-6)
                .findFirst().orElseThrow();
        assertEquals(Verdict.HOLDS, p2.verdict(), p2.detail());
        assertEquals("exact", p2.method());
        assertTrue(p2.ciHigh() < 1e-300, p2.detail());
        assertTrue(Double.isNaN(p2.rowConfidence()));
        CheckRow counted = rows.stream().filter(r -> r.cell() == 1 && r.statement().equals("prop2") && r.delta() == 0.1)
                .findFirst().orElseThrow();
        assertEquals("count", counted.method());
        long exactRows = rows.stream().filter(r -> "exact".equals(r.method())).count();
        assertTrue(exactRows >= 1);
        CheckEvaluator counting = exact.countingOnly();
        counting.evaluate(results);
        assertEquals(counting.decidingRows() - exactRows, exact.decidingRows());
        // counting alone cannot decide delta = 1e-6 with 20 trials
        CheckRow p2count = counting.evaluate(results).stream()
                .filter(r -> r.cell() == 0 && r.statement().equals("prop2") && r.delta() == 1e-6).findFirst().orElseThrow();
        assertEquals(Verdict.INCONCLUSIVE, p2count.verdict());
    }
}
