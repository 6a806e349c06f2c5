package resnetmc.checks;

import java.io.Serializable;

/**
 * One row of the {@code checks} table: a statement checked on a cell (and a delta).
 *
 * @param cell             index of the cell in the run's cell list (the deepest cell of the group for
 *                         Corollary 1)
 * @param statement        lemma1, prop2, prop3-i, prop3-ii, cor1
 * @param delta            the statement's delta, NaN when it has none
 * @param precondition     the failing precondition, null when all hold
 * @param boundLow         lower end of the claimed region for r_fwd (or of E r_fwd for Lemma 1), NaN if none
 * @param boundHigh        upper end, NaN if none
 * @param statistic        the measured quantity: mean r_fwd (Lemma 1; +Infinity past 1e308, see detail),
 *                         exceedance fraction, slope (Cor. 1)
 * @param ciLow            lower end of the interval the verdict used (at {@code rowConfidence})
 * @param ciHigh           upper end
 * @param exceedances      trials outside the claimed region, -1 when the statement is about a mean or trend
 * @param n                trials used
 * @param verdict          holds, violated, inconclusive, vacuous, not-applicable
 * @param hypC             the Hypothesis 2 constant C used
 * @param hypS             the Hypothesis 1 constant s used
 * @param detail           how the statistic was formed and why the verdict, in words (vacuous sides named)
 * @param method           how the verdict was reached: {@code exact} (exceedance, the exact bracket of the
 *                         norm-ratio law: ciLow/ciHigh are its ends, no sampling error, rowConfidence NaN),
 *                         {@code count} (exceedance, Clopper-Pearson),
 *                         {@code student-t} (mean), {@code weighted-slope} (Cor. 1 trend), null when none
 * @param tolerance        the relative tolerance of a mean statement, NaN for other rows
 * @param familyConfidence 1 - the error rate of the whole table (false holds or violated in any row)
 * @param rowConfidence    the Bonferroni level of this row's interval, 1 - (1 - familyConfidence) / m with m
 *                         the rows that can decide; NaN for rows that cannot (not-applicable, vacuous)
 * @param slack            the slack of an exceedance bound with its interval, null for other rows
 */
public record CheckRow(int cell, String statement, double delta, String precondition, double boundLow,
                       double boundHigh, double statistic, double ciLow, double ciHigh, long exceedances, long n,
                       Verdict verdict, double hypC, double hypS, String detail, String method, double tolerance,
                       double familyConfidence, double rowConfidence, Slack slack) implements Serializable {

    private static final long serialVersionUID = 2L;

    public boolean applicable() {
        return verdict != Verdict.NOT_APPLICABLE;
    }
}
