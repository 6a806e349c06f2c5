package resnetmc.checks;

/** The outcome of an empirical check of a probability statement. */
public enum Verdict {
    /** The interval lies on the side the statement claims. */
    HOLDS("holds"),
    /** The interval lies entirely on the wrong side: the data contradict the statement. */
    VIOLATED("violated"),
    /** The interval straddles the claim: more trials are needed to tell. */
    INCONCLUSIVE("inconclusive"),
    /** A precondition of the statement fails for this cell; it says nothing here. */
    NOT_APPLICABLE("not-applicable");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * Verdict on "P(event) <= delta" from Clopper-Pearson bounds of the event's probability: holds when
     * the upper bound is <= delta, violated when the lower bound (taken at the stricter family level,
     * see CheckEvaluator) is > delta.
     */
    public static Verdict ofExceedance(double low, double high, double delta) {
        if (high <= delta) {
            return HOLDS;
        }
        return low > delta ? VIOLATED : INCONCLUSIVE;
    }
}
