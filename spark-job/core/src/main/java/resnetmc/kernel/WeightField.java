package resnetmc.kernel;

import org.apache.commons.rng.UniformRandomProvider;
import resnetmc.model.Cell;
import resnetmc.model.WeightProcess;
import resnetmc.process.FractionalGaussianNoise;
import resnetmc.process.LayerProcess;
import resnetmc.process.RbfProcess;
import resnetmc.rng.TrialStreams;

/**
 * All weights of one trial when they are correlated across layers: for every entry (i, j) of V (and W)
 * its series over k = 1..L is one draw of the cell's process (fGn or RBF GP, unit variance), times
 * 1/sqrt(d), so each layer's entries of sqrt(d) V have unit variance as for i.i.d. weights (the GP
 * values themselves, not rescaled increments; fGn is already the unit-variance increment process of
 * fBm). Memory O(d^2 L) per trial ({@link Cell#fieldBytes()}), allocated once per kernel; row i of V
 * is generated from the stream {@link TrialStreams#vField}(i), so the field is a function of
 * (seed, cell, trial) alone.
 */
public final class WeightField {
    private final int d;
    private final int depth;
    private final double scale;
    private final LayerProcess.Series series;
    private final double[][] v;   // v[k - 1][i * d + j] = (V_k)_{ij}
    private final double[][] w;
    private final double[] a;
    private final double[] b;

    /**
     * @param process the cell's {@link #processFor} result, shared by all trials of the cell
     */
    public WeightField(Cell cell, LayerProcess process) {
        this.d = cell.width();
        this.depth = cell.depth();
        this.scale = 1.0 / Math.sqrt(d);
        if (process == null || process.length() != depth) {
            throw new IllegalArgumentException("no process of length " + depth + " for " + cell.weights().label()
                    + " weights");
        }
        this.series = process.series();
        this.v = new double[depth][d * d];
        this.w = cell.arch().hasInnerWeights() ? new double[depth][d * d] : null;
        this.a = new double[depth];
        this.b = new double[depth];
    }

    /**
     * The process of a cell's weights across layers, computed once per cell (an FFT, or an
     * eigendecomposition); null for i.i.d. weights, which are drawn layer by layer.
     */
    public static LayerProcess processFor(Cell cell) {
        WeightProcess w = cell.weights();
        if (w instanceof WeightProcess.Fbm f) {
            return new FractionalGaussianNoise(cell.depth(), f.hurst());
        }
        if (w instanceof WeightProcess.Rbf r) {
            return new RbfProcess(cell.depth(), r.lengthScale());
        }
        return null;
    }

    /** Draws the trial's whole field. */
    public void generate(TrialStreams streams) {
        fill(v, streams, false);
        if (w != null) {
            fill(w, streams, true);
        }
    }

    private void fill(double[][] m, TrialStreams streams, boolean inner) {
        for (int i = 0; i < d; i++) {
            UniformRandomProvider rng = inner ? streams.wField(i) : streams.vField(i);
            // Entries j, j + 1 of the row share a draw when the process yields two series at once.
            int step = series.perDraw();
            for (int j = 0; j < d; j += step) {
                series.sample(rng, a, b);
                store(m, i * d + j, a);
                if (step == 2 && j + 1 < d) {
                    store(m, i * d + j + 1, b);
                }
            }
        }
    }

    private void store(double[][] m, int entry, double[] series) {
        for (int k = 0; k < depth; k++) {
            m[k][entry] = series[k] * scale;
        }
    }

    /** Copies V_layer (or W_layer), layer = 1..L, row-major d x d, into dst from offset (trainable networks). */
    public void copyLayer(boolean inner, int layer, double[] dst, int offset) {
        System.arraycopy((inner ? w : v)[layer - 1], 0, dst, offset, d * d);
    }

    /** The rows of V_layer (or W_layer), layer = 1..L, in order. */
    RowFiller rows(boolean inner, int layer) {
        double[] matrix = (inner ? w : v)[layer - 1];
        int[] next = {0};
        return (row, n) -> {
            System.arraycopy(matrix, next[0], row, 0, n);
            next[0] += n;
        };
    }
}
