package resnetmc.config;

import java.io.Serializable;
import java.util.List;
import resnetmc.model.Cell;
import resnetmc.theory.HypothesisConstants;

/**
 * A run's settings, parsed once on the driver from HOCON ({@link ConfigLoader}) and shipped to the
 * executors as this immutable record.
 *
 * @param rendered   the fully resolved config as JSON, stored in the {@code runs} table
 * @param partitions Spark partitions of the trial work, 0 for automatic
 * @param progress   whether the driver prints live progress
 */
public record RunConfig(String runId, String output, long seed, int trials, List<Cell> cells, int trajectoryPoints,
                        double[] deltas, double confidence, HypothesisConstants.CKind cKind, int histogramBins,
                        int partitions, boolean progress, String rendered) implements Serializable {

    public RunConfig {
        cells = List.copyOf(cells);
        deltas = deltas.clone();
    }

    @Override
    public double[] deltas() {
        return deltas.clone();
    }

    public long totalTrials() {
        return (long) trials * cells.size();
    }
}
