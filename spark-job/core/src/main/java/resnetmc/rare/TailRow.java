package resnetmc.rare;

import java.io.Serializable;

/**
 * One row of the {@code tails} table: one way of knowing P(r_fwd outside the region of a statement) for a
 * cell and a delta (THEORY.md section 7). A checks row gives up to three tails rows:
 * {@code exact} (the bracket of the norm-ratio law: probability NaN, the interval is the bracket),
 * {@code count} (k / n and its Clopper-Pearson interval) and {@code rare-event} (importance sampling of the
 * tilted chain: the estimate with its normal interval and effective sample size). Probabilities below
 * 1e-308 are 0 in the linear columns and finite in the log10 ones.
 *
 * @param cell         index of the cell
 * @param statement    prop2, prop3-i, prop3-ii, cor1
 * @param delta        the statement's delta
 * @param boundLow     the region's lower end on r_fwd (NaN or &lt;= 0: no lower side)
 * @param boundHigh    the region's upper end (NaN: none; +Infinity: beyond double range)
 * @param method       exact, count, rare-event
 * @param probability  the estimate of P(outside); NaN for exact
 * @param ciLow        lower end of the interval (the exact bracket for exact)
 * @param ciHigh       upper end
 * @param log10Probability log10 of probability
 * @param log10CiLow   log10 of ciLow
 * @param log10CiHigh  log10 of ciHigh
 * @param confidence   two-sided level of the interval; NaN for exact (no sampling error)
 * @param n            trials (0 for exact)
 * @param hits         trials outside the region (count) or inside the estimated event (rare-event)
 * @param ess          effective sample size: n for count, (sum w)^2 / sum w^2 for rare-event, NaN for exact
 * @param tilt         the tilt mu of the rare-event estimate (the larger in size of the two sides), else NaN
 * @param decides      whether this method gave the checks row's verdict
 * @param detail       how the row was formed
 */
public record TailRow(int cell, String statement, double delta, double boundLow, double boundHigh, String method,
                      double probability, double ciLow, double ciHigh, double log10Probability, double log10CiLow,
                      double log10CiHigh, double confidence, long n, long hits, double ess, double tilt,
                      boolean decides, String detail) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The {@code method} of an importance-sampling row. */
    public static final String RARE_EVENT = "rare-event";
}
