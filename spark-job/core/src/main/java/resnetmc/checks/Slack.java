package resnetmc.checks;

import java.io.Serializable;
import resnetmc.stats.QuantileInterval;

/**
 * How far an exceedance bound sits from the truth (THEORY.md section 7): for an upper bound b on X
 * claimed with probability 1 - delta, slack = b / q_{1 - delta}; for a lower bound, slack =
 * q_delta / b; q the empirical quantile of X = r_fwd. Slack &gt;= 1 where the statement holds; its
 * interval comes from the distribution-free order-statistic interval of the quantile
 * ({@link QuantileInterval}) and is infinite on a side the sample cannot bound. For a two-sided
 * statement (Corollary 1 (iii)) the row carries the side with the smaller slack.
 *
 * @param side       "upper" or "lower": which bound
 * @param p          the probability of the quantile (1 - delta for an upper bound, delta for a lower one)
 * @param quantile   the type-7 sample quantile of X, interpolated on log10 X (geometrically between two
 *                   order statistics: the sample is kept in log10, and the ends are order statistics either way)
 * @param quantileLow  lower end of its interval (0 when the sample cannot bound it)
 * @param quantileHigh upper end (+Infinity when the sample cannot bound it)
 * @param slack      the point slack
 * @param slackLow   lower end of its interval
 * @param slackHigh  upper end
 * @param confidence two-sided level of the quantile interval
 */
public record Slack(String side, double p, double quantile, double quantileLow, double quantileHigh, double slack,
                    double slackLow, double slackHigh, double confidence) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * The slack of an upper bound (its log10 given) from the log10 sample of X in ascending order.
     */
    public static Slack upper(double[] sortedLog10, double log10Bound, double delta, double confidence) {
        return upper(QuantileInterval.ofSorted(sortedLog10, 1 - delta, confidence), log10Bound, delta, confidence);
    }

    /** The same from the (1 - delta)-quantile interval of log10 X. */
    public static Slack upper(QuantileInterval q, double log10Bound, double delta, double confidence) {
        return new Slack("upper", 1 - delta, pow10(q.value()), pow10(q.low()), pow10(q.high()),
                pow10(log10Bound - q.value()), pow10(log10Bound - q.high()), pow10(log10Bound - q.low()), confidence);
    }

    /** The slack of a lower bound (its log10 given, finite: the bound is &gt; 0). */
    public static Slack lower(double[] sortedLog10, double log10Bound, double delta, double confidence) {
        return lower(QuantileInterval.ofSorted(sortedLog10, delta, confidence), log10Bound, delta, confidence);
    }

    /** The same from the delta-quantile interval of log10 X. */
    public static Slack lower(QuantileInterval q, double log10Bound, double delta, double confidence) {
        return new Slack("lower", delta, pow10(q.value()), pow10(q.low()), pow10(q.high()),
                pow10(q.value() - log10Bound), pow10(q.low() - log10Bound), pow10(q.high() - log10Bound), confidence);
    }

    /** 10^x with 10^-Infinity = 0, 10^Infinity = Infinity. */
    private static double pow10(double x) {
        return StrictMath.pow(10.0, x);
    }
}
