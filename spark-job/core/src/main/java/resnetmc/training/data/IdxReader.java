package resnetmc.training.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of (Fashion-)MNIST (LeCun's format): a 4-byte magic number {@code 00 00 TT NN},
 * where TT = 0x08 marks unsigned bytes and NN is the number of dimensions, then NN big-endian 32-bit
 * sizes, then the data, row-major. Labels are idx1 (magic 0x00000801), images idx3 (0x00000803).
 * A file that starts with the gzip magic {@code 1f 8b} is decompressed on the fly, whatever its name,
 * so the {@code .gz} files Debian ships and unpacked copies both read.
 *
 * <p>Only the first {@code limit} items are read (a run on 10000 examples does not decompress 60000);
 * a file that ends before the items asked for is reported as truncated, naming the file and the counts.
 */
public final class IdxReader {

    /** Magic number of an idx1 file of unsigned bytes (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Magic number of an idx3 file of unsigned bytes (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** First two bytes of every gzip stream (RFC 1952). */
    private static final int GZIP_MAGIC = 0x1f8b;
    private static final int BUFFER = 1 << 16;

    private IdxReader() {
    }

    /** Images of an idx3 file: {@code count} images of {@code rows x cols} unsigned bytes, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {

        /** Pixels per image. */
        public int size() {
            return rows * cols;
        }

        /** The pixels as doubles in [0, 1] (byte / 255), count x size row-major. */
        public double[] scaled() {
            double[] x = new double[pixels.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (pixels[i] & 0xff) / 255.0;
            }
            return x;
        }
    }

    /** The first {@code min(limit, n)} images of an idx3 file (limit >= 0). */
    public static Images readImages(Path file, int limit) throws IOException {
        checkLimit(limit);
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, IMAGES_MAGIC);
            int count = Math.min(limit, dims[0]);
            int rows = dims[1];
            int cols = dims[2];
            long bytes = (long) count * rows * cols;
            if (bytes > Integer.MAX_VALUE - 8) {
                throw new IdxFormatException(file + ": " + count + " images of " + rows + "x" + cols
                        + " do not fit in one array; ask for fewer");
            }
            byte[] pixels = new byte[(int) bytes];
            fill(in, pixels, file, "images", count, rows * cols);
            return new Images(count, rows, cols, pixels);
        }
    }

    /** The first {@code min(limit, n)} labels of an idx1 file (limit >= 0). */
    public static int[] readLabels(Path file, int limit) throws IOException {
        checkLimit(limit);
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, LABELS_MAGIC);
            int count = Math.min(limit, dims[0]);
            byte[] raw = new byte[count];
            fill(in, raw, file, "labels", count, 1);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit + " < 0");
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = (b0 << 8 | b1) == GZIP_MAGIC ? new GZIPInputStream(raw, BUFFER) : raw;
        return new DataInputStream(in);
    }

    /** Checks the magic number and returns the dimension sizes. */
    private static int[] header(DataInputStream in, Path file, int magic) throws IOException {
        int found;
        try {
            found = in.readInt();
        } catch (EOFException e) {
            throw new IdxFormatException(file + ": truncated IDX file (shorter than its 4-byte magic number)");
        }
        if (found != magic) {
            throw new IdxFormatException(String.format(
                    "%s: not an IDX %s file: magic number 0x%08x, expected 0x%08x",
                    file, magic == IMAGES_MAGIC ? "images (idx3-ubyte)" : "labels (idx1-ubyte)", found, magic));
        }
        int[] dims = new int[magic & 0xff];
        for (int i = 0; i < dims.length; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new IdxFormatException(file + ": truncated IDX file: header ends after " + i + " of "
                        + dims.length + " dimension sizes");
            }
            if (dims[i] < 0) {
                throw new IdxFormatException(file + ": negative dimension size " + dims[i]);
            }
        }
        return dims;
    }

    private static void fill(DataInputStream in, byte[] data, Path file, String what, int count, int itemSize)
            throws IOException {
        int done = 0;
        while (done < data.length) {
            int r = in.read(data, done, data.length - done);
            if (r < 0) {
                throw new IdxFormatException(String.format(
                        "%s: truncated IDX file: the data ends after %d of the %d %s asked for (%d of %d bytes)",
                        file, done / itemSize, count, what, done, data.length));
            }
            done += r;
        }
    }
}
