package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleBufferTest {

  private static final int SAMPLES = 1000;
  private static final double CONFIDENCE = 0.95;
  private static final int BINS = 20;

  /** Distinct, unordered trial indices with values spanning decades and some non-finite ones. */
  private static long[] trials;
  private static double[] values;

  static {
    SplittableRandom random = new SplittableRandom(20240611L);
    trials = new long[SAMPLES];
    values = new double[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      trials[i] = 1_000_003L * i + 17; // distinct by construction
      values[i] = i % 97 == 0 ? Double.NaN
          : i % 89 == 0 ? Double.POSITIVE_INFINITY
          : random.nextGaussian() * Math.pow(10, random.nextInt(-3, 4));
    }
    shuffle(new SplittableRandom(7L), trials, values);
  }

  @Test
  void partitionsAndMergeOrdersGiveBitIdenticalSummary() {
    Summary reference = buffers(1, 1L).get(0).summarize(CONFIDENCE, BINS);
    for (int parts : new int[] {2, 7}) {
      for (long seed : new long[] {1L, 2L, 3L}) {
        List<SampleBuffer> leftFold = buffers(parts, seed);
        SampleBuffer left = new SampleBuffer();
        leftFold.forEach(left::merge);
        assertIdentical(reference, left.summarize(CONFIDENCE, BINS));

        List<SampleBuffer> rightFold = buffers(parts, seed);
        SampleBuffer right = new SampleBuffer();
        for (int i = rightFold.size() - 1; i >= 0; i--) {
          right = rightFold.get(i).merge(right);
        }
        assertIdentical(reference, right.summarize(CONFIDENCE, BINS));

        assertIdentical(reference, treeMerge(buffers(parts, seed)).summarize(CONFIDENCE, BINS));
      }
    }
  }

  @Test
  void mergeWithEmptyBufferOnEitherSideLeavesSummaryUnchanged() {
    Summary reference = buffers(1, 1L).get(0).summarize(CONFIDENCE, BINS);
    assertIdentical(reference, buffers(1, 1L).get(0).merge(new SampleBuffer()).summarize(CONFIDENCE, BINS));
    assertIdentical(reference, new SampleBuffer().merge(buffers(1, 1L).get(0)).summarize(CONFIDENCE, BINS));
    assertEquals(0, new SampleBuffer().merge(new SampleBuffer()).count());
  }

  @Test
  void sortedByTrialOrdersValuesByTrialIndex() {
    // Trials 30, -5, 10 added in that order; by trial: -5 -> 2.0, 10 -> 3.0, 30 -> 1.0.
    SampleBuffer buffer = new SampleBuffer().add(30, 1.0).add(-5, 2.0).add(10, 3.0);
    assertArrayEquals(new double[] {2.0, 3.0, 1.0}, buffer.sortedByTrial(), 0.0);
    assertEquals(3, buffer.count());
  }

  @Test
  void duplicateTrialIndexThrows() {
    SampleBuffer a = new SampleBuffer().add(1, 0.5).add(2, 0.7);
    SampleBuffer b = new SampleBuffer().add(2, 0.7);
    assertThrows(IllegalStateException.class, () -> a.merge(b).sortedByTrial());
  }

  @Test
  void growsPastInitialCapacity() {
    // 10_000 adds force several doublings; the values must survive each copy in order.
    SampleBuffer buffer = new SampleBuffer();
    for (int i = 9_999; i >= 0; i--) {
      buffer.add(i, i);
    }
    double[] sorted = buffer.sortedByTrial();
    assertEquals(10_000, buffer.count());
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i], 0.0);
    }
  }

  @Test
  void serializationRoundTripKeepsSamples() throws Exception {
    SampleBuffer original = buffers(1, 1L).get(0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(original);
    }
    SampleBuffer copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (SampleBuffer) in.readObject();
    }
    assertArrayEquals(original.sortedByTrial(), copy.sortedByTrial(), 0.0);
    copy.add(-1, 42.0); // a trimmed buffer must still grow
    assertEquals(SAMPLES + 1, copy.count());
  }

  // ---------------------------------------------------------------- helpers

  /** Splits the samples into {@code parts} buffers, each filled in a seed-dependent shuffled order. */
  private static List<SampleBuffer> buffers(int parts, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] t = trials.clone();
    double[] v = values.clone();
    shuffle(random, t, v);
    List<SampleBuffer> buffers = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      buffers.add(new SampleBuffer());
    }
    for (int i = 0; i < t.length; i++) {
      buffers.get(random.nextInt(parts)).add(t[i], v[i]);
    }
    return buffers;
  }

  private static SampleBuffer treeMerge(List<SampleBuffer> buffers) {
    if (buffers.size() == 1) {
      return buffers.get(0);
    }
    int mid = buffers.size() / 2;
    return treeMerge(buffers.subList(mid, buffers.size()))
        .merge(treeMerge(buffers.subList(0, mid)));
  }

  private static void shuffle(SplittableRandom random, long[] t, double[] v) {
    for (int i = t.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long tt = t[i];
      t[i] = t[j];
      t[j] = tt;
      double vv = v[i];
      v[i] = v[j];
      v[j] = vv;
    }
  }

  static void assertIdentical(Summary expected, Summary actual) {
    assertEquals(expected.n(), actual.n());
    assertEquals(expected.nonFinite(), actual.nonFinite());
    assertEquals(expected.mean(), actual.mean(), 0.0);
    assertEquals(expected.sd(), actual.sd(), 0.0);
    assertEquals(expected.ciLow(), actual.ciLow(), 0.0);
    assertEquals(expected.ciHigh(), actual.ciHigh(), 0.0);
    assertArrayEquals(expected.quantiles(), actual.quantiles(), 0.0);
    assertEquals(expected.min(), actual.min(), 0.0);
    assertEquals(expected.max(), actual.max(), 0.0);
    assertArrayEquals(expected.histogram().edges(), actual.histogram().edges(), 0.0);
    assertArrayEquals(expected.histogram().counts(), actual.histogram().counts());
    assertEquals(expected, actual);
  }
}
