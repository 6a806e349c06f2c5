package resnetmc.checks;

import resnetmc.stats.ClopperPearson;
import resnetmc.stats.Interval;

/**
 * The verdict on an exceedance statement, "with probability &gt;= 1 - delta, X lies inside B"
 * (Prop. 2, Prop. 3, Corollary 1 (iii) of Marion et al., arXiv 2206.06929), by counting: with k of n
 * trials outside B and the Clopper-Pearson interval of P(outside) at the row's level, {@code holds}
 * when its upper end is &lt;= delta, {@code violated} when its lower end is &gt; delta, else
 * {@code inconclusive} (THEORY.md section 7). A false {@code holds} needs P(outside) above the upper end
 * and a false {@code violated} needs it below the lower end, so the row's error rate is at most the
 * interval's non-coverage, which Clopper-Pearson bounds by 1 - level for every n and p.
 *
 * <p>Trials whose value is not known (NaN: a failed or overflowed trial of a non-homogeneous branch)
 * are counted on both sides: {@code holds} is judged as if they were all outside, {@code violated} as
 * if they were all inside, and the reported interval spans both.
 */
public final class ExceedanceCount {
    /** The row's {@code method}. */
    public static final String METHOD = "count";

    private ExceedanceCount() {
    }

    /**
     * @param verdict  holds, violated or inconclusive
     * @param interval Clopper-Pearson interval of P(outside), from k (low) and k + unknown (high); null if n = 0
     */
    public record Outcome(Verdict verdict, long outside, long unknown, long n, Interval interval) {
    }

    /**
     * @param outside       trials known to lie outside B
     * @param unknown       trials whose value is not known
     * @param n             all trials, {@code >= outside + unknown}
     * @param delta         the statement's delta
     * @param rowConfidence two-sided level of the Clopper-Pearson interval
     */
    public static Outcome judge(long outside, long unknown, long n, double delta, double rowConfidence) {
        if (outside < 0 || unknown < 0 || outside + unknown > n) {
            throw new IllegalArgumentException("need 0 <= outside + unknown <= n, got " + outside + ", " + unknown
                    + ", " + n);
        }
        if (n == 0) {
            return new Outcome(Verdict.INCONCLUSIVE, 0, 0, 0, null);
        }
        double low = ClopperPearson.of(outside, n, rowConfidence).low();
        double high = ClopperPearson.of(outside + unknown, n, rowConfidence).high();
        return new Outcome(Verdict.ofExceedance(low, high, delta), outside, unknown, n, new Interval(low, high));
    }
}
