package resnetmc.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HistogramTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void knownSmallExample() {
    // min -0.15 -> floor(-1.5) / 10 = -0.2; max 0.15 -> ceil(1.5) / 10 = 0.2; width 0.4 / 3.
    // Edges -0.2, -0.0667, 0.0667, 0.2: -0.15 | -0.05, 0.02 | 0.08, 0.15 -> counts 1, 2, 2.
    Histogram h = Histogram.of(new double[] {0.08, -0.15, 0.02, 0.15, -0.05}, 3);
    assertArrayEquals(new double[] {-0.2, -0.2 + 0.4 / 3, -0.2 + 0.8 / 3, 0.2}, h.edges(), TOLERANCE);
    assertArrayEquals(new long[] {1, 2, 2}, h.counts());
  }

  @Test
  void lastBinIsClosedOnTheRight() {
    // [0, 1] in two bins: 0 -> bin 0; 0.5 on the inner edge -> bin 1; 1 == hi -> last bin.
    Histogram h = Histogram.of(new double[] {0.0, 0.5, 1.0}, 2);
    assertArrayEquals(new double[] {0.0, 0.5, 1.0}, h.edges(), 0.0);
    assertArrayEquals(new long[] {1, 2}, h.counts());
  }

  @Test
  void rangeRoundsOutwardToTenths() {
    // min 0.31 -> floor(3.1) / 10 = 0.3; max 0.47 -> ceil(4.7) / 10 = 0.5.
    Histogram h = Histogram.of(new double[] {0.31, 0.47}, 2);
    assertEquals(0.3, h.edges()[0], 0.0);
    assertEquals(0.5, h.edges()[2], 0.0);
  }

  @Test
  void equalRoundedBoundsAreWidenedByHalf() {
    // All values 2.0: lo = hi = 2 -> [1.5, 2.5]; with two bins 2.0 sits on the inner edge -> bin 1.
    Histogram h = Histogram.of(new double[] {2.0, 2.0, 2.0}, 2);
    assertArrayEquals(new double[] {1.5, 2.0, 2.5}, h.edges(), 0.0);
    assertArrayEquals(new long[] {0, 3}, h.counts());
  }

  @Test
  void emptyOrNonFiniteInputGivesEmptyHistogram() {
    for (double[] values : new double[][] {{}, {Double.NaN, Double.NEGATIVE_INFINITY}}) {
      Histogram h = Histogram.of(values, 5);
      assertEquals(0, h.edges().length);
      assertEquals(0, h.counts().length);
    }
  }

  @Test
  void countsSumToNumberOfFiniteValues() {
    SplittableRandom random = new SplittableRandom(99L);
    double[] values = new double[5000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 50 == 0 ? Double.NaN : random.nextGaussian() * 3; // 100 NaN
    }
    Histogram h = Histogram.of(values, 37);
    assertEquals(38, h.edges().length);
    assertEquals(4900, Arrays.stream(h.counts()).sum());
    for (int i = 1; i < h.edges().length; i++) {
      assertEquals(true, h.edges()[i] > h.edges()[i - 1], "edges increase");
    }
  }

  @Test
  void rejectsInvalidInput() {
    assertThrows(IllegalArgumentException.class, () -> Histogram.of(new double[] {1}, 0));
    // -1e308 * 10 overflows to -Inf, so the rounded range is not representable.
    assertThrows(IllegalArgumentException.class, () -> Histogram.of(new double[] {-1e308, 1e308}, 4));
  }
}
