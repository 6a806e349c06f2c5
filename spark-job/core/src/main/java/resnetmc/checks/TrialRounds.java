package resnetmc.checks;

import java.io.Serializable;

/**
 * The rounds of {@code trials = auto}: a cell's trials are added in rounds ending at n_k = min(min 2^k,
 * max), k = 0, 1, ..., K - 1 (n_{K-1} = max), and after each round every count-based row of the checks
 * table is looked at; the cell stops once all of them are decided, or at max.
 *
 * <p>Looking after every round keeps each row's error rate by alpha spending over this pre-set schedule
 * (a Bonferroni bound over the looks; e.g. Jennison and Turnbull, Group Sequential Methods, 2000,
 * ch. 7): the interval at round k is taken at error a_row 2^-(k+1), and sum_k 2^-(k+1) &lt; 1, so the
 * probability that ANY round's interval misses the truth is at most a_row, whatever rule decides when to
 * stop. A row judged at a data-dependent stopping round therefore keeps the level of a fixed-n row. For
 * statements on several cells (the Corollary 1 slope) the share is the product over the cells of
 * 2^-(k_i+1): these sum to at most 1 over all tuples of rounds, so the same bound holds.
 *
 * @param min trials of the first round (trials-min, &gt;= 1)
 * @param max trials of the last round (trials-max, &gt;= min)
 */
public record TrialRounds(long min, long max) implements Serializable {

    private static final long serialVersionUID = 1L;

    public TrialRounds {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("need 1 <= min <= max, got " + min + ", " + max);
        }
    }

    /** K: the number of rounds. */
    public int rounds() {
        int k = 0;
        while (end(k) < max) {
            k++;
        }
        return k + 1;
    }

    /** n_k: trials of a cell after round k. */
    public long end(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("round must be >= 0, got " + k);
        }
        // min 2^k without overflow: past k = 62 a shift would wrap (Java shifts mod 64), and min 2^63 > max anyway
        return k >= 63 || min > (max >> k) ? max : Math.min(max, min << k);
    }

    /** First trial of round k. */
    public long start(int k) {
        return k == 0 ? 0 : end(k - 1);
    }

    /** The round that ends at n trials, -1 when n is no round's end. */
    public int roundOf(long n) {
        for (int k = 0; k < rounds(); k++) {
            if (end(k) == n) {
                return k;
            }
        }
        return -1;
    }

    /** 2^-(k+1): the part of a row's error spent on the look after round k. */
    public static double share(int k) {
        return StrictMath.scalb(1.0, -(k + 1));
    }

    /** The level of the interval after round k of a row at level {@code rowConfidence}. */
    public static double level(double rowConfidence, double share) {
        return 1.0 - (1.0 - rowConfidence) * share;
    }
}
