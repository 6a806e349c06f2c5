package resnetmc.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
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
import resnetmc.stats.BlockedSample;
import resnetmc.theory.HypothesisConstants;

/**
 * The checks on a bounded-memory sample ({@link BlockedSample} built with {@link CheckEvaluator#countThresholds})
 * give the exact path's counts, intervals and verdicts, and slack within the sketch's stated error with an
 * interval at least as wide, on synthetic samples placed around the bounds (expected values: the exact
 * path on the same values). Deterministic: the seed only chooses the samples.
 */
class BoundedCheckTest {
    private static final double[] DELTAS = {0.05, 0.2};

    private static Cell cell(int depth, double beta) {
        return new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, 64, depth,
                new Scaling.Beta(beta), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE);
    }

    /** log10 r_fwd spread over [-3, 2] so that every bound has trials on both sides, some of them ties. */
    private static double[] sample(long seed, int n, double[] bounds) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(50) == 0 ? bounds[rnd.nextInt(bounds.length)] : rnd.nextDouble(-3, 2);
        }
        x[3] = Double.NaN;
        return x;
    }

    private static CellResult bounded(int index, Cell c, double[] x, double[] thresholds) {
        BlockedSample s = new BlockedSample(thresholds);
        for (int b = 0; b * BlockedSample.BLOCK < x.length; b++) {
            s.addBlock(b, Arrays.copyOfRange(x, b * BlockedSample.BLOCK,
                    Math.min(x.length, (b + 1) * BlockedSample.BLOCK)));
        }
        return new CellResult(index, c, s, s.summary(0.95, 10, true), s.summary(0.95, 10, true),
                s.summary(0.95, 10, false), s.summary(0.95, 10, false), s.summary(0.95, 10, false));
    }

    @Test
    void boundedSampleGivesTheExactCountsAndVerdicts() {
        CheckEvaluator ev = new CheckEvaluator(DELTAS, 0.95, HypothesisConstants.CKind.DIMENSION).countingOnly();
        List<Cell> cells = List.of(cell(16, 0.5), cell(64, 0.5), cell(64, 0.7));
        List<CellResult> exact = new ArrayList<>();
        List<CellResult> blocked = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            double[] t = ev.countThresholds(cells.get(i));
            double[] x = sample(40 + i, 3 * BlockedSample.BLOCK + 77, t);
            exact.add(CellResult.of(i, cells.get(i), x, x, 0.95, 10));
            blocked.add(bounded(i, cells.get(i), x, t));
        }
        List<CheckRow> want = ev.evaluate(exact);
        List<CheckRow> got = ev.evaluate(blocked);
        assertEquals(want.size(), got.size());
        double err = Math.pow(10, 0x1p-11) - 1; // the sketch's relative error in r_fwd at w = 2^-10
        int counted = 0;
        for (int i = 0; i < want.size(); i++) {
            CheckRow w = want.get(i);
            CheckRow g = got.get(i);
            String what = w.statement() + " delta " + w.delta() + " cell " + w.cell();
            assertEquals(w.verdict(), g.verdict(), what);
            assertEquals(w.exceedances(), g.exceedances(), what);
            assertEquals(w.n(), g.n(), what);
            if (w.method() != null && w.method().equals(ExceedanceCount.METHOD)) {
                counted++;
                assertEquals(w.ciLow(), g.ciLow(), 0.0, what);
                assertEquals(w.ciHigh(), g.ciHigh(), 0.0, what);
                Slack ws = w.slack();
                Slack gs = g.slack();
                assertEquals(ws.side(), gs.side(), what);
                assertEquals(ws.slack(), gs.slack(), err * ws.slack() * (1 + 1e-9), what);
                assertTrue(gs.slackLow() <= ws.slackLow() && ws.slackHigh() <= gs.slackHigh(), what);
                assertTrue(g.detail().contains("bounded-memory sample"), g.detail());
                assertFalse(w.detail().contains("bounded-memory sample"), "exact sample: " + w.detail());
            } else if (Double.isNaN(w.statistic())) {
                assertTrue(Double.isNaN(g.statistic()), what); // lemma1 with an unknown trial: no mean
            } else {
                assertEquals(w.statistic(), g.statistic(), 1e-12 * Math.abs(w.statistic()) + 1e-15, what);
            }
        }
        assertTrue(counted >= 6, "count rows compared: " + counted);
        // without the unknown trial the mean statement is judged: the same on both paths
        double[] x = sample(7, 2 * BlockedSample.BLOCK + 5, ev.countThresholds(cells.get(0)));
        x[3] = -1;
        CheckRow w = ev.evaluate(List.of(CellResult.of(0, cells.get(0), x, x, 0.95, 10))).get(0);
        CheckRow g = ev.evaluate(List.of(bounded(0, cells.get(0), x, ev.countThresholds(cells.get(0))))).get(0);
        assertEquals("lemma1", w.statement());
        assertTrue(Double.isFinite(w.statistic()));
        assertEquals(w.statistic(), g.statistic(), 1e-12 * w.statistic());
        assertEquals(Double.isNaN(w.ciHigh()), Double.isNaN(g.ciHigh()), w.detail());
        if (!Double.isNaN(w.ciHigh())) {
            assertEquals(w.ciHigh(), g.ciHigh(), 1e-9 * w.ciHigh());
        }
        assertEquals(w.verdict(), g.verdict());
    }

    /**
     * Every lower side a counting row judges has its threshold in {@link CheckEvaluator#countThresholds}: without
     * it the bounded path (cells above 2^17 trials) could not count that side. Corollary 1 at beta = 1/2 judges
     * r_fwd outside (lower, upper) at the deepest L of a group; at d = 4096 its lower end is positive for delta =
     * 0.05 and 0.2 (0.048 and 0.235, Bounds.cor1Lower) and its precondition holds from L of about 47,000
     * (Bounds.cor1Precondition). The rows come from the exact path on a small sample (no sampling: the bounds
     * depend on the cell only); each judged cor1 or prop3-i row with a positive lower bound must find log10 of it
     * among the thresholds of its cell.
     */
    @Test
    void everyJudgedLowerSideHasItsThreshold() {
        CheckEvaluator ev = new CheckEvaluator(DELTAS, 0.95, HypothesisConstants.CKind.DIMENSION).countingOnly();
        List<Cell> cells = new ArrayList<>();
        List<CellResult> results = new ArrayList<>();
        for (int depth : new int[] {50_000, 100_000}) {
            Cell c = new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, 4096, depth,
                    new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE);
            double[] x = new SplittableRandom(depth).doubles(64, -1, 1).toArray();
            results.add(CellResult.of(cells.size(), c, x, x, 0.95, 10));
            cells.add(c);
        }
        int lowerSides = 0;
        for (CheckRow row : ev.evaluate(results)) {
            boolean counting = row.statement().equals("prop3-i") || row.statement().equals("cor1");
            if (counting && row.precondition() == null && row.boundLow() > 0) {
                double[] t = ev.countThresholds(cells.get(row.cell()));
                double want = StrictMath.log10(row.boundLow());
                assertTrue(Arrays.stream(t).anyMatch(v -> v == want), row.statement() + " delta " + row.delta()
                        + " lower bound " + row.boundLow() + " of cell " + row.cell() + " missing from " + Arrays.toString(t));
                lowerSides++;
            }
        }
        // cor1 at the deepest cell for each delta, and prop3-i at both cells for each delta (its lower end is
        // positive there too): 2 + 4
        assertEquals(3 * DELTAS.length, lowerSides, "judged lower sides");
    }
}
