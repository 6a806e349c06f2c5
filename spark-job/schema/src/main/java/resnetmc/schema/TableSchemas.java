package resnetmc.schema;

import static resnetmc.schema.Column.Type.BOOLEAN;
import static resnetmc.schema.Column.Type.DOUBLE;
import static resnetmc.schema.Column.Type.DOUBLE_ARRAY;
import static resnetmc.schema.Column.Type.INT;
import static resnetmc.schema.Column.Type.INT_ARRAY;
import static resnetmc.schema.Column.Type.LONG;
import static resnetmc.schema.Column.Type.LONG_ARRAY;
import static resnetmc.schema.Column.Type.STRING;
import static resnetmc.schema.Column.Type.TIMESTAMP;
import static resnetmc.schema.Columns.*;

import java.util.List;

/**
 * The layout of every table a run writes: the job builds its Spark schemas from these and analysis
 * checks its queries against them. Absent parameters (beta with an explicit alpha, the length scale of
 * i.i.d. weights ...) and optional results are nullable; measured values keep NaN and Infinity.
 */
public final class TableSchemas {

    /** One row per trial ({@code mode = montecarlo}). */
    public static final TableSchema TRIALS = versions(cell(TableNames.TRIALS)
            .add(TRIAL, LONG)
            // the gradient columns are null when the run skips the backward pass (backward = false)
            .add(R_FWD, DOUBLE).add(R_BWD, DOUBLE, true).add(LOG10_R_FWD, DOUBLE).add(LOG10_R_BWD, DOUBLE, true)
            .add(H_RATIO, DOUBLE).add(P_RATIO, DOUBLE, true).add(LOG10_H_RATIO, DOUBLE).add(LOG10_P_RATIO, DOUBLE, true)
            .add(LOG10_H0_NORM, DOUBLE).add(EULER_GAP, DOUBLE, true).add(FINITE, BOOLEAN)
            .add(TRAJ_LAYER, INT_ARRAY).add(TRAJ_LOG10_H_RATIO, DOUBLE_ARRAY)
            .add(TRAJ_LOG10_P_RATIO, DOUBLE_ARRAY, true))
            .build();

    /** One row per cell: the statistics of its trials. */
    public static final TableSchema CELLS = cells();

    /** One row per cell x statement x delta. */
    public static final TableSchema CHECKS = versions(cell(TableNames.CHECKS)
            .add(STATEMENT, STRING).add(DELTA, DOUBLE, true)
            .add(APPLICABLE, BOOLEAN).add(PRECONDITION_FAILED, STRING, true)
            .add(BOUND_LOW, DOUBLE, true).add(BOUND_HIGH, DOUBLE, true)
            .add(STATISTIC, DOUBLE, true).add(CI_LOW, DOUBLE, true).add(CI_HIGH, DOUBLE, true)
            .add(EXCEEDANCES, LONG, true).add(N, LONG).add(VERDICT, STRING)
            .add(HYP_C, DOUBLE).add(HYP_S, DOUBLE).add(C_KIND, STRING)
            .add(CONFIDENCE, DOUBLE, true).add(FAMILY_CONFIDENCE, DOUBLE).add(DETAIL, STRING)
            .add(METHOD, STRING, true).add(TOLERANCE, DOUBLE, true)
            .add(SLACK_SIDE, STRING, true).add(SLACK_P, DOUBLE, true).add(QUANTILE, DOUBLE, true)
            .add(QUANTILE_CI_LOW, DOUBLE, true).add(QUANTILE_CI_HIGH, DOUBLE, true)
            .add(SLACK, DOUBLE, true).add(SLACK_CI_LOW, DOUBLE, true).add(SLACK_CI_HIGH, DOUBLE, true)).build();

    /** One row per exceedance check x method (exact, count, rare-event): resnetmc.rare.TailRow. */
    public static final TableSchema TAILS = versions(cell(TableNames.TAILS)
            .add(STATEMENT, STRING).add(DELTA, DOUBLE).add(BOUND_LOW, DOUBLE, true).add(BOUND_HIGH, DOUBLE, true)
            .add(METHOD, STRING).add(PROBABILITY, DOUBLE, true).add(CI_LOW, DOUBLE, true).add(CI_HIGH, DOUBLE, true)
            .add(LOG10_PROBABILITY, DOUBLE, true).add(LOG10_CI_LOW, DOUBLE, true).add(LOG10_CI_HIGH, DOUBLE, true)
            .add(CONFIDENCE, DOUBLE, true).add(N, LONG).add(HITS, LONG).add(ESS, DOUBLE, true).add(TILT, DOUBLE, true)
            .add(DECIDES, BOOLEAN).add(DETAIL, STRING)).build();

    /** One row per run, every mode (in training a cell is a network of one trial). */
    public static final TableSchema RUNS = new TableSchema.Builder(TableNames.RUNS)
            .add(RUN_ID, STRING).add(STATUS, STRING).add(CONFIG, STRING)
            .add(SEED, LONG).add(Columns.CELLS, INT).add(TRIALS_PER_CELL, INT).add(TOTAL_TRIALS, LONG)
            .add(PROJECT_VERSION, STRING).add(SPARK_VERSION, STRING).add(JAVA_VERSION, STRING)
            .add(MASTER, STRING).add(PARTITIONS, INT).add(WORK_UNITS, INT)
            .add(STARTED_AT, TIMESTAMP).add(FINISHED_AT, TIMESTAMP)
            .add(WALL_SECONDS, DOUBLE).add(TRIALS_PER_SECOND, DOUBLE)
            .add(CELLS_COMPUTED, INT).add(CELLS_REUSED, INT).add(RESUMED, BOOLEAN)
            .add(FAMILY_CONFIDENCE, DOUBLE, true).add(CHECKS_DECIDING, INT, true)
            .build();

    /** One row per cell x recorded layer ({@code mode = meanfield}). */
    public static final TableSchema LAYERS = layers();

    /** One row per trained network ({@code mode = training}). */
    public static final TableSchema TRAINING_RUNS = new TableSchema.Builder(TableNames.TRAINING_RUNS)
            .add(RUN_ID, STRING).add(SEED, LONG).add(NETWORK_ID, LONG)
            .add(ARCH, STRING).add(ACTIVATION, STRING).add(WIDTH, INT).add(DEPTH, INT)
            .add(BETA, DOUBLE, true).add(ALPHA, DOUBLE)
            .add(REGULARITY, STRING).add(HURST, DOUBLE, true)
            .add(DATASET, STRING).add(OPTIMIZER, STRING).add(SCHEDULE, STRING)
            .add(LR, DOUBLE).add(WARMUP_STEPS, LONG).add(WEIGHT_DECAY, DOUBLE)
            .add(DECAY, STRING).add(DROPOUT, DOUBLE).add(BATCH_NORM, BOOLEAN)
            .add(CLIP_NORM, DOUBLE).add(BATCH_SIZE, INT).add(STEPS, INT)
            .add(REPLICATE, INT).add(STEPS_DONE, INT)
            .add(FINAL_TRAIN_LOSS, DOUBLE).add(FINAL_TEST_LOSS, DOUBLE)
            .add(FINAL_TEST_ACCURACY, DOUBLE, true).add(BEST_TEST_ACCURACY, DOUBLE, true)
            .add(DIVERGED, BOOLEAN).add(DIVERGED_STEP, INT, true)
            .add(WALL_SECONDS, DOUBLE)
            .add(PROJECT_VERSION, STRING).add(SPARK_VERSION, STRING)
            .build();

    /** One row per trained network x evaluation step ({@code mode = training}). */
    public static final TableSchema TRAINING_CURVES = new TableSchema.Builder(TableNames.TRAINING_CURVES)
            .add(RUN_ID, STRING).add(NETWORK_ID, LONG)
            .add(ARCH, STRING).add(DEPTH, INT).add(WIDTH, INT)
            .add(BETA, DOUBLE, true).add(OPTIMIZER, STRING).add(SCHEDULE, STRING)
            .add(BASE_LR, DOUBLE).add(REPLICATE, INT).add(STEP, INT)
            .add(TRAIN_LOSS, DOUBLE).add(TEST_LOSS, DOUBLE).add(TEST_ACCURACY, DOUBLE, true)
            .add(GRAD_NORM, DOUBLE).add(H_CHANGE, DOUBLE).add(LR, DOUBLE)
            .build();

    /** Every table, in the order a reader lists them. */
    public static final List<TableSchema> ALL =
            List.of(TRIALS, CELLS, CHECKS, TAILS, RUNS, LAYERS, TRAINING_RUNS, TRAINING_CURVES);

    private TableSchemas() {
    }

    /** The table of this name. */
    public static TableSchema of(String table) {
        return ALL.stream().filter(t -> t.name().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + table));
    }

    /** The cell parameters that lead every row of trials, cells and checks. */
    private static TableSchema.Builder cell(String table) {
        return new TableSchema.Builder(table)
                .add(RUN_ID, STRING).add(SEED, LONG).add(CELL_ID, LONG)
                .add(ARCH, STRING).add(ACTIVATION, STRING).add(LEAKY_SLOPE, DOUBLE, true)
                .add(DISTRIBUTION, STRING).add(WIDTH, INT).add(DEPTH, INT)
                .add(BETA, DOUBLE, true).add(ALPHA, DOUBLE)
                .add(INPUT, STRING).add(LOSS, STRING).add(SAMPLER, STRING)
                .add(REGULARITY, STRING).add(LENGTH_SCALE, DOUBLE, true).add(HURST, DOUBLE, true);
    }

    private static TableSchema.Builder versions(TableSchema.Builder b) {
        return b.add(PROJECT_VERSION, STRING).add(SPARK_VERSION, STRING);
    }

    private static TableSchema cells() {
        TableSchema.Builder b = cell(TableNames.CELLS).add(N, LONG).add(N_NONFINITE, LONG);
        for (String q : SUMMARISED) {
            for (String s : SUMMARY_STATISTICS) {
                b.add(summary(q, s), DOUBLE, true); // null: the backward quantities of a run without backward pass
            }
        }
        for (String q : HISTOGRAMMED) {
            b.add(histogramEdges(q), DOUBLE_ARRAY).add(histogramCounts(q), LONG_ARRAY);
        }
        b.add(EXACT_R_FWD_MEAN, DOUBLE, true).add(EXACT_R_BWD_MEAN, DOUBLE, true)
                .add(LEMMA1_LOWER, DOUBLE).add(LEMMA1_UPPER, DOUBLE)
                .add(HYP_C, DOUBLE).add(HYP_S, DOUBLE).add(C_KIND, STRING)
                .add(HYPOTHESIS2, BOOLEAN).add(CONFIDENCE, DOUBLE);
        for (String s : SUMMARY_STATISTICS) {
            b.add(summary(LOG10_H_RATIO, s), DOUBLE);
        }
        for (String q : EXACT_LOG10_H_RATIO_QUANTILES) {
            b.add(q, DOUBLE, true);
        }
        return versions(b).build();
    }

    private static TableSchema layers() {
        TableSchema.Builder b = new TableSchema.Builder(TableNames.LAYERS)
                .add(RUN_ID, STRING).add(SEED, LONG).add(CELL_ID, LONG)
                .add(ARCH, STRING).add(ACTIVATION, STRING).add(ALPHA_RELU_EXPONENT, DOUBLE, true)
                .add(INIT, STRING).add(SIGMA_W, DOUBLE).add(SIGMA_V, DOUBLE).add(SIGMA_A, DOUBLE).add(SIGMA_B, DOUBLE)
                .add(DISTRIBUTION, STRING).add(WIDTH, INT).add(DEPTH, INT)
                .add(BETA, DOUBLE, true).add(ALPHA, DOUBLE)
                .add(INPUT_COSINE, DOUBLE).add(INPUT_LENGTH, DOUBLE)
                .add(SAMPLER, STRING).add(Columns.TRIALS, INT).add(LAYER, INT);
        for (String q : LAYER_QUANTITIES) {
            for (String s : LAYER_STATISTICS) {
                b.add(layerColumn(q, s), DOUBLE);
            }
        }
        return b.add(THEORY_NOTE, STRING, true).build();
    }
}
