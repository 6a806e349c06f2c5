package resnetmc.config;

import java.io.Serializable;
import java.util.List;
import resnetmc.checks.CheckSettings;
import resnetmc.model.Cell;
import resnetmc.theory.HypothesisConstants;

/**
 * A run's settings, parsed once on the driver from HOCON ({@link ConfigLoader}) and shipped to the
 * executors as this immutable record.
 *
 * @param confidence    the level of the cells table's intervals, and the family level of the checks table
 *                      (1 - the probability of any false verdict in it; THEORY.md section 7)
 * @param tolerance     relative tolerance of the mean statement (Lemma 1), {@code checks.tolerance}
 * @param meanMinTrials smallest sample on which a mean interval is used, {@code checks.mean-min-trials}
 * @param backward      whether trials run the backward pass ({@code backward}; false: backward columns null)
 * @param rendered   the fully resolved config as JSON, stored in the {@code runs} table
 * @param partitions Spark partitions of the trial work, 0 for automatic
 * @param progress   whether the driver prints live progress
 */
public record RunConfig(String runId, String output, long seed, int trials, List<Cell> cells, int trajectoryPoints,
                        double[] deltas, double confidence, HypothesisConstants.CKind cKind, double tolerance,
                        int meanMinTrials, int histogramBins, int partitions, boolean progress, boolean backward,
                        String rendered)
        implements Serializable {

    public RunConfig {
        cells = List.copyOf(cells);
        deltas = deltas.clone();
    }

    @Override
    public double[] deltas() {
        return deltas.clone();
    }

    /** How the checks table is judged. */
    public CheckSettings checkSettings() {
        return new CheckSettings(deltas, confidence, tolerance, cKind, meanMinTrials);
    }

    public long totalTrials() {
        return (long) trials * cells.size();
    }
}
