package resnetmc.schema;

import java.util.List;

/**
 * The column names of the tables, one constant each, and the rules that derive the names of column
 * families (the summaries of {@code cells}, the quantities of {@code layers}). Names are a public
 * interface: add columns, never rename. {@link TableSchemas} lays them out per table.
 */
public final class Columns {
    // ------------------------------------------------------------------ every row: run and cell
    public static final String RUN_ID = "run_id";
    public static final String SEED = "seed";
    public static final String CELL_ID = "cell_id";
    public static final String ARCH = "arch";
    public static final String ACTIVATION = "activation";
    public static final String LEAKY_SLOPE = "leaky_slope";
    public static final String DISTRIBUTION = "distribution";
    public static final String WIDTH = "width";
    public static final String DEPTH = "depth";
    public static final String BETA = "beta";
    public static final String ALPHA = "alpha";
    public static final String INPUT = "input";
    public static final String LOSS = "loss";
    public static final String SAMPLER = "sampler";
    public static final String REGULARITY = "regularity";
    public static final String LENGTH_SCALE = "length_scale";
    public static final String HURST = "hurst";
    public static final String PROJECT_VERSION = "project_version";
    public static final String SPARK_VERSION = "spark_version";

    // ------------------------------------------------------------------ trials
    public static final String TRIAL = "trial";
    public static final String R_FWD = "r_fwd";
    public static final String R_BWD = "r_bwd";
    public static final String LOG10_R_FWD = "log10_r_fwd";
    public static final String LOG10_R_BWD = "log10_r_bwd";
    public static final String H_RATIO = "h_ratio";
    public static final String P_RATIO = "p_ratio";
    public static final String LOG10_H_RATIO = "log10_h_ratio";
    public static final String LOG10_P_RATIO = "log10_p_ratio";
    public static final String LOG10_H0_NORM = "log10_h0_norm";
    public static final String EULER_GAP = "euler_gap";
    public static final String FINITE = "finite";
    public static final String TRAJ_LAYER = "traj_layer";
    public static final String TRAJ_LOG10_H_RATIO = "traj_log10_h_ratio";
    public static final String TRAJ_LOG10_P_RATIO = "traj_log10_p_ratio";

    // ------------------------------------------------------------------ cells
    public static final String N = "n";
    public static final String N_NONFINITE = "n_nonfinite";
    /** The quantities summarised per cell ({@link #summary}). */
    public static final List<String> SUMMARISED = List.of(R_FWD, R_BWD, LOG10_R_FWD, LOG10_R_BWD);
    /** The statistics of a summarised quantity, in column order: moments, interval, range, quantiles. */
    public static final List<String> SUMMARY_STATISTICS =
            List.of("mean", "sd", "ci_low", "ci_high", "min", "max", "p01", "p05", "p25", "p50", "p75", "p95", "p99");
    /** The quantities with a histogram per cell ({@link #histogramEdges}, {@link #histogramCounts}). */
    public static final List<String> HISTOGRAMMED = List.of(LOG10_R_FWD, LOG10_R_BWD);
    public static final String EXACT_R_FWD_MEAN = "exact_r_fwd_mean";
    public static final String EXACT_R_BWD_MEAN = "exact_r_bwd_mean";
    /**
     * Exact quantiles of log10 h_ratio from the norm law (Gaussian i.i.d. weights; res-3, res-2 ReLU,
     * leaky ReLU or identity, res-1 identity), null elsewhere.
     */
    public static final List<String> EXACT_LOG10_H_RATIO_QUANTILES =
            List.of("exact_log10_h_ratio_p05", "exact_log10_h_ratio_p50", "exact_log10_h_ratio_p95");
    public static final String LEMMA1_LOWER = "lemma1_lower";
    public static final String LEMMA1_UPPER = "lemma1_upper";
    public static final String HYP_C = "hyp_c";
    public static final String HYP_S = "hyp_s";
    public static final String C_KIND = "c_kind";
    public static final String HYPOTHESIS2 = "hypothesis2";
    public static final String CONFIDENCE = "confidence";

    // ------------------------------------------------------------------ checks
    public static final String STATEMENT = "statement";
    public static final String DELTA = "delta";
    public static final String APPLICABLE = "applicable";
    public static final String PRECONDITION_FAILED = "precondition_failed";
    public static final String BOUND_LOW = "bound_low";
    public static final String BOUND_HIGH = "bound_high";
    public static final String STATISTIC = "statistic";
    public static final String CI_LOW = "ci_low";
    public static final String CI_HIGH = "ci_high";
    public static final String EXCEEDANCES = "exceedances";
    public static final String VERDICT = "verdict";
    public static final String FAMILY_CONFIDENCE = "family_confidence";
    public static final String DETAIL = "detail";
    /** How a check's verdict was reached: count, student-t, weighted-slope (and exact, rare-event). */
    public static final String METHOD = "method";
    /** Relative tolerance of a mean statement. */
    public static final String TOLERANCE = "tolerance";
    /** Slack of an exceedance bound: which side, the quantile's probability, the quantile and the slack with intervals. */
    public static final String SLACK_SIDE = "slack_side";
    public static final String SLACK_P = "slack_p";
    public static final String QUANTILE = "quantile";
    public static final String QUANTILE_CI_LOW = "quantile_ci_low";
    public static final String QUANTILE_CI_HIGH = "quantile_ci_high";
    public static final String SLACK = "slack";
    public static final String SLACK_CI_LOW = "slack_ci_low";
    public static final String SLACK_CI_HIGH = "slack_ci_high";
    /** tails: P(outside) by one method, in linear and log10 form (below 1e-308 only the log10 is nonzero). */
    public static final String PROBABILITY = "probability";
    public static final String LOG10_PROBABILITY = "log10_probability";
    public static final String LOG10_CI_LOW = "log10_ci_low";
    public static final String LOG10_CI_HIGH = "log10_ci_high";
    /** tails: trials in the event (or outside the region, for a count). */
    public static final String HITS = "hits";
    /** tails: effective sample size of a weighted estimate. */
    public static final String ESS = "ess";
    /** tails: the per-layer tilt mu of an importance-sampling estimate. */
    public static final String TILT = "tilt";
    /** tails: whether this method gave the checks row's verdict. */
    public static final String DECIDES = "decides";
    /** runs: the checks table's rows that can decide (the Bonferroni count). */
    public static final String CHECKS_DECIDING = "checks_deciding";

    // ------------------------------------------------------------------ runs
    public static final String STATUS = "status";
    public static final String CONFIG = "config";
    public static final String CELLS = "cells";
    public static final String TRIALS_PER_CELL = "trials_per_cell";
    public static final String TOTAL_TRIALS = "total_trials";
    public static final String JAVA_VERSION = "java_version";
    public static final String MASTER = "master";
    public static final String PARTITIONS = "partitions";
    public static final String WORK_UNITS = "work_units";
    public static final String STARTED_AT = "started_at";
    public static final String FINISHED_AT = "finished_at";
    public static final String WALL_SECONDS = "wall_seconds";
    public static final String TRIALS_PER_SECOND = "trials_per_second";
    public static final String CELLS_COMPUTED = "cells_computed";
    public static final String CELLS_REUSED = "cells_reused";
    public static final String RESUMED = "resumed";

    // ------------------------------------------------------------------ layers
    public static final String ALPHA_RELU_EXPONENT = "alpha_relu_exponent";
    public static final String INIT = "init";
    public static final String SIGMA_W = "sigma_w";
    public static final String SIGMA_V = "sigma_v";
    public static final String SIGMA_A = "sigma_a";
    public static final String SIGMA_B = "sigma_b";
    public static final String INPUT_COSINE = "input_cosine";
    public static final String INPUT_LENGTH = "input_length";
    public static final String TRIALS = "trials";
    public static final String LAYER = "layer";
    /** The per-layer quantities, in the order of a mean-field trial's values ({@link #layerColumn}). */
    public static final List<String> LAYER_QUANTITIES = List.of("p", "gamma", "e", "s", "chi", "chi_ratio");
    /** What each quantity has per layer, in column order: Monte Carlo mean, its interval, the theory. */
    public static final List<String> LAYER_STATISTICS = List.of("mc", "ci_low", "ci_high", "theory");
    public static final String THEORY_NOTE = "theory_note";

    // ------------------------------------------------------------------ training_runs, training_curves
    public static final String NETWORK_ID = "network_id";
    public static final String DATASET = "dataset";
    public static final String OPTIMIZER = "optimizer";
    public static final String SCHEDULE = "schedule";
    public static final String LR = "lr";
    public static final String WARMUP_STEPS = "warmup_steps";
    public static final String WEIGHT_DECAY = "weight_decay";
    public static final String DECAY = "decay";
    public static final String DROPOUT = "dropout";
    public static final String BATCH_NORM = "batch_norm";
    public static final String CLIP_NORM = "clip_norm";
    public static final String BATCH_SIZE = "batch_size";
    public static final String STEPS = "steps";
    public static final String REPLICATE = "replicate";
    public static final String STEPS_DONE = "steps_done";
    public static final String FINAL_TRAIN_LOSS = "final_train_loss";
    public static final String FINAL_TEST_LOSS = "final_test_loss";
    public static final String FINAL_TEST_ACCURACY = "final_test_accuracy";
    public static final String BEST_TEST_ACCURACY = "best_test_accuracy";
    public static final String DIVERGED = "diverged";
    public static final String DIVERGED_STEP = "diverged_step";
    public static final String BASE_LR = "base_lr";
    public static final String STEP = "step";
    public static final String TRAIN_LOSS = "train_loss";
    public static final String TEST_LOSS = "test_loss";
    public static final String TEST_ACCURACY = "test_accuracy";
    public static final String GRAD_NORM = "grad_norm";
    public static final String H_CHANGE = "h_change";

    private Columns() {
    }

    /** A summary column of {@code cells}, e.g. {@code summary("r_fwd", "p95")} is {@code r_fwd_p95}. */
    public static String summary(String quantity, String statistic) {
        return quantity + "_" + statistic;
    }

    /** The histogram bin edges of a quantity in {@code cells}, e.g. {@code hist_log10_r_fwd_edges}. */
    public static String histogramEdges(String quantity) {
        return "hist_" + quantity + "_edges";
    }

    /** The histogram bin counts of a quantity in {@code cells}. */
    public static String histogramCounts(String quantity) {
        return "hist_" + quantity + "_counts";
    }

    /** A per-layer column of {@code layers}, e.g. {@code layerColumn("chi_ratio", "theory")}. */
    public static String layerColumn(String quantity, String statistic) {
        return quantity + "_" + statistic;
    }
}
