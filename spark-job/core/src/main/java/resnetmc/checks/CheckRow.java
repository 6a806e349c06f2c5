package resnetmc.checks;

import java.io.Serializable;

/**
 * One row of the {@code checks} table: a statement checked on a cell (and a delta).
 *
 * @param cell         index of the cell in the run's cell list (the deepest cell of the group for
 *                     Corollary 1)
 * @param statement    lemma1, prop2, prop3-i, prop3-ii, cor1
 * @param delta        the statement's delta, NaN when it has none
 * @param precondition the failing precondition, null when all hold
 * @param boundLow     lower end of the claimed region for r_fwd (or of E r_fwd for Lemma 1), NaN if none
 * @param boundHigh    upper end, NaN if none
 * @param statistic    the measured quantity: mean r_fwd (Lemma 1), exceedance fraction, slope (Cor. 1)
 * @param ciLow        lower end of its confidence interval
 * @param ciHigh       upper end
 * @param exceedances  trials outside the claimed region, -1 when the statement is about a mean or trend
 * @param n            trials used
 * @param detail       how the statistic was formed, in words
 */
public record CheckRow(int cell, String statement, double delta, String precondition, double boundLow,
                       double boundHigh, double statistic, double ciLow, double ciHigh, long exceedances, long n,
                       Verdict verdict, double hypC, double hypS, String detail) implements Serializable {

    public boolean applicable() {
        return verdict != Verdict.NOT_APPLICABLE;
    }
}
