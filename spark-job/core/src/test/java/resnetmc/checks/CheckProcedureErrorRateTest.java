package resnetmc.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import resnetmc.kernel.Kernels;
import resnetmc.kernel.ResidualKernel;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.RandomStreams;
import resnetmc.stats.ClopperPearson;
import resnetmc.stats.LogMoments;
import resnetmc.testing.FalseFailureRate;
import resnetmc.theory.Bounds;
import resnetmc.theory.HypothesisConstants;

/**
 * Tests the tester (THEORY.md section 7): the check procedures are repeated {@value #REPS} times where
 * the truth is known, and their false {@code violated}, false {@code holds} and power are measured and
 * printed.
 *
 * <p>Truths. Means: the exact E r_fwd of THEORY.md section 1 (res-3 and res-2 ReLU: (1 + alpha^2/2)^L - 1,
 * Lemma 1's lower bound; res-1 identity: (1 + alpha^2)^L - 1, its upper bound), with trials drawn by the
 * conditional sampler; and lognormal samples, E X = e^(sigma^2/2). The bounds are then moved by known
 * factors: as stated (the truth on a bound), inside the tolerance (the truth half a tolerance beyond
 * the moved bound: "violated" would be false), outside it (the truth a tolerance beyond the widened
 * region: "holds" would be false). Exceedance: counts of Bernoulli(p) outcomes with p = delta (on the
 * bound), p = delta/4 and p = 1.5 delta.
 *
 * <p>Each table here has one deciding row at family level 0.9 (a = 0.1), the most demanding setting
 * for an interval (a real table divides a by its m rows); the whole-table runs use the evaluator.
 * Assertion: the one-sided 99.9% Clopper-Pearson upper bound of each false-verdict rate is at most a.
 * By design each false verdict needs a one-sided miss of an interval taken at a/4 per side (at most
 * a/2 after the skewness allowance, see {@link MeanEquivalence}), so the true rates are at most 0.05;
 * then an assertion fails only if 1000 Bernoulli(0.05) draws give 78 or more (4 sd above 50):
 * probability below 1e-4 each, below 2e-3 for the ~20 assertions. Seeds are fixed: the outcome is
 * reproducible. Powers are asserted where the design makes them large (see each case).
 */
@FalseFailureRate(2e-3)
class CheckProcedureErrorRateTest {
    private static final int REPS = 1000;
    private static final double FAMILY = 0.9;
    private static final double A = 1 - FAMILY;
    /** Tolerance of the mean checks here: 0.1 lets 200 trials of r_fwd (CV ~ 0.4) decide. */
    private static final double TOL = 0.1;
    private static final int TRIALS = 200;
    private static final long SEED = 20261201L;

    /** Verdict counts of one configuration. */
    private static final class Tally {
        final String name;
        int holds;
        int violated;
        int inconclusive;

        Tally(String name) {
            this.name = name;
        }

        void add(Verdict v) {
            switch (v) {
                case HOLDS -> holds++;
                case VIOLATED -> violated++;
                default -> inconclusive++;
            }
        }

        String line() {
            return String.format(Locale.ROOT, "%-58s holds %5.3f  violated %5.3f  inconclusive %5.3f", name,
                    holds / (double) REPS, violated / (double) REPS, inconclusive / (double) REPS);
        }
    }

    /** Fails when the false-verdict count k of REPS is, at 99.9% one-sided, above a. */
    private static void assertRateAtMostA(int k, String what) {
        double upper = ClopperPearson.of(k, REPS, 0.998).high();
        System.out.printf(Locale.ROOT, "    false %s: %d/%d = %.4f (99.9%% upper bound %.4f, level %.2f)%n", what, k,
                REPS, k / (double) REPS, upper, A);
        assertTrue(upper <= A, "false " + what + " rate " + k + "/" + REPS + " exceeds the level " + A);
    }

    private static Cell cell(Architecture arch, Activation act, int d, int depth, double beta) {
        return new Cell(arch, act, WeightDistribution.GAUSSIAN, d, depth, new Scaling.Beta(beta),
                InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, Sampler.CONDITIONAL);
    }

    // ---------------------------------------------------------------- means on the kernels

    /**
     * res-3, res-2 ReLU (truth on Lemma 1's lower bound) and res-1 identity (on the upper bound) at
     * d = 16, L = 4, beta = 1 (alpha = 1/4): r_fwd has CV ~ 0.4 and skewness ~ 1, so 200 trials decide
     * at tol = 0.1. Power asserted: "holds" as stated in at least half the repetitions (the half-width,
     * about 2 * 0.4 / sqrt 200 = 0.057 of the mean, is about half the tolerance); "violated" outside the
     * tolerance in at least half (the truth sits 0.1 beyond the widened region). (Heavier tails, where
     * the guard must withhold the verdict, are the lognormal cases below: cheaper to draw.) The same
     * samples also go through the evaluator as one-cell tables (Lemma 1 and Prop. 2 at delta = 0.05,
     * 0.1, all theorems here): the rate of tables with any "violated" row is asserted at most a.
     */
    @Test
    void lemma1OnKernels() {
        Object[][] cells = {
                {cell(Architecture.RES_3, Activation.RELU, 16, 4, 1.0), 0.5, true},
                {cell(Architecture.RES_2, Activation.RELU, 16, 4, 1.0), 0.5, true},
                {cell(Architecture.RES_1, Activation.IDENTITY, 16, 4, 1.0), 1.0, true}};
        for (Object[] cs : cells) {
            Cell c = (Cell) cs[0];
            double c2 = (double) cs[1];
            double truth = Bounds.exactMean(c2, c.alpha(), c.depth());
            boolean onLower = c2 == 0.5;
            double lo = Bounds.lemma1Lower(c.alpha(), c.depth());
            double hi = Bounds.lemma1Upper(c.alpha(), c.depth());
            assertEquals(truth, onLower ? lo : hi, 1e-15 * truth, "the truth sits on a bound");
            // Bounds moved: the truth half a tolerance beyond the bound (inside the widened region), and a
            // tolerance beyond the widened region.
            double[] inside = onLower ? new double[] {truth / (1 - TOL / 2), hi} : new double[] {lo, truth / (1 + TOL / 2)};
            double[] outside = onLower ? new double[] {truth * (1 + TOL) / (1 - TOL), hi}
                    : new double[] {lo, truth * (1 - TOL) / (1 + TOL)};
            Tally stated = new Tally(c.key() + " as stated");
            Tally in = new Tally(c.key() + " moved, truth inside tol");
            Tally out = new Tally(c.key() + " moved, truth outside tol");
            ResidualKernel k = Kernels.of(c, 2);
            CheckEvaluator evaluator = new CheckEvaluator(new CheckSettings(new double[] {0.05, 0.1}, FAMILY, TOL,
                    HypothesisConstants.CKind.DIMENSION, MeanEquivalence.DEFAULT_MIN_TRIALS));
            int falseTables = 0;
            for (int r = 0; r < REPS; r++) {
                LogMoments m = new LogMoments();
                double[] x = new double[TRIALS];
                for (int i = 0; i < TRIALS; i++) {
                    x[i] = k.run(RandomStreams.of(SEED, c.id(), (long) r * TRIALS + i)).log10RFwd();
                    m.add(x[i]);
                }
                boolean violated = false;
                for (CheckRow row : evaluator.evaluate(List.of(CellResult.of(0, c, x, x, 0.95, 4)))) {
                    violated |= row.verdict() == Verdict.VIOLATED;
                }
                falseTables += violated ? 1 : 0;
                stated.add(judge(m, lo, hi));
                in.add(judge(m, inside[0], inside[1]));
                out.add(judge(m, outside[0], outside[1]));
            }
            for (Tally t : List.of(stated, in, out)) {
                System.out.println(t.line());
            }
            assertRateAtMostA(stated.violated, "violated (as stated)");
            assertRateAtMostA(in.violated, "violated (inside tol)");
            assertRateAtMostA(out.holds, "holds (outside tol)");
            assertRateAtMostA(falseTables, "violated tables (m = " + evaluator.decidingRows() + " rows)");
            assertTrue(stated.holds >= REPS / 2, "power: holds as stated " + stated.holds);
            assertTrue(out.violated >= REPS / 2, "power: violated outside tol " + out.violated);
        }
    }

    private static Verdict judge(LogMoments m, double lo, double hi) {
        return MeanEquivalence.judge(m, StrictMath.log10(lo), StrictMath.log10(hi), TOL, FAMILY,
                MeanEquivalence.DEFAULT_MIN_TRIALS).verdict();
    }

    // ---------------------------------------------------------------- means on known laws

    /**
     * Lognormal X = e^(sigma Z), E X = e^(sigma^2/2), bounds [E X, 2 E X] moved as above, at
     * n = 50, 500, 3000 and sigma = 0.5, 1, 2 (skewness 1.75, 6.2, 414). sigma = 2 is the heavy-tail
     * case of beta &lt; 1/2: the guard must make it inconclusive (asserted: no verdict at all).
     * Power asserted at sigma = 0.5, n = 3000 (CV 0.53, half-width about 2 * 0.53 / 55 = 0.02 of the mean,
     * against tol = 0.1): holds and violated in at least 90% of repetitions.
     */
    @Test
    void lemma1OnLognormalSamples() {
        SplittableRandom rng = new SplittableRandom(SEED);
        for (double sigma : new double[] {0.5, 1.0, 2.0}) {
            for (int n : new int[] {50, 500, 3000}) {
                double truth = StrictMath.exp(sigma * sigma / 2);
                String name = String.format(Locale.ROOT, "lognormal sigma=%.1f n=%d", sigma, n);
                Tally stated = new Tally(name + " truth on lower");
                Tally in = new Tally(name + " truth inside tol");
                Tally out = new Tally(name + " truth outside tol");
                for (int r = 0; r < REPS; r++) {
                    LogMoments m = new LogMoments();
                    for (int i = 0; i < n; i++) {
                        m.add(sigma * rng.nextGaussian() / StrictMath.log(10.0));
                    }
                    stated.add(judge(m, truth, 2 * truth));
                    in.add(judge(m, truth / (1 - TOL / 2), 2 * truth));
                    out.add(judge(m, truth * (1 + TOL) / (1 - TOL), 2 * truth));
                }
                for (Tally t : List.of(stated, in, out)) {
                    System.out.println(t.line());
                }
                assertRateAtMostA(stated.violated, "violated (on the bound)");
                assertRateAtMostA(in.violated, "violated (inside tol)");
                assertRateAtMostA(out.holds, "holds (outside tol)");
                if (sigma == 2.0) {
                    assertEquals(3 * REPS, stated.inconclusive + in.inconclusive + out.inconclusive,
                            "heavy tails: no mean verdict");
                }
                if (sigma == 0.5 && n == 3000) {
                    assertTrue(stated.holds >= 0.9 * REPS && out.violated >= 0.9 * REPS, "power at sigma 0.5, n 3000");
                }
            }
        }
    }

    // ---------------------------------------------------------------- exceedance counts

    /**
     * Counts of n = 2000 Bernoulli(p) trials against delta = 0.05: p = delta (the statement true, on its
     * bound), p = delta/4 (true), p = 1.5 delta (false). Power asserted: at p = delta/4 the Clopper-Pearson
     * upper end (about 0.0125 + 2 * sqrt(0.0125/2000) = 0.017) is far below delta, so holds in at least
     * 90%; at p = 1.5 delta the lower end (about 0.075 - 2 * 0.0059 = 0.063) is above delta in most
     * repetitions (asserted: at least 60%).
     */
    @Test
    void exceedanceCounts() {
        SplittableRandom rng = new SplittableRandom(SEED + 1);
        double delta = 0.05;
        int n = 2000;
        for (double f : new double[] {1.0, 0.25, 1.5}) {
            double p = f * delta;
            Tally t = new Tally(String.format(Locale.ROOT, "count n=%d delta=%.2f p=%.4f", n, delta, p));
            for (int r = 0; r < REPS; r++) {
                int k = 0;
                for (int i = 0; i < n; i++) {
                    k += rng.nextDouble() < p ? 1 : 0;
                }
                t.add(ExceedanceCount.judge(k, 0, n, delta, FAMILY).verdict());
            }
            System.out.println(t.line());
            if (p <= delta) {
                assertRateAtMostA(t.violated, "violated (p <= delta)");
            } else {
                assertRateAtMostA(t.holds, "holds (p > delta)");
                assertTrue(t.violated >= 0.6 * REPS, "power: violated at p = 1.5 delta " + t.violated);
            }
            if (f == 0.25) {
                assertTrue(t.holds >= 0.9 * REPS, "power: holds at p = delta/4 " + t.holds);
            }
        }
    }

    // ---------------------------------------------------------------- the quickstart failure

    /**
     * The whole table through the evaluator with trials = 2, depth 8, width 32: res-2 ReLU beta = 1 and
     * res-3 beta = 0.25 (each reported "violated" before), at the shipped deltas and family level 0.95.
     * Every statement is a theorem here, so any "violated" is false: Lemma 1 must never be violated
     * (asserted: 0, by construction below the minimum sample), and the rate of tables with a violated
     * row is at most the family error.
     */
    @Test
    void quickstartWithTwoTrials() {
        CheckSettings quick = new CheckSettings(new double[] {0.01, 0.05, 0.1}, 0.95, CheckSettings.DEFAULT_TOLERANCE,
                HypothesisConstants.CKind.DIMENSION, MeanEquivalence.DEFAULT_MIN_TRIALS);
        List<Cell> quickCells = List.of(
                new Cell(Architecture.RES_2, Activation.RELU, WeightDistribution.GAUSSIAN, 32, 8, new Scaling.Beta(1.0),
                        InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.CONDITIONAL),
                new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, 32, 8, new Scaling.Beta(0.25),
                        InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.CONDITIONAL));
        tables("quickstart trials=2", quickCells, 2, quick, true);
    }

    private static void tables(String name, List<Cell> cells, int trials, CheckSettings settings, boolean quick) {
        List<ResidualKernel> kernels = new ArrayList<>();
        for (Cell c : cells) {
            kernels.add(Kernels.of(c, 2));
        }
        CheckEvaluator evaluator = new CheckEvaluator(settings);
        int anyViolated = 0;
        int lemmaViolated = 0;
        int decided = 0;
        int rows = 0;
        for (int r = 0; r < REPS; r++) {
            List<CellResult> results = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                double[] x = new double[trials];
                for (int t = 0; t < trials; t++) {
                    x[t] = kernels.get(i).run(RandomStreams.of(SEED + 2, cells.get(i).id(), (long) r * trials + t))
                            .log10RFwd();
                }
                results.add(CellResult.of(i, cells.get(i), x, x, 0.95, 4));
            }
            boolean violated = false;
            for (CheckRow row : evaluator.evaluate(results)) {
                violated |= row.verdict() == Verdict.VIOLATED;
                lemmaViolated += row.statement().equals("lemma1") && row.verdict() == Verdict.VIOLATED ? 1 : 0;
                decided += row.verdict().decided() ? 1 : 0;
                rows++;
            }
            anyViolated += violated ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%-58s tables with a violated row %.4f, rows decided %.3f (m = %d, "
                        + "family level %.2f)%n", name, anyViolated / (double) REPS, decided / (double) rows,
                evaluator.decidingRows(), settings.familyConfidence());
        double upper = ClopperPearson.of(anyViolated, REPS, 0.998).high();
        assertTrue(upper <= settings.familyError(), name + ": false violated tables " + anyViolated);
        if (quick) {
            assertEquals(0, lemmaViolated, "n = 2 must never give a violated Lemma 1");
        }
    }
}
