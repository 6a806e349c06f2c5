package resnetmc.meanfield;

import java.io.Serializable;
import java.util.List;

/**
 * The settings of a {@code mode = meanfield} run, parsed once on the driver ({@link MeanFieldConfigs})
 * and shipped to the executors.
 *
 * @param layers     the recorded layers of each cell (log-spaced, 0 and L included), cell by cell
 * @param partitions Spark partitions of the trial work, 0 for automatic
 * @param rendered   the resolved config as JSON, for the {@code runs} table
 */
public record MeanFieldConfig(String runId, String output, long seed, int trials, List<MeanFieldCell> cells,
                              int layerPoints, double confidence, int partitions, boolean progress, String rendered)
        implements Serializable {

    public MeanFieldConfig {
        cells = List.copyOf(cells);
    }

    public long totalTrials() {
        return (long) trials * cells.size();
    }
}
