package resnetmc.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Fashion-MNIST as Debian's {@code dataset-fashion-mnist} installs it (.ci/run installs the package when
 * it can); skipped when the package is missing.
 */
class FashionMnistTest {

  @Test
  void loadsTheInstalledFiles() {
    assumeTrue(FashionMnist.locate() != null, "dataset-fashion-mnist is not installed");
    Dataset d = FashionMnist.load(null, FashionMnist.TRAIN_AVAILABLE, FashionMnist.TEST_AVAILABLE);
    assertEquals("fashion-mnist", d.name());
    assertEquals(60000, d.trainSize());
    assertEquals(10000, d.testSize());
    assertEquals(784, d.inputs());
    assertEquals(10, d.classes());
    // Xiao et al. (2017) balanced the classes: 6000 training and 1000 test images of each.
    int[] train = new int[10];
    int[] test = new int[10];
    for (int l : d.trainLabels()) {
      train[l]++;
    }
    for (int l : d.testLabels()) {
      test[l]++;
    }
    for (int c = 0; c < 10; c++) {
      assertEquals(6000, train[c], "class " + c);
      assertEquals(1000, test[c], "class " + c);
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (double x : d.trainX()) {
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
    }
    assertEquals(0.0, min, 0.0);
    assertEquals(1.0, max, 0.0);
    // Mean pixel of the training images, 72.94 / 255 = 0.2860 (the normalisation constant commonly quoted
    // for Fashion-MNIST); a wrong byte order or a skipped header would move it far.
    assertEquals(0.2860, sum / d.trainX().length, 5e-4);
    // The one-hot rows agree with the labels.
    assertEquals(1.0, d.trainY()[10 * 123 + d.trainLabels()[123]], 0.0);
    // A prefix is the first examples of the files.
    Dataset small = FashionMnist.load("", 100, 50);
    assertEquals(100, small.trainSize());
    assertEquals(d.trainLabels()[99], small.trainLabels()[99]);
    assertTrue(small.testX().length == 50 * 784);
  }
}
