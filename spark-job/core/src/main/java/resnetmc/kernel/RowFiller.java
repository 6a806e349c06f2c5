package resnetmc.kernel;

/** The rows of one layer's matrix, in order: each call writes the next row. */
@FunctionalInterface
public interface RowFiller {
    void fill(double[] row, int n);

    /**
     * Fills row[0..n) as {@link #fill} does and returns row . x summed as {@link Vectors#dot} sums it (the
     * same bits); a filler that draws cheap entries does both in one pass.
     */
    default double fillDot(double[] row, double[] x, int n) {
        fill(row, n);
        return Vectors.dot(row, x, n);
    }

    /** Fills row[0..n) as {@link #fill} does and adds a row to y (y += a row), the same bits as fill then axpy. */
    default void fillAxpy(double[] row, double a, double[] y, int n) {
        fill(row, n);
        Vectors.axpy(a, row, y, n);
    }
}
