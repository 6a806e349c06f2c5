package resnetmc.job.run;

/**
 * The size of a finished run, for its {@code runs} row and its summary: {@code cells} cells of
 * {@code trialsPerCell} trials (in training a cell is a network of one trial), spread over
 * {@code partitions} partitions of {@code workUnits} units in all; after a resume, {@code cellsReused}
 * cells came from the interrupted run and only {@code trialsComputed} trials were computed by this job.
 */
public record RunCounts(int cells, int trialsPerCell, long totalTrials, int partitions, int workUnits,
                        int cellsComputed, int cellsReused, long trialsComputed) {

    /** A run computed whole, nothing reused. */
    public static RunCounts whole(int cells, int trialsPerCell, long totalTrials, int partitions, int workUnits) {
        return new RunCounts(cells, trialsPerCell, totalTrials, partitions, workUnits, cells, 0, totalTrials);
    }
}
