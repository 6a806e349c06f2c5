package resnetmc.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import resnetmc.config.BadInputException;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017: 60000 training and 10000 test 28 x 28 grey images of
 * 10 clothing classes) from the IDX files of Debian's {@code dataset-fashion-mnist} package, read by
 * {@link IdxReader}. Pixels are scaled to [0, 1] (byte / 255), labels are 0..9 one-hot.
 *
 * <p>Where the files are: {@code data-dir} when it is set; else wherever {@code dpkg -L
 * dataset-fashion-mnist} lists them; else {@link #DEBIAN_DIR}, where the package puts them. Each file
 * may be gzipped ({@code .gz}, as Debian ships them) or not.
 */
public final class FashionMnist {

    /** Where Debian's dataset-fashion-mnist installs the files (package 0.0~git20200523). */
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
    public static final String PACKAGE = "dataset-fashion-mnist";
    public static final int CLASSES = 10;
    public static final int TRAIN_AVAILABLE = 60000;
    public static final int TEST_AVAILABLE = 10000;
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** dpkg -L answers in milliseconds; a hung package database must not hang the driver. */
    private static final long DPKG_TIMEOUT_SECONDS = 20;

    private FashionMnist() {
    }

    /**
     * The first {@code trainSize} training and first {@code testSize} test examples.
     *
     * @param dataDir a folder holding the four IDX files, or null/empty to find the Debian install
     * @throws BadInputException ({@code training.data-dir} or {@code training.dataset}) when the files are
     *     missing, corrupt, or hold fewer examples than asked for, or a size is out of range
     */
    public static Dataset load(String dataDir, int trainSize, int testSize) {
        if (trainSize < 1 || trainSize > TRAIN_AVAILABLE) {
            throw new BadInputException("training.train-size",
                    trainSize + "; Fashion-MNIST has 1 to " + TRAIN_AVAILABLE + " training examples");
        }
        if (testSize < 1 || testSize > TEST_AVAILABLE) {
            throw new BadInputException("training.test-size",
                    testSize + "; Fashion-MNIST has 1 to " + TEST_AVAILABLE + " test examples");
        }
        boolean explicit = dataDir != null && !dataDir.isBlank();
        String key = explicit ? "training.data-dir" : "training.dataset";
        Path dir = explicit ? Path.of(dataDir) : locate();
        if (dir == null) {
            throw new BadInputException(key, "the Fashion-MNIST files were not found (package " + PACKAGE
                    + " is not installed: no " + TRAIN_IMAGES + ".gz in `dpkg -L " + PACKAGE + "` nor in "
                    + DEBIAN_DIR + "); install them with `sudo apt-get install " + PACKAGE
                    + "`, or set training.data-dir to a folder holding the four IDX files");
        }
        Path[] files = new Path[4];
        String[] names = {TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS};
        for (int i = 0; i < 4; i++) {
            files[i] = find(dir, names[i]);
            if (files[i] == null) {
                throw new BadInputException(key, "no " + names[i] + "[.gz] in " + dir + " (expected the four"
                        + " IDX files of Fashion-MNIST; `sudo apt-get install " + PACKAGE + "` installs them in "
                        + DEBIAN_DIR + ")");
            }
        }
        try {
            IdxReader.Images trainImages = IdxReader.readImages(files[0], trainSize);
            int[] trainLabels = IdxReader.readLabels(files[1], trainSize);
            IdxReader.Images testImages = IdxReader.readImages(files[2], testSize);
            int[] testLabels = IdxReader.readLabels(files[3], testSize);
            check(key, files[0], trainImages.count(), trainSize, "training.train-size");
            check(key, files[1], trainLabels.length, trainSize, "training.train-size");
            check(key, files[2], testImages.count(), testSize, "training.test-size");
            check(key, files[3], testLabels.length, testSize, "training.test-size");
            if (trainImages.size() != testImages.size()) {
                throw new BadInputException(key, files[0] + " has " + trainImages.rows() + "x" + trainImages.cols()
                        + " images but " + files[2] + " " + testImages.rows() + "x" + testImages.cols());
            }
            labels(key, files[1], trainLabels);
            labels(key, files[3], testLabels);
            return new Dataset("fashion-mnist", trainImages.size(), CLASSES, CLASSES,
                    trainImages.scaled(), Dataset.oneHot(trainLabels, CLASSES), trainLabels,
                    testImages.scaled(), Dataset.oneHot(testLabels, CLASSES), testLabels);
        } catch (IdxFormatException e) {
            throw new BadInputException(key, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading Fashion-MNIST from " + dir, e);
        }
    }

    /** The folder of the installed files: from {@code dpkg -L}, else the known path; null when neither has them. */
    static Path locate() {
        for (String line : dpkgList()) {
            if (line.endsWith("/" + TRAIN_IMAGES + ".gz") || line.endsWith("/" + TRAIN_IMAGES)) {
                Path dir = Path.of(line).getParent();
                if (dir != null && find(dir, TRAIN_IMAGES) != null) {
                    return dir;
                }
            }
        }
        Path debian = Path.of(DEBIAN_DIR);
        return find(debian, TRAIN_IMAGES) != null ? debian : null;
    }

    /** The lines of {@code dpkg -L dataset-fashion-mnist}; empty when dpkg is missing, fails or hangs. */
    private static List<String> dpkgList() {
        try {
            Process p = new ProcessBuilder("dpkg", "-L", PACKAGE).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(DPKG_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            return p.exitValue() == 0 ? out.lines().map(String::trim).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** {@code dir/name.gz} or {@code dir/name}, whichever is a regular file (gz first, as Debian ships it). */
    private static Path find(Path dir, String name) {
        for (Path c : List.of(dir.resolve(name + ".gz"), dir.resolve(name))) {
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        return null;
    }

    private static void check(String key, Path file, int got, int wanted, String sizeKey) {
        if (got < wanted) {
            throw new BadInputException(sizeKey, wanted + " examples asked for but " + file + " holds only " + got
                    + " (" + key + ")");
        }
    }

    private static void labels(String key, Path file, int[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= CLASSES) {
                throw new BadInputException(key, file + ": label " + labels[i] + " at index " + i
                        + " is not a Fashion-MNIST class 0.." + (CLASSES - 1));
            }
        }
    }
}
