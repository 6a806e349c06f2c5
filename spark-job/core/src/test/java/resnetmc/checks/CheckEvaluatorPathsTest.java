package resnetmc.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.stats.LogMoments;
import resnetmc.theory.Bounds;
import resnetmc.theory.HypothesisConstants;
import resnetmc.theory.normlaw.ExactTail;

/**
 * {@link CheckEvaluator} paths the other tests do not reach: rows decided by the exact norm law (and the
 * cache of those decisions), an upper bound beyond double range (a vacuous side), groups given out of depth
 * order, the width limit d >= 9 of Corollary 1 at beta < 1/2, the first round of {@code trials = auto},
 * empty cells, the words of the rows' details, and a slope whose fit fails. Deterministic: synthetic samples,
 * and the exact rows are compared with {@link ExactTail} itself.
 */
class CheckEvaluatorPathsTest {

    /**
     * Each test starts with empty exact caches, so the code that fills them runs in every test (also under a
     * mutation tool, which keeps the statics of the class across mutants in one JVM).
     */
    @BeforeEach
    void clearExactCaches() {
        CheckEvaluator.clearExactCaches();
    }

    private static Cell cell(int d, int depth, double beta, Sampler sampler) {
        return new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, d, depth,
                new Scaling.Beta(beta), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, sampler);
    }

    private static CellResult result(int index, Cell c, double[] log10r) {
        return CellResult.of(index, c, log10r, log10r, 0.95, 10);
    }

    private static double[] constant(int n, double x) {
        double[] a = new double[n];
        Arrays.fill(a, x);
        return a;
    }

    private static CheckRow find(List<CheckRow> rows, String statement, double delta) {
        return rows.stream().filter(r -> r.statement().equals(statement)
                && (Double.isNaN(delta) ? Double.isNaN(r.delta()) : r.delta() == delta)).findFirst().orElseThrow();
    }

    private static CheckEvaluator counting(double... deltas) {
        return new CheckEvaluator(deltas, 0.95, HypothesisConstants.CKind.DIMENSION).countingOnly();
    }

    /**
     * res-3 ReLU, d = 256, L = 3000, beta = 1/2, Gaussian i.i.d. weights (an exact norm law), delta = 0.5 and
     * 0.01. Every exceedance row that decides is bracketed by ExactTail's Chernoff bound on the same sides
     * (a lower bound <= 0 is no side; Prop. 3 (ii)'s upper end is given in log10): exact exactly when that
     * bound is <= delta, with [0, bound] as its interval, and then left out of the Bonferroni divisor. A second
     * evaluation (the cached decisions) gives the same rows; counting only, no row is exact.
     */
    @Test
    void exactRowsAreTheChernoffBracket() {
        Cell c = cell(256, 3000, 0.5, Sampler.CHAIN);
        double alpha = c.alpha();
        double[] deltas = {0.5, 0.01};
        CheckEvaluator ev = new CheckEvaluator(deltas, 0.95, HypothesisConstants.CKind.DIMENSION);
        List<CellResult> in = List.of(result(0, c, constant(60, StrictMath.log10(0.65))));
        List<CheckRow> rows = ev.evaluate(in);
        ExactTail law = ExactTail.of(c);
        int exact = 0;
        int counted = 0;
        int lowSides = 0;
        for (CheckRow r : rows) {
            if (r.precondition() != null || r.verdict() == Verdict.VACUOUS || Double.isNaN(r.delta())) {
                continue;
            }
            double low = r.boundLow() > 0 ? r.boundLow() : Double.NaN;
            double l10High = r.statement().equals("prop3-ii")
                    ? Bounds.log10Prop3UpperBound(alpha, c.depth(), c.width(), r.delta())
                    : StrictMath.log10(r.boundHigh());
            double bound = StrictMath.pow(10, law.log10Outside(low, l10High < Double.POSITIVE_INFINITY ? l10High
                    : Double.NaN, r.delta()));
            String where = r.statement() + " delta=" + r.delta();
            if (bound <= r.delta()) {
                exact++;
                assertEquals(ExactTail.METHOD, r.method(), where);
                assertEquals(Verdict.HOLDS, r.verdict(), where);
                assertEquals(bound, r.ciHigh(), 0.0, where);
                assertEquals(0.0, r.ciLow(), 0.0, where);
                assertTrue(r.detail().contains("decided exactly"), where);
            } else {
                counted++;
                assertEquals(ExceedanceCount.METHOD, r.method(), where);
                lowSides += r.boundLow() > 0 ? 1 : 0;
            }
        }
        assertTrue(exact > 0 && counted > 0 && lowSides > 0, "the case has exact rows and counted rows with a lower "
                + "side: " + exact + ", " + counted + ", " + lowSides);
        int deciding = ev.decidingRows();
        assertEquals(rows, ev.evaluate(in), "the cached decisions");
        CheckEvaluator countOnly = ev.countingOnly();
        List<CheckRow> countedRows = countOnly.evaluate(in);
        assertTrue(countedRows.stream().noneMatch(r -> ExactTail.METHOD.equals(r.method())));
        assertEquals(deciding + exact, countOnly.decidingRows());
    }

    /**
     * exactLaw keeps one ExactTail per cell (the tails rows reuse the sides the checks minimised), and the test
     * hook clearExactCaches drops it: the next call builds a new instance. res-1 identity, d = 16, L = 4.
     */
    @Test
    void exactLawIsKeptUntilTheCachesAreCleared() {
        Cell c = new Cell(Architecture.RES_1, Activation.IDENTITY, WeightDistribution.GAUSSIAN, 16, 4,
                new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, Sampler.CHAIN);
        ExactTail first = CheckEvaluator.exactLaw(c).orElseThrow();
        assertSame(first, CheckEvaluator.exactLaw(c).orElseThrow());
        CheckEvaluator.clearExactCaches();
        ExactTail second = CheckEvaluator.exactLaw(c).orElseThrow();
        assertNotSame(first, second);
        assertEquals(first.law().meanRho2(), second.law().meanRho2(), 0.0);
    }

    /**
     * Corollary 1 (iii) at delta = 1e-10, d = 64, L = 800 (its preconditions hold: L >= 792 with C(64) = 1.199):
     * the upper bound exp(1 + sqrt(10/(d delta))) + 1 = e^39530 is beyond double range and the lower one
     * exp(3/8 - sqrt(22/(d delta))) - 1 is negative, so neither side checks anything: vacuous, and not among
     * the rows that decide.
     */
    @Test
    void boundsBeyondRangeLeaveAVacuousRow() {
        CheckEvaluator ev = counting(1e-10);
        List<CheckRow> rows = ev.evaluate(List.of(result(0, cell(64, 800, 0.5, Sampler.DENSE),
                constant(60, 0.0))));
        CheckRow cor1 = find(rows, "cor1", 1e-10);
        assertNull(cor1.precondition());
        assertEquals(Double.POSITIVE_INFINITY, cor1.boundHigh());
        assertEquals(Verdict.VACUOUS, cor1.verdict());
        assertTrue(cor1.detail().contains("the upper bound is infinite: that side checks nothing"), cor1.detail());
        assertTrue(cor1.detail().contains("the lower bound " + String.format(Locale.ROOT, "%.6g", cor1.boundLow())
                + " <= 0 is vacuous"), cor1.detail());
        long deciding = rows.stream().filter(r -> r.precondition() == null && r.verdict() != Verdict.VACUOUS).count();
        assertEquals(deciding, ev.decidingRows());
    }

    /** Results given deepest first: the group is sorted by depth, so the slope row belongs to the deepest cell. */
    @Test
    void groupsAreSortedByDepth() {
        List<CellResult> in = new ArrayList<>();
        in.add(result(0, cell(16, 40, 0.8, Sampler.DENSE), constant(60, -1.0)));
        in.add(result(1, cell(16, 10, 0.8, Sampler.DENSE), constant(60, -0.5)));
        in.add(result(2, cell(16, 20, 0.8, Sampler.DENSE), constant(60, -0.7)));
        CheckRow cor1 = find(counting(0.1).evaluate(in), "cor1", Double.NaN);
        assertEquals(0, cor1.cell());
        assertTrue(cor1.detail().contains("over L = 10,20,40"), cor1.detail());
    }

    /** beta < 1/2 needs d >= 9: d = 9 is allowed, d = 8 is not. */
    @Test
    void corollary1WidthLimit() {
        for (int d : new int[] {9, 8}) {
            List<CellResult> in = List.of(result(0, cell(d, 10, 0.3, Sampler.DENSE), constant(60, 0.5)),
                    result(1, cell(d, 20, 0.3, Sampler.DENSE), constant(60, 0.8)));
            CheckRow cor1 = find(counting(0.1).evaluate(in), "cor1", Double.NaN);
            if (d == 9) {
                assertNull(cor1.precondition());
            } else {
                assertEquals("d = 8 < 9", cor1.precondition());
            }
        }
    }

    /**
     * trials = auto, rounds of 50 doubling to 200: a cell stopped at round 0 (50 trials) is judged at the share
     * 2^-1 of its row's error, and the detail says so; 75 trials is no round's end.
     */
    @Test
    void firstRoundOfTrialsAuto() {
        TrialRounds rounds = new TrialRounds(50, 200);
        CheckEvaluator ev = new CheckEvaluator(CheckSettings.of(new double[] {0.1}, 0.95,
                HypothesisConstants.CKind.DIMENSION), rounds).countingOnly();
        assertSame(rounds, ev.rounds());
        List<CheckRow> rows = ev.evaluate(List.of(result(0, cell(16, 10, 0.5, Sampler.DENSE), constant(50, -0.3))));
        CheckRow p2 = find(rows, "prop2", 0.1);
        assertEquals(1 - (1 - ev.rowConfidence()) * 0.5, p2.rowConfidence(), 1e-15);
        assertTrue(p2.detail().contains("the row's error " + (1 - ev.rowConfidence()) + " spent over rounds of 50"),
                p2.detail());
        assertThrows(IllegalStateException.class,
                () -> ev.evaluate(List.of(result(0, cell(16, 10, 0.5, Sampler.DENSE), constant(75, -0.3)))));
    }

    /**
     * The mean row says whether it had a valid interval; the count row mentions unknown trials only when there
     * are some; a cell with no trials gives inconclusive rows with no slack.
     */
    @Test
    void detailsAndEmptyCells() {
        Cell c = cell(16, 10, 0.5, Sampler.DENSE);
        CheckEvaluator ev = counting(0.1);
        CheckRow few = find(ev.evaluate(List.of(result(0, c, constant(10, -0.3)))), "lemma1", Double.NaN);
        assertTrue(few.detail().contains("no level (none valid)"), few.detail());
        List<CheckRow> full = ev.evaluate(List.of(result(0, c, constant(60, -0.3))));
        assertTrue(find(full, "lemma1", Double.NaN).detail().contains("two-sided "));
        assertFalse(find(full, "prop2", 0.1).detail().contains("no finite value"));
        double[] withNaN = constant(60, -0.3);
        withNaN[7] = Double.NaN;
        assertTrue(find(ev.evaluate(List.of(result(0, c, withNaN))), "prop2", 0.1).detail()
                .contains("; 1 trials with no finite value counted on both sides"));
        CheckRow empty = find(ev.evaluate(List.of(result(0, c, new double[0]))), "prop2", 0.1);
        assertEquals(Verdict.INCONCLUSIVE, empty.verdict());
        assertEquals(0, empty.n());
        assertNull(empty.slack());
    }

    /** A depth whose trials are all unknown has no mean: the slope cannot be fitted, and the row says why. */
    @Test
    void slopeFitFailure() {
        List<CellResult> in = List.of(result(0, cell(16, 10, 0.8, Sampler.DENSE), constant(60, Double.NaN)),
                result(1, cell(16, 20, 0.8, Sampler.DENSE), constant(60, -0.8)));
        CheckRow cor1 = find(counting(0.1).evaluate(in), "cor1", Double.NaN);
        assertEquals(Verdict.INCONCLUSIVE, cor1.verdict());
        assertTrue(cor1.detail().contains("must be finite"), cor1.detail());
        assertTrue(Double.isNaN(cor1.statistic()));
    }

    /**
     * The skewness guard's message gives 1 + E (the inflation of the tail error): 49 values of 1 and one of
     * 1000 (log10 0 and 3) at n = 50 have sample skewness about 7, far past the guard.
     */
    @Test
    void skewnessGuardMessage() {
        LogMoments m = new LogMoments();
        for (int i = 0; i < 49; i++) {
            m.add(0.0);
        }
        m.add(3.0);
        MeanEquivalence.Outcome o = MeanEquivalence.judge(m, -1, 1, 0.1, 0.99, 50);
        assertEquals(Verdict.INCONCLUSIVE, o.verdict());
        assertTrue(o.skewGuard() > 1, "guard " + o.skewGuard());
        assertTrue(o.reason().contains(String.format(Locale.ROOT, "up to %.3g times", 1 + o.skewGuard())), o.reason());
    }

    /**
     * Round ends n_k = min(min 2^k, max) where 2^k min would pass max, and where it would overflow a long:
     * min = 1, max = 9 ends at 1, 2, 4, 8, 9; min = 2^40, max = 2^41 is at max from round 1 on (2^70 overflows),
     * and so is min = 2^40 + 1 at round 25, where min 2^25 would wrap to a small positive long.
     */
    @Test
    void trialRoundEnds() {
        TrialRounds r = new TrialRounds(1, 9);
        assertEquals(5, r.rounds());
        assertEquals(8, r.end(3));
        assertEquals(9, r.end(4));
        TrialRounds big = new TrialRounds(1L << 40, 1L << 41);
        assertEquals(1L << 41, big.end(1));
        assertEquals(1L << 41, big.end(30));
        assertEquals(1L << 41, big.end(70));
        // min 2^25 wraps to 2^25 here (2^65 + 2^25); the guard min > max >> k must catch it first
        long min = (1L << 40) + 1;
        long max = (1L << 41) + (1L << 37);
        assertEquals(max, new TrialRounds(min, max).end(25));
        // n_62 = min(2^62, max) = 2^62 when max is past it (the guard was k >= 62, which gave max there)
        TrialRounds huge = new TrialRounds(1, (1L << 62) + 1);
        assertEquals(1L << 62, huge.end(62));
        assertEquals((1L << 62) + 1, huge.end(63));
        assertEquals(64, huge.rounds());
    }

    /**
     * The exact quantile columns: the norm law's body quantiles at 5, 50, 95 % where the cell has a law (res-1
     * identity, d = 16, L = 4), null where it has none (tanh) or where the inversion would be too slow (ReLU at
     * d L = 6, whose layers' atoms make the law nearly discrete).
     */
    @Test
    void exactQuantileColumns() {
        Cell id = new Cell(Architecture.RES_1, Activation.IDENTITY, WeightDistribution.GAUSSIAN, 16, 4,
                new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, Sampler.DENSE);
        double[] q = Oracles.exactLog10HRatioQuantiles(id);
        double[] expected = resnetmc.theory.normlaw.NormRatioLaw.of(resnetmc.theory.normlaw.Branch.identityRes1(), 16, 4,
                id.alpha()).bodyQuantilesLog10Rho(0.05, 0.5, 0.95);
        assertEquals(3, q.length);
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], q[i], 0.0);
        }
        assertTrue(q[0] < q[1] && q[1] < q[2]);
        assertNull(Oracles.exactLog10HRatioQuantiles(new Cell(Architecture.RES_2, Activation.TANH,
                WeightDistribution.GAUSSIAN, 16, 4, new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION,
                Sampler.DENSE)));
        assertNull(Oracles.exactLog10HRatioQuantiles(cell(2, 3, 0.5, Sampler.DENSE)));
    }

    /** Rounds need 1 <= min <= max; both ends are allowed. */
    @Test
    void trialRoundsLimits() {
        assertEquals(1, new TrialRounds(1, 1).rounds());
        assertEquals(4, new TrialRounds(1, 8).rounds());
        assertEquals(1, new TrialRounds(5, 5).rounds());
        assertThrows(IllegalArgumentException.class, () -> new TrialRounds(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new TrialRounds(5, 4));
    }
}
