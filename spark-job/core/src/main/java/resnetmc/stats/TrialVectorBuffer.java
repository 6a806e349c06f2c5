package resnetmc.stats;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Add/merge buffer of one cell's per-trial vectors (a mean-field trial's quantities at every recorded
 * layer), the shape of Spark MLlib's {@code Summarizer} buffer.
 *
 * <p>As {@link SampleBuffer} does for scalars, it keeps every (trial, vector) and sums only after
 * ordering by trial ({@link #column}), so the means are bit-identical for any partitioning. The
 * vectors are stored back to back in one primitive array that grows by doubling.
 */
public final class TrialVectorBuffer implements Serializable {
    private static final long serialVersionUID = 1L;

    private int dimension = -1;
    private long[] trials = new long[0];
    private double[] values = new double[0];
    private int size;
    /** Positions of the vectors in trial order; computed once for all columns, dropped by add and merge. */
    private transient int[] order;

    /** Appends one trial's vector (copied); every vector of a buffer has the same length. */
    public TrialVectorBuffer add(long trial, double[] vector) {
        checkDimension(vector.length);
        ensureCapacity(size + 1L);
        trials[size] = trial;
        System.arraycopy(vector, 0, values, size * dimension, dimension);
        size++;
        order = null;
        return this;
    }

    /** Appends all of {@code other} (left unchanged); returns this. */
    public TrialVectorBuffer merge(TrialVectorBuffer other) {
        if (other.size == 0) {
            return this;
        }
        checkDimension(other.dimension);
        ensureCapacity((long) size + other.size);
        System.arraycopy(other.trials, 0, trials, size, other.size);
        System.arraycopy(other.values, 0, values, size * dimension, other.size * dimension);
        size += other.size;
        order = null;
        return this;
    }

    public long count() {
        return size;
    }

    /** Length of the vectors, -1 while empty. */
    public int dimension() {
        return dimension;
    }

    /**
     * Component {@code j} of every vector, ordered by trial.
     *
     * @throws IllegalStateException if a trial occurs twice (it was computed twice)
     */
    public double[] column(int j) {
        int[] order = trialOrder();
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = values[order[i] * dimension + j];
        }
        return out;
    }

    /**
     * Mean of component {@code j} and its normal-approximation confidence interval (sample standard
     * deviation, two passes in trial order); a non-finite mean has a NaN interval, one sample a
     * zero-width one.
     */
    public Estimate estimate(int j, double confidence) {
        double[] x = column(j);
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        if (!Double.isFinite(mean)) {
            return new Estimate(mean, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double sd = x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : 0.0;
        if (!Double.isFinite(sd)) {
            return new Estimate(mean, Double.NaN, Double.NaN);
        }
        Interval ci = MeanInterval.normal(mean, sd, x.length, confidence);
        return new Estimate(mean, ci.low(), ci.high());
    }

    /** A mean and the ends of its confidence interval. */
    public record Estimate(double mean, double low, double high) {
    }

    private int[] trialOrder() {
        if (order == null) {
            order = sortByTrial();
        }
        return order;
    }

    private int[] sortByTrial() {
        Integer[] idx = new Integer[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Long.compare(trials[a], trials[b]));
        int[] sorted = new int[size];
        for (int i = 0; i < size; i++) {
            sorted[i] = idx[i];
            if (i > 0 && trials[idx[i]] == trials[idx[i - 1]]) {
                throw new IllegalStateException("duplicate trial index " + trials[idx[i]]);
            }
        }
        return sorted;
    }

    private void checkDimension(int d) {
        if (dimension < 0) {
            dimension = d;
        } else if (d != dimension) {
            throw new IllegalArgumentException("vector of length " + d + " in a buffer of length " + dimension);
        }
    }

    private void ensureCapacity(long needed) {
        if (needed <= trials.length) {
            return;
        }
        if (needed * dimension > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too many values in one buffer: " + needed + " x " + dimension);
        }
        int capacity = (int) Math.max(needed, Math.max(16, 2L * trials.length));
        capacity = (int) Math.min(capacity, (Integer.MAX_VALUE - 8L) / Math.max(1, dimension));
        trials = Arrays.copyOf(trials, capacity);
        values = Arrays.copyOf(values, capacity * dimension);
    }

    /** Trims the spare capacity so Spark ships only what is used. */
    private void writeObject(ObjectOutputStream out) throws IOException {
        if (trials.length != size) {
            trials = Arrays.copyOf(trials, size);
            values = Arrays.copyOf(values, size * Math.max(dimension, 0));
        }
        out.defaultWriteObject();
    }
}
