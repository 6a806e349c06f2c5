package resnetmc.stats;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Add/merge buffer of the (trial, value) samples of one grid cell, the shape of Spark MLlib's
 * {@code Summarizer} buffer.
 *
 * <p>Implementation overview: floating-point addition is not associative, so a running sum
 * would depend on the order in which Spark adds samples and merges partitions. The buffer
 * therefore keeps every sample and the summary is computed only after ordering the values by
 * trial index ({@link #sortedByTrial()}), so every sum runs in one fixed order and the result is
 * bit-for-bit identical for any partitioning. Samples live in two parallel primitive arrays that
 * grow by doubling (no boxing). Non-finite values are kept; {@link Summary} counts them.
 *
 * @since 0.1.0
 */
public final class SampleBuffer implements Serializable {

  // ---------------------------------------------------------------- static fields

  private static final long serialVersionUID = 1L;

  /** First allocation; small enough to waste little on cells with few trials. */
  private static final int INITIAL_CAPACITY = 16;

  /** Largest array the JVM reliably allocates (some VMs reserve header words in the array). */
  private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

  // ---------------------------------------------------------------- instance fields

  private long[] trials = new long[0];
  private double[] values = new double[0];
  private int size;

  // ---------------------------------------------------------------- methods

  /** Appends one sample; returns this. */
  public SampleBuffer add(long trial, double value) {
    ensureCapacity(size + 1L);
    trials[size] = trial;
    values[size] = value;
    size++;
    return this;
  }

  /** Appends all samples of {@code other} (which is left unchanged); returns this. */
  public SampleBuffer merge(SampleBuffer other) {
    ensureCapacity((long) size + other.size);
    System.arraycopy(other.trials, 0, trials, size, other.size);
    System.arraycopy(other.values, 0, values, size, other.size);
    size += other.size;
    return this;
  }

  /** Number of samples, finite or not. */
  public long count() {
    return size;
  }

  /**
   * The values ordered by trial index.
   *
   * <p>Sorts a copy of the trial indices (primitive sort, no index boxing), then places each value
   * at the position of its trial found by binary search: O(n log n).
   *
   * @throws IllegalStateException if a trial index occurs twice (the trial was computed twice)
   */
  public double[] sortedByTrial() {
    long[] sortedTrials = Arrays.copyOf(trials, size);
    Arrays.sort(sortedTrials);
    for (int i = 1; i < size; i++) {
      if (sortedTrials[i] == sortedTrials[i - 1]) {
        throw new IllegalStateException("duplicate trial index " + sortedTrials[i]);
      }
    }
    double[] ordered = new double[size];
    for (int i = 0; i < size; i++) {
      ordered[Arrays.binarySearch(sortedTrials, trials[i])] = values[i];
    }
    return ordered;
  }

  /** {@code Summary.of(sortedByTrial(), confidence, histogramBins)}. */
  public Summary summarize(double confidence, int histogramBins) {
    return Summary.of(sortedByTrial(), confidence, histogramBins);
  }

  private void ensureCapacity(long needed) {
    if (needed <= trials.length) {
      return;
    }
    if (needed > MAX_CAPACITY) {
      throw new IllegalStateException("more than " + MAX_CAPACITY + " samples in one buffer");
    }
    int capacity = (int) Math.min(MAX_CAPACITY,
        Math.max(needed, Math.max(INITIAL_CAPACITY, 2L * trials.length)));
    trials = Arrays.copyOf(trials, capacity);
    values = Arrays.copyOf(values, capacity);
  }

  /** Trims the spare capacity so Spark does not ship up to twice the needed bytes. */
  private void writeObject(ObjectOutputStream out) throws IOException {
    if (trials.length != size) {
      trials = Arrays.copyOf(trials, size);
      values = Arrays.copyOf(values, size);
    }
    out.defaultWriteObject();
  }
}
