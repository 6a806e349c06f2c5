package resnetmc.stats;

/**
 * A closed interval {@code [low, high]}, the form in which every empirical check of
 * arXiv 2206.06929 is reported (THEORY.md section 1: a confidence interval, never a bare
 * point estimate).
 *
 * @param low  lower end
 * @param high upper end, {@code >= low}
 */
public record Interval(double low, double high) {

    /** @throws IllegalArgumentException if an end is NaN or {@code low > high} */
    public Interval {
        if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
            throw new IllegalArgumentException("invalid interval [" + low + ", " + high + "]");
        }
    }

    /** @return whether {@code low <= x <= high} (ends included) */
    public boolean contains(double x) {
        return low <= x && x <= high;
    }
}
