package resnetmc.config;

/**
 * The allowed values of a number key: finite numbers between two bounds, each open or closed (an
 * infinite bound means no bound on that side). {@link #describe()} is the text of error messages.
 */
public record Range(double low, boolean lowClosed, double high, boolean highClosed) {

    /** Finite numbers > 0. */
    public static final Range POSITIVE = new Range(0, false, Double.POSITIVE_INFINITY, false);
    /** Finite numbers >= 0. */
    public static final Range NON_NEGATIVE = new Range(0, true, Double.POSITIVE_INFINITY, false);
    /** Any finite number. */
    public static final Range FINITE = new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);
    /** (0, 1): probabilities that must be neither 0 nor 1, Hurst indices. */
    public static final Range OPEN_UNIT = new Range(0, false, 1, false);
    /** [0, 1). */
    public static final Range UNIT_CLOSED_OPEN = new Range(0, true, 1, false);
    /** [0, 1]. */
    public static final Range CLOSED_UNIT = new Range(0, true, 1, true);

    /** [low, high]. */
    public static Range closed(double low, double high) {
        return new Range(low, true, high, true);
    }

    /** Whether x is finite and within the bounds. */
    public boolean contains(double x) {
        return Double.isFinite(x)
                && (lowClosed ? x >= low : x > low)
                && (highClosed ? x <= high : x < high);
    }

    /** "> 0", ">= 0", "in (0, 1)", "in [-1, 1]", "a finite number". */
    public String describe() {
        boolean lowInf = Double.isInfinite(low);
        boolean highInf = Double.isInfinite(high);
        if (lowInf && highInf) {
            return "a finite number";
        }
        if (highInf) {
            return (lowClosed ? ">= " : "> ") + format(low);
        }
        if (lowInf) {
            return (highClosed ? "<= " : "< ") + format(high);
        }
        return "in " + (lowClosed ? "[" : "(") + format(low) + ", " + format(high) + (highClosed ? "]" : ")");
    }

    private static String format(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }
}
