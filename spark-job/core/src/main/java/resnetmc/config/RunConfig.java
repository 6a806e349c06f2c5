package resnetmc.config;

import java.io.Serializable;
import java.util.List;
import resnetmc.checks.CheckSettings;
import resnetmc.checks.TrialRounds;
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
 * @param trials     trials per cell; under {@code trials = auto} the first round's, {@code trialsMin}
 * @param auto       {@code trials = auto}: rounds from trialsMin doubling to trialsMax ({@link #rounds()})
 * @param trialsMin  {@code trials-min}: the first round of auto (equal to trials otherwise)
 * @param trialsMax  {@code trials-max}: the most trials of a cell under auto (equal to trials otherwise)
 * @param trialsTable which trials rows are written: {@code all}, {@code sample} (the first
 *                   {@code trialsTableSample} of each cell) or {@code none}
 */
public record RunConfig(String runId, String output, long seed, int trials, List<Cell> cells, int trajectoryPoints,
                        double[] deltas, double confidence, HypothesisConstants.CKind cKind, double tolerance,
                        int meanMinTrials, int histogramBins, int partitions, boolean progress, boolean backward,
                        String rendered, boolean auto, int trialsMin, int trialsMax, TrialsTable trialsTable,
                        int trialsTableSample)
        implements Serializable {

    /** The {@code trials-table} key. */
    public enum TrialsTable { ALL, SAMPLE, NONE }

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

    /** The rounds of {@code trials = auto}; null for a fixed trial count. */
    public TrialRounds rounds() {
        return auto ? new TrialRounds(trialsMin, trialsMax) : null;
    }

    /**
     * Trials per cell at least (all of them when not auto): {@code trials}, or {@code trials-min} for
     * auto. With {@link #trialsMax()} the range a plan can print.
     */
    public int trialsMin() {
        return auto ? trialsMin : trials;
    }

    /** Trials per cell at most: {@code trials}, or {@code trials-max} for auto. */
    public int trialsMax() {
        return auto ? trialsMax : trials;
    }

    /** Trials of all cells; under auto those of the first round (the least). */
    public long totalTrials() {
        return (long) trials * cells.size();
    }
}
