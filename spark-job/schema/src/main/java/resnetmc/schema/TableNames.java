package resnetmc.schema;

/**
 * The names of the tables a run writes under {@code OUTPUT/RUN_ID/}: the one place the drivers that
 * write them and the analysis that reads them take them from.
 */
public final class TableNames {
    /** One row per trial ({@code mode = montecarlo}). */
    public static final String TRIALS = "trials";
    /** One row per cell: statistics of its trials. */
    public static final String CELLS = "cells";
    /** One row per cell x statement x delta: the empirical check of a probability bound. */
    public static final String CHECKS = "checks";
    /**
     * One row per exceedance check x method (exact, count, rare-event): P(r_fwd outside the claimed region)
     * with its interval, far below 1/n where the exact law or importance sampling reach.
     */
    public static final String TAILS = "tails";
    /** One row per run, every mode. */
    public static final String RUNS = "runs";
    /** One row per cell x recorded layer ({@code mode = meanfield}). */
    public static final String LAYERS = "layers";
    /** One row per trained network ({@code mode = training}). */
    public static final String TRAINING_RUNS = "training_runs";
    /** One row per trained network x evaluation point ({@code mode = training}). */
    public static final String TRAINING_CURVES = "training_curves";

    private TableNames() {
    }
}
