package resnetmc.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TeacherStudentTest {

  @Test
  void deterministicForASeed() {
    Dataset a = TeacherStudent.generate(7, 8, 3, 200, 50, 0.1);
    Dataset b = TeacherStudent.generate(7, 8, 3, 200, 50, 0.1);
    assertArrayEquals(a.trainX(), b.trainX(), 0.0);
    assertArrayEquals(a.trainY(), b.trainY(), 0.0);
    assertArrayEquals(a.testX(), b.testX(), 0.0);
    assertArrayEquals(a.testY(), b.testY(), 0.0);
    Dataset c = TeacherStudent.generate(8, 8, 3, 200, 50, 0.1);
    assertFalse(Arrays.equals(a.trainY(), c.trainY()));
    // The test set depends on the seed only, not on the train size; a larger train set extends the smaller.
    Dataset longer = TeacherStudent.generate(7, 8, 3, 400, 50, 0.1);
    assertArrayEquals(a.testY(), longer.testY(), 0.0);
    assertArrayEquals(a.trainY(), Arrays.copyOf(longer.trainY(), a.trainY().length), 0.0);
  }

  @Test
  void shapesAndScale() {
    Dataset d = TeacherStudent.generate(1, 16, 4, 2000, 10, 0.0);
    assertEquals("teacher", d.name());
    assertEquals(0, d.classes());
    assertFalse(d.classification());
    assertNull(d.trainLabels());
    assertEquals(2000, d.trainSize());
    assertEquals(10, d.testSize());
    assertEquals(2000 * 16, d.trainX().length);
    assertEquals(2000 * 4, d.trainY().length);
    // Targets are scaled to variance about 1 per output: the mean square over 8000 clean targets of a
    // fixed teacher is 1 up to the teacher's own draw (its T2 row norms vary by about sqrt(2/H) = 18% for
    // H = 64) and the sample noise (about 3%); a wide band that still catches a missing or doubled scale.
    double ms = 0;
    for (double y : d.trainY()) {
      ms += y * y;
    }
    ms /= d.trainY().length;
    assertTrue(ms > 0.5 && ms < 1.6, "mean square target " + ms);
    // Noise adds its variance: same teacher and inputs, noise 0.5 -> mean square + 0.25 (to sampling error).
    Dataset noisy = TeacherStudent.generate(1, 16, 4, 2000, 10, 0.5);
    assertArrayEquals(d.trainX(), noisy.trainX(), 0.0);
    double diff = 0;
    for (int i = 0; i < d.trainY().length; i++) {
      double e = noisy.trainY()[i] - d.trainY()[i];
      diff += e * e;
    }
    // Mean of 8000 squared N(0, 0.25): 0.25 with sd 0.25 sqrt(2/8000) = 0.004; 5 sd.
    assertEquals(0.25, diff / d.trainY().length, 0.02);
  }
}
