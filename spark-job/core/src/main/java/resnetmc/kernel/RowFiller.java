package resnetmc.kernel;

/** The rows of one layer's matrix, in order: each call writes the next row. */
@FunctionalInterface
public interface RowFiller {
    void fill(double[] row, int n);
}
