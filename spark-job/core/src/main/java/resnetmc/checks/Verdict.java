package resnetmc.checks;

/**
 * The outcome of an empirical check of a statement (THEORY.md section 7). Every "holds" and "violated"
 * of a checks table is decided at one family error level shared by the whole table
 * ({@link CheckSettings#familyConfidence()}).
 */
public enum Verdict {
    /** The interval lies where the statement claims (inside the tolerance, for a mean). */
    HOLDS("holds"),
    /** The interval lies entirely where the statement excludes: the data contradict it. */
    VIOLATED("violated"),
    /** The interval straddles the claim, or no valid interval exists at this sample size: the row says why. */
    INCONCLUSIVE("inconclusive"),
    /** The bounds exclude nothing a trial can give (a lower bound &lt;= 0 on r_fwd &gt;= 0, no upper bound). */
    VACUOUS("vacuous"),
    /** A precondition of the statement fails for this cell; it says nothing here. */
    NOT_APPLICABLE("not-applicable");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the row decides (holds or violated): what the family error rate is about. */
    public boolean decided() {
        return this == HOLDS || this == VIOLATED;
    }

    /**
     * Verdict on "P(outside) &lt;= delta" from confidence bounds of P(outside): holds when the upper bound
     * is &lt;= delta, violated when the lower bound is &gt; delta, inconclusive otherwise.
     */
    public static Verdict ofExceedance(double low, double high, double delta) {
        if (high <= delta) {
            return HOLDS;
        }
        return low > delta ? VIOLATED : INCONCLUSIVE;
    }
}
