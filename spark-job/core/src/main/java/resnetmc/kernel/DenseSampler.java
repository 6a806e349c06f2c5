package resnetmc.kernel;

import java.util.Arrays;
import java.util.function.BiFunction;
import org.apache.commons.rng.UniformRandomProvider;
import resnetmc.model.Cell;
import resnetmc.model.WeightDistribution;
import resnetmc.model.WeightProcess;
import resnetmc.process.LayerProcess;
import resnetmc.rng.TrialStreams;

/**
 * Every weight drawn: the reference sampler, valid for any weight law.
 *
 * <p>A matrix is never stored. Row i of V_{k+1} (or W_{k+1}) is drawn into a d-vector and used at
 * once: (V g)_i = row . g in the forward pass, V^T q += q_i row in the backward pass, which regenerates
 * the rows in the same order from the layer's own stream ({@link TrialStreams#v}, {@link TrialStreams#w}).
 * The pre-activations W h_k are recomputed in the backward pass from h_k while W's rows are regenerated,
 * so only the states are kept: O(L d + d^2) memory per trial (O(sqrt(L) d) with checkpointing, see
 * {@link ResidualKernel}). Work: d^2 L draws per matrix per pass, 2 d^2 L (res-1) or 4 d^2 L
 * (res-2/3) in all, and as many multiply-adds.
 */
public final class DenseSampler extends ResidualKernel {
    private final double[] row;
    private final double[] pre;
    private final double[] branch;
    private final double[] y;

    private final WeightField field;  // correlated weights; null for i.i.d.
    private final BiFunction<UniformRandomProvider, Double, RowFiller> baseline;  // benchmarks only; else null

    public DenseSampler(Cell cell, int[] trajectoryLayers) {
        this(cell, trajectoryLayers, FULL_STORAGE_BYTES, null);
    }

    /** For correlated weights: {@code process} is {@link WeightField#processFor}(cell), shared by the cell's trials. */
    public DenseSampler(Cell cell, int[] trajectoryLayers, LayerProcess process) {
        this(cell, trajectoryLayers, FULL_STORAGE_BYTES, process);
    }

    /** With a given budget for stored states; above it the backward pass recomputes segments. */
    DenseSampler(Cell cell, int[] trajectoryLayers, long storageBytes) {
        this(cell, trajectoryLayers, storageBytes, null);
    }

    /**
     * For benchmarks: i.i.d. rows from {@code rows}(layer stream, 1/sqrt d) instead of the library's
     * filler (e.g. an earlier way of drawing the same law, timed against the current one in one run).
     */
    public DenseSampler(Cell cell, int[] trajectoryLayers, BiFunction<UniformRandomProvider, Double, RowFiller> rows) {
        this(cell, trajectoryLayers, FULL_STORAGE_BYTES, null, rows);
    }

    private DenseSampler(Cell cell, int[] trajectoryLayers, long storageBytes, LayerProcess process) {
        this(cell, trajectoryLayers, storageBytes, process, null);
    }

    private DenseSampler(Cell cell, int[] trajectoryLayers, long storageBytes, LayerProcess process,
                         BiFunction<UniformRandomProvider, Double, RowFiller> baseline) {
        super(cell, trajectoryLayers, 1, storageBytes);
        this.baseline = baseline;
        this.field = cell.weights().kind() == WeightProcess.Kind.IID ? null : new WeightField(cell, process);
        this.row = new double[d];
        this.pre = new double[d];
        this.branch = new double[d];
        this.y = new double[d];
    }

    @Override
    protected void allocate(int positions) {
        // the states are all the backward pass needs
    }

    @Override
    protected void prepare(TrialStreams streams) {
        if (field != null) {
            field.generate(streams);
        }
    }

    /** The rows of V_layer or W_layer: drawn from the layer's stream, or read from the correlated field. */
    private RowFiller rows(boolean inner, int layer, TrialStreams streams) {
        if (field != null) {
            return field.rows(inner, layer);
        }
        if (law == WeightDistribution.UNIFORM && baseline == null) {
            return EntrySampler.uniform(inner ? streams.wState(layer) : streams.vState(layer), scale);
        }
        UniformRandomProvider rng = inner ? streams.w(layer) : streams.v(layer);
        return baseline != null ? baseline.apply(rng, scale) : EntrySampler.of(law, rng, scale);
    }

    @Override
    protected double forwardLayer(int k, int pos, double[] h, double hSquaredNorm, double[] next,
                                  TrialStreams streams) {
        if (arch.hasInnerWeights()) {
            RowFiller w = rows(true, k + 1, streams);
            for (int i = 0; i < d; i++) {
                pre[i] = w.fillDot(row, h, d);
            }
            act.apply(pre, branch, d);
        } else {
            act.apply(h, branch, d);
        }
        RowFiller v = rows(false, k + 1, streams);
        for (int i = 0; i < d; i++) {
            next[i] = h[i] + alpha * v.fillDot(row, branch, d);
        }
        return Double.NaN;
    }

    @Override
    protected double backwardLayer(int k, int pos, double[] h, double[] q, double[] out, TrialStreams streams) {
        // y = V_{k+1}^T q, rows regenerated in the forward order.
        Arrays.fill(y, 0.0);
        RowFiller v = rows(false, k + 1, streams);
        for (int i = 0; i < d; i++) {
            v.fillAxpy(row, q[i], y, d);
        }
        if (arch.hasInnerWeights()) {
            // out = W^T diag(sigma'(W h_k)) y, with W h_k recomputed row by row.
            Arrays.fill(out, 0.0);
            RowFiller w = rows(true, k + 1, streams);
            for (int i = 0; i < d; i++) {
                double c = act.derivative(w.fillDot(row, h, d)) * y[i];
                if (c != 0.0) {
                    Vectors.axpy(c, row, out, d);
                }
            }
        } else {
            for (int i = 0; i < d; i++) {
                out[i] = act.derivative(h[i]) * y[i];
            }
        }
        return Double.NaN;
    }
}
