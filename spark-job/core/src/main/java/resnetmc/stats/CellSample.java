package resnetmc.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The log10 values of one cell's trials as the checks read them: exceedance counts, log-domain moments,
 * and quantiles with their distribution-free interval. Either every value in trial order ({@link #exact}),
 * or a bounded-memory {@link BlockedSample} whose counts and moments are exact functions of the trials and
 * whose quantiles carry a stated error ({@link #quantileLog10Error()}).
 *
 * @since 0.9.0
 */
public interface CellSample extends Serializable {

    /** All trials, non-finite values included. */
    long n();

    /** Trials whose value is NaN (not known). */
    long unknown();

    /**
     * Exact count of the values that are not NaN and lie outside: {@code x <= log10Low} or
     * {@code x >= log10High} ({@code x > log10High} when {@code strictHigh} is false). NaN for a side: no
     * such side.
     */
    long outside(double log10Low, double log10High, boolean strictHigh);

    /** The log-domain moments of the values, summed in trial order (or trial blocks in block order). */
    LogMoments logMoments();

    /**
     * The p-quantile of all n values (NaN last) with its distribution-free order-statistic interval; for a
     * sketch the interval's ends are widened outward to bracket the order statistics, so it stays valid.
     */
    QuantileInterval quantile(double p, double confidence);

    /** Largest error of a quantile point in log10 units: 0 when exact. */
    double quantileLog10Error();

    /** Every value, in trial order (not copied: do not modify). */
    static CellSample exact(double[] log10InTrialOrder) {
        return new Exact(log10InTrialOrder);
    }

    /** See {@link #exact}. */
    final class Exact implements CellSample {
        private static final long serialVersionUID = 1L;
        private final double[] values;
        private transient double[] sorted;

        private Exact(double[] values) {
            this.values = values;
        }

        /** The values in trial order (not copied). */
        public double[] values() {
            return values;
        }

        @Override
        public long n() {
            return values.length;
        }

        @Override
        public long unknown() {
            long u = 0;
            for (double x : values) {
                u += Double.isNaN(x) ? 1 : 0;
            }
            return u;
        }

        @Override
        public long outside(double log10Low, double log10High, boolean strictHigh) {
            boolean lowSide = !Double.isNaN(log10Low);
            boolean highSide = !Double.isNaN(log10High);
            long outside = 0;
            for (double x : values) {
                if (!Double.isNaN(x) && ((lowSide && x <= log10Low)
                        || (highSide && (strictHigh ? x >= log10High : x > log10High)))) {
                    outside++;
                }
            }
            return outside;
        }

        @Override
        public LogMoments logMoments() {
            LogMoments m = new LogMoments();
            for (double x : values) {
                m.add(x); // trial order: bit-identical sums
            }
            return m;
        }

        @Override
        public QuantileInterval quantile(double p, double confidence) {
            if (sorted == null) {
                double[] s = values.clone();
                Arrays.sort(s);
                sorted = s;
            }
            return QuantileInterval.ofSorted(sorted, p, confidence);
        }

        @Override
        public double quantileLog10Error() {
            return 0;
        }
    }
}
