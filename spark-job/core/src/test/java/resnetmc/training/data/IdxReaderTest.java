package resnetmc.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetmc.config.BadInputException;

/** The IDX reader on small files written here in LeCun's format, plain and gzipped, and broken ones. */
class IdxReaderTest {

  @TempDir
  Path dir;

  /** 3 images of 2 x 3 pixels: image i holds 10 i + j at pixel j, and 255 at its last pixel. */
  static byte[] imagesFile(int count, int rows, int cols) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(IdxReader.IMAGES_MAGIC);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(cols);
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < rows * cols; j++) {
        out.writeByte(j == rows * cols - 1 ? 255 : 10 * i + j);
      }
    }
    return bytes.toByteArray();
  }

  static byte[] labelsFile(int... labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(IdxReader.LABELS_MAGIC);
    out.writeInt(labels.length);
    for (int l : labels) {
      out.writeByte(l);
    }
    return bytes.toByteArray();
  }

  static Path write(Path file, byte[] content, boolean gzip) throws IOException {
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    }
    return file;
  }

  @Test
  void readsPlainAndGzippedFiles() throws IOException {
    for (boolean gzip : new boolean[] {false, true}) {
      Path images = write(dir.resolve("img" + gzip), imagesFile(3, 2, 3), gzip);
      Path labels = write(dir.resolve("lab" + gzip), labelsFile(7, 0, 9), gzip);
      IdxReader.Images im = IdxReader.readImages(images, Integer.MAX_VALUE);
      assertEquals(3, im.count());
      assertEquals(2, im.rows());
      assertEquals(3, im.cols());
      assertEquals(6, im.size());
      double[] x = im.scaled();
      // image 1 = bytes 10, 11, 12, 13, 14, 255 -> /255.
      assertArrayEquals(new double[] {10 / 255.0, 11 / 255.0, 12 / 255.0, 13 / 255.0, 14 / 255.0, 1.0},
          Arrays.copyOfRange(x, 6, 12), 0.0);
      assertEquals(0.0, x[0], 0.0);
      assertArrayEquals(new int[] {7, 0, 9}, IdxReader.readLabels(labels, Integer.MAX_VALUE));
      // A limit reads the first items only.
      assertEquals(2, IdxReader.readImages(images, 2).count());
      assertArrayEquals(new int[] {7}, IdxReader.readLabels(labels, 1));
    }
  }

  @Test
  void unsignedBytesAbove127() throws IOException {
    Path labels = write(dir.resolve("lab"), labelsFile(128, 200, 255), false);
    assertArrayEquals(new int[] {128, 200, 255}, IdxReader.readLabels(labels, 3));
  }

  @Test
  void truncatedFileIsNamedWithCounts() throws IOException {
    byte[] full = imagesFile(3, 2, 3);
    // Header 16 bytes + 2 whole images (12 bytes) + 1 byte of the third.
    Path cut = write(dir.resolve("cut-images"), Arrays.copyOf(full, 16 + 13), true);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(cut, 3));
    assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("after 2 of the 3 images"), e.getMessage());
    // The two whole images still read when only they are asked for.
    assertEquals(2, IdxReader.readImages(cut, 2).count());

    Path header = write(dir.resolve("cut-header"), Arrays.copyOf(full, 10), false);
    e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(header, 3));
    assertTrue(e.getMessage().contains(header.toString()) && e.getMessage().contains("header"), e.getMessage());

    Path empty = write(dir.resolve("empty"), new byte[0], false);
    e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(empty, 3));
    assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void wrongMagicIsNamed() throws IOException {
    Path labels = write(dir.resolve("labels-not-images"), labelsFile(1, 2), false);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(labels, 2));
    assertTrue(e.getMessage().contains(labels.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("magic number 0x00000801, expected 0x00000803"), e.getMessage());

    Path text = Files.writeString(dir.resolve("readme.txt"), "not an IDX file at all");
    e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(text, 2));
    assertTrue(e.getMessage().contains("readme.txt") && e.getMessage().contains("not an IDX labels"), e.getMessage());
  }

  @Test
  void fashionMnistFromADataDirectory() throws IOException {
    // The four files under their Debian names, two gzipped and two not: 3 train and 2 test images of 2 x 2.
    write(dir.resolve(FashionMnist.TRAIN_IMAGES + ".gz"), imagesFile(3, 2, 2), true);
    write(dir.resolve(FashionMnist.TRAIN_LABELS + ".gz"), labelsFile(3, 9, 0), true);
    write(dir.resolve(FashionMnist.TEST_IMAGES), imagesFile(2, 2, 2), false);
    write(dir.resolve(FashionMnist.TEST_LABELS), labelsFile(5, 1), false);
    Dataset d = FashionMnist.load(dir.toString(), 2, 2);
    assertEquals(4, d.inputs());
    assertEquals(10, d.classes());
    assertEquals(2, d.trainSize());
    assertEquals(2, d.testSize());
    assertArrayEquals(new int[] {3, 9}, d.trainLabels());
    assertArrayEquals(new int[] {5, 1}, d.testLabels());
    double[] y0 = new double[10];
    y0[3] = 1;
    assertArrayEquals(y0, Arrays.copyOfRange(d.trainY(), 0, 10), 0.0);
    assertArrayEquals(new double[] {10 / 255.0, 11 / 255.0, 12 / 255.0, 1.0}, Arrays.copyOfRange(d.trainX(), 4, 8), 0.0);

    // More examples than the files hold, a missing file, a corrupt one: bad input naming the key.
    assertEquals("training.train-size",
        assertThrows(BadInputException.class, () -> FashionMnist.load(dir.toString(), 4, 2)).key());
    write(dir.resolve(FashionMnist.TEST_LABELS), labelsFile(5, 12), false);
    BadInputException bad = assertThrows(BadInputException.class, () -> FashionMnist.load(dir.toString(), 2, 2));
    assertTrue(bad.getMessage().contains("label 12"), bad.getMessage());
    Files.delete(dir.resolve(FashionMnist.TEST_LABELS));
    bad = assertThrows(BadInputException.class, () -> FashionMnist.load(dir.toString(), 2, 2));
    assertEquals("training.data-dir", bad.key());
    assertTrue(bad.getMessage().contains(FashionMnist.TEST_LABELS)
        && bad.getMessage().contains("sudo apt-get install dataset-fashion-mnist"), bad.getMessage());
    write(dir.resolve(FashionMnist.TEST_LABELS), Arrays.copyOf(labelsFile(5, 1), 9), false);
    bad = assertThrows(BadInputException.class, () -> FashionMnist.load(dir.toString(), 2, 2));
    assertTrue(bad.getMessage().contains("truncated"), bad.getMessage());
  }
}
