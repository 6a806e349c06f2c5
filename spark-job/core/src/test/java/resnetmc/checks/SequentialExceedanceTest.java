package resnetmc.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
import resnetmc.testing.FalseFailureRate;
import resnetmc.theory.HypothesisConstants;

/**
 * The sequential exceedance procedure of {@code trials = auto} ({@link TrialRounds}): a Bernoulli(p)
 * stream is looked at after every round (100 trials doubling to 6400, 7 looks), each look a
 * Clopper-Pearson interval at the error share 2^-(k+1) of the row's a = 0.1 ({@link ExceedanceCount},
 * as {@link CheckEvaluator} judges an auto cell), and the stream stops at the first decided look.
 *
 * <p>Each false verdict needs one look's interval to miss the truth on one side; each side of look k
 * has error a 2^-(k+1) / 2, so the false-verdict rate of a row is at most a/2 = 0.05 for every p. Over
 * {@value #REPS} repetitions the count of false verdicts then exceeds 77 (4 sd above 50) with
 * probability below 1e-4 (binomial(1000, 0.05) tail); four such assertions: 4e-4. The power assertions
 * (p = delta/4 and 4 delta decided by 6400 trials, where the 0.9997 interval is about +-0.004 wide
 * around 0.0125 resp. +-0.014 around 0.2) fail with a probability below 1e-9 each. The contrast case
 * (every look at the full level 1 - a, no spending) is asserted to break the bound, which shows the
 * measurement can see the failure this schedule prevents: its rate is about 0.17 (measured: 166 of 1000),
 * failing the assertion (> 0.05 observed) with probability below 1e-6. Seeds fixed.
 */
@FalseFailureRate(4e-4)
class SequentialExceedanceTest {
    private static final int REPS = 1000;
    private static final double A = 0.1;
    private static final double DELTA = 0.05;
    private static final TrialRounds ROUNDS = new TrialRounds(100, 6400);

    /** The verdict of one stream and the trials it used. */
    private record Run(Verdict verdict, long n) {
    }

    private static Run sequential(double p, long seed, boolean spend) {
        SplittableRandom rng = new SplittableRandom(seed);
        long outside = 0;
        long n = 0;
        Verdict v = Verdict.INCONCLUSIVE;
        for (int k = 0; k < ROUNDS.rounds(); k++) {
            for (; n < ROUNDS.end(k); n++) {
                outside += rng.nextDouble() < p ? 1 : 0;
            }
            double level = spend ? TrialRounds.level(1 - A, TrialRounds.share(k)) : 1 - A;
            v = ExceedanceCount.judge(outside, 0, n, DELTA, level).verdict();
            if (v.decided()) {
                break;
            }
        }
        return new Run(v, n);
    }

    /** Counts of verdicts over REPS streams of Bernoulli(p). */
    private static int[] tally(double p, long seed, boolean spend, long[] trials) {
        int[] c = new int[3];
        for (int i = 0; i < REPS; i++) {
            Run r = sequential(p, seed + 7919L * i, spend);
            c[r.verdict() == Verdict.HOLDS ? 0 : r.verdict() == Verdict.VIOLATED ? 1 : 2]++;
            trials[0] += r.n();
        }
        System.out.printf(Locale.ROOT, "p = %.4f%s: holds %d, violated %d, inconclusive %d; mean trials %.0f%n", p,
                spend ? "" : " (no spending)", c[0], c[1], c[2], trials[0] / (double) REPS);
        return c;
    }

    @Test
    void falseVerdictRatesStayWithinTheLevelNearAndFarFromDelta() {
        // On delta: P(outside) <= delta, so "violated" is false.
        assertTrue(tally(DELTA, 11, true, new long[1])[1] <= 77);
        // Just above delta: "holds" is false (the hardest case for holds).
        assertTrue(tally(DELTA * 1.02, 12, true, new long[1])[0] <= 77);
        // Far below and far above.
        long[] far = new long[1];
        int[] low = tally(DELTA / 4, 13, true, far);
        assertTrue(low[1] <= 77);
        assertTrue(low[0] == REPS, "p = delta/4 is decided holds by 6400 trials");
        assertTrue(far[0] < REPS * 1000L, "p = delta/4 stops early: mean trials " + far[0] / (double) REPS);
        int[] high = tally(DELTA * 4, 14, true, new long[1]);
        assertTrue(high[0] <= 77);
        assertEquals(REPS, high[1], "p = 4 delta is decided violated");
    }

    @Test
    void lookingWithoutSpendingBreaksTheLevel() {
        // The same looks at the full level 1 - a each: on delta, the false "violated" rate exceeds a/2.
        assertTrue(tally(DELTA, 11, false, new long[1])[1] > 50);
    }

    @Test
    void scheduleDoublesFromMinToMaxAndSpendsLessThanTheRowError() {
        TrialRounds r = new TrialRounds(1000, 5000);
        assertEquals(4, r.rounds()); // 1000, 2000, 4000, 5000
        assertEquals(List.of(1000L, 2000L, 4000L, 5000L),
                Arrays.stream(new int[] {0, 1, 2, 3}).mapToObj(r::end).toList());
        assertEquals(2000, r.start(2));
        assertEquals(3, r.roundOf(5000));
        assertEquals(-1, r.roundOf(3000));
        assertEquals(1, new TrialRounds(7, 7).rounds());
        assertEquals(Long.MAX_VALUE, new TrialRounds(3, Long.MAX_VALUE).end(70)); // no overflow
        double spent = 0;
        for (int k = 0; k < 50; k++) { // 2^-51 and below vanish against 1 in double
            spent += TrialRounds.share(k);
        }
        assertTrue(spent < 1);
        assertThrows(IllegalArgumentException.class, () -> new TrialRounds(10, 9));
    }

    @Test
    void evaluatorJudgesAnAutoCellAtTheShareOfItsStoppingRound() {
        Cell cell = new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, 64, 100,
                new Scaling.Beta(1.0), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE);
        double[] log10r = new double[200];
        Arrays.fill(log10r, -3); // r_fwd = 1e-3: none beyond Prop. 2's bound 2 L alpha^2 / delta = 0.2
        CellResult r = CellResult.of(0, cell, log10r, log10r, 0.95, 10);
        CheckSettings s = CheckSettings.of(new double[] {0.1}, 0.95, HypothesisConstants.CKind.DIMENSION);
        CheckEvaluator fixed = new CheckEvaluator(s);
        CheckRow fixedRow = fixed.evaluate(List.of(r)).stream().filter(k -> k.statement().equals("prop2")).findFirst()
                .orElseThrow();
        CheckEvaluator auto = new CheckEvaluator(s, new TrialRounds(100, 800));
        CheckRow autoRow = auto.evaluate(List.of(r)).stream().filter(k -> k.statement().equals("prop2")).findFirst()
                .orElseThrow();
        // 200 trials end round 1: the row spends 2^-2 of its Bonferroni error.
        assertEquals(1 - (1 - fixed.rowConfidence()) / 4, autoRow.rowConfidence(), 1e-15);
        assertEquals(fixedRow.exceedances(), autoRow.exceedances());
        assertTrue(autoRow.ciHigh() > fixedRow.ciHigh(), "the spent level gives a wider interval");
        assertTrue(autoRow.detail().contains("trials = auto"));
        CellResult off = CellResult.of(0, cell, new double[150], new double[150], 0.95, 10);
        assertThrows(IllegalStateException.class, () -> auto.evaluate(List.of(off)));
    }
}
