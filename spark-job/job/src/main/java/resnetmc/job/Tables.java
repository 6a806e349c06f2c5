package resnetmc.job;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import resnetmc.checks.CellResult;
import resnetmc.checks.CheckRow;
import resnetmc.checks.Oracles;
import resnetmc.config.RunConfig;
import resnetmc.kernel.TrialOutcome;
import resnetmc.model.Cell;
import resnetmc.model.Scaling;
import resnetmc.model.WeightProcess;
import resnetmc.stats.Summary;
import resnetmc.theory.Bounds;

/**
 * Schemas and rows of the four tables. Column names are a public interface (users' queries rely on
 * them): add columns, never rename. NaN stands for "absent" in the kernels and becomes SQL null here
 * for parameters (beta, leaky_slope) and optional results; measured values keep NaN/Infinity.
 */
public final class Tables {
    public static final String TRIALS = "trials";
    public static final String CELLS = "cells";
    public static final String CHECKS = "checks";
    public static final String RUNS = "runs";

    private Tables() {
    }

    private static final class Schema {
        private final List<StructField> fields = new ArrayList<>();

        Schema add(String name, DataType type, boolean nullable) {
            fields.add(new StructField(name, type, nullable, org.apache.spark.sql.types.Metadata.empty()));
            return this;
        }

        Schema add(String name, DataType type) {
            return add(name, type, false);
        }

        StructType build() {
            return new StructType(fields.toArray(new StructField[0]));
        }
    }

    /** The cell parameters that lead every row of trials, cells and checks. */
    private static Schema cellColumns() {
        return new Schema()
                .add("run_id", StringType).add("seed", LongType).add("cell_id", LongType)
                .add("arch", StringType).add("activation", StringType).add("leaky_slope", DoubleType, true)
                .add("distribution", StringType).add("width", IntegerType).add("depth", IntegerType)
                .add("beta", DoubleType, true).add("alpha", DoubleType)
                .add("input", StringType).add("loss", StringType).add("sampler", StringType)
                .add("regularity", StringType).add("length_scale", DoubleType, true).add("hurst", DoubleType, true);
    }

    private static void cellValues(List<Object> v, RunConfig cfg, Cell c) {
        v.add(cfg.runId());
        v.add(cfg.seed());
        v.add(c.id());
        v.add(c.arch().label());
        v.add(c.activation().label());
        v.add(nullIfNaN(c.leakySlope()));
        v.add(c.distribution().label());
        v.add(c.width());
        v.add(c.depth());
        v.add(c.scaling() instanceof Scaling.Beta b ? b.beta() : null);
        v.add(c.alpha());
        v.add(c.input().label());
        v.add(c.loss().label());
        v.add(c.sampler().label());
        v.add(c.weights().label());
        v.add(c.weights() instanceof WeightProcess.Rbf r ? r.lengthScale() : null);
        v.add(c.weights() instanceof WeightProcess.Fbm f ? f.hurst() : null);
    }

    private static Schema versionColumns(Schema s) {
        return s.add("project_version", StringType).add("spark_version", StringType);
    }

    private static void versionValues(List<Object> v, String sparkVersion) {
        v.add(Versions.PROJECT);
        v.add(sparkVersion);
    }

    // ------------------------------------------------------------------ trials

    public static final StructType TRIALS_SCHEMA = versionColumns(cellColumns()
            .add("trial", LongType)
            .add("r_fwd", DoubleType).add("r_bwd", DoubleType)
            .add("log10_r_fwd", DoubleType).add("log10_r_bwd", DoubleType)
            .add("h_ratio", DoubleType).add("p_ratio", DoubleType)
            .add("log10_h_ratio", DoubleType).add("log10_p_ratio", DoubleType)
            .add("log10_h0_norm", DoubleType)
            .add("euler_gap", DoubleType, true)
            .add("finite", BooleanType)
            .add("traj_layer", createArrayType(IntegerType, false))
            .add("traj_log10_h_ratio", createArrayType(DoubleType, false))
            .add("traj_log10_p_ratio", createArrayType(DoubleType, false))).build();

    public static Row trialRow(RunConfig cfg, Cell c, int[] trajLayers, TrialOutcome t, String sparkVersion) {
        List<Object> v = new ArrayList<>(36);
        cellValues(v, cfg, c);
        v.add(t.trial());
        v.add(t.rFwd());
        v.add(t.rBwd());
        v.add(t.log10RFwd());
        v.add(t.log10RBwd());
        v.add(t.hRatio());
        v.add(t.pRatio());
        v.add(t.log10HRatio());
        v.add(t.log10PRatio());
        v.add(t.log10H0Norm());
        v.add(nullIfNaN(t.eulerGap()));
        v.add(t.finite());
        v.add(trajLayers);
        v.add(t.trajLog10H());
        v.add(t.trajLog10P());
        versionValues(v, sparkVersion);
        return RowFactory.create(v.toArray());
    }

    // ------------------------------------------------------------------ cells

    private static final String[] QUANTILE_SUFFIXES = {"p01", "p05", "p25", "p50", "p75", "p95", "p99"};
    private static final String[] SUMMARISED = {"r_fwd", "r_bwd", "log10_r_fwd", "log10_r_bwd"};

    public static final StructType CELLS_SCHEMA = cellsSchema();

    private static StructType cellsSchema() {
        Schema s = cellColumns().add("n", LongType).add("n_nonfinite", LongType);
        for (String q : SUMMARISED) {
            s.add(q + "_mean", DoubleType).add(q + "_sd", DoubleType)
                    .add(q + "_ci_low", DoubleType).add(q + "_ci_high", DoubleType)
                    .add(q + "_min", DoubleType).add(q + "_max", DoubleType);
            for (String p : QUANTILE_SUFFIXES) {
                s.add(q + "_" + p, DoubleType);
            }
        }
        for (String q : new String[] {"log10_r_fwd", "log10_r_bwd"}) {
            s.add("hist_" + q + "_edges", createArrayType(DoubleType, false))
                    .add("hist_" + q + "_counts", createArrayType(LongType, false));
        }
        s.add("exact_r_fwd_mean", DoubleType, true).add("exact_r_bwd_mean", DoubleType, true)
                .add("lemma1_lower", DoubleType).add("lemma1_upper", DoubleType)
                .add("hyp_c", DoubleType).add("hyp_s", DoubleType).add("c_kind", StringType)
                .add("hypothesis2", BooleanType).add("confidence", DoubleType);
        return versionColumns(s).build();
    }

    public static Row cellRow(RunConfig cfg, CellResult r, String sparkVersion) {
        Cell c = r.cell();
        List<Object> v = new ArrayList<>(80);
        cellValues(v, cfg, c);
        v.add(r.rFwd().n());
        v.add(r.rFwd().nonFinite());
        for (Summary s : new Summary[] {r.rFwd(), r.rBwd(), r.log10RFwdSummary(), r.log10RBwdSummary()}) {
            v.add(s.mean());
            v.add(s.sd());
            v.add(s.ciLow());
            v.add(s.ciHigh());
            v.add(s.min());
            v.add(s.max());
            for (double q : s.quantiles()) {
                v.add(q);
            }
        }
        for (Summary s : new Summary[] {r.log10RFwdSummary(), r.log10RBwdSummary()}) {
            v.add(s.histogram().edges());
            v.add(s.histogram().counts());
        }
        v.add(nullIfNaN(Oracles.exactMeanRFwd(c)));
        v.add(nullIfNaN(Oracles.exactMeanRBwd(c)));
        v.add(Bounds.lemma1Lower(c.alpha(), c.depth()));
        v.add(Bounds.lemma1Upper(c.alpha(), c.depth()));
        v.add(Oracles.hypothesisC(c, cfg.cKind()));
        v.add(Oracles.hypothesisS(c));
        v.add(cfg.cKind().name().toLowerCase(java.util.Locale.ROOT));
        v.add(Oracles.hypothesis2Failure(c) == null);
        v.add(cfg.confidence());
        versionValues(v, sparkVersion);
        return RowFactory.create(v.toArray());
    }

    // ------------------------------------------------------------------ checks

    public static final StructType CHECKS_SCHEMA = versionColumns(cellColumns()
            .add("statement", StringType).add("delta", DoubleType, true)
            .add("applicable", BooleanType).add("precondition_failed", StringType, true)
            .add("bound_low", DoubleType, true).add("bound_high", DoubleType, true)
            .add("statistic", DoubleType, true).add("ci_low", DoubleType, true).add("ci_high", DoubleType, true)
            .add("exceedances", LongType, true).add("n", LongType)
            .add("verdict", StringType)
            .add("hyp_c", DoubleType).add("hyp_s", DoubleType).add("c_kind", StringType)
            .add("confidence", DoubleType).add("family_confidence", DoubleType)
            .add("detail", StringType)).build();

    public static Row checkRow(RunConfig cfg, Cell c, CheckRow k, double familyConfidence, String sparkVersion) {
        List<Object> v = new ArrayList<>(40);
        cellValues(v, cfg, c);
        v.add(k.statement());
        v.add(nullIfNaN(k.delta()));
        v.add(k.applicable());
        v.add(k.precondition());
        v.add(nullIfNaN(k.boundLow()));
        v.add(nullIfNaN(k.boundHigh()));
        v.add(nullIfNaN(k.statistic()));
        v.add(nullIfNaN(k.ciLow()));
        v.add(nullIfNaN(k.ciHigh()));
        v.add(k.exceedances() < 0 ? null : k.exceedances());
        v.add(k.n());
        v.add(k.verdict().label());
        v.add(k.hypC());
        v.add(k.hypS());
        v.add(cfg.cKind().name().toLowerCase(java.util.Locale.ROOT));
        v.add(cfg.confidence());
        v.add(familyConfidence);
        v.add(k.detail());
        versionValues(v, sparkVersion);
        return RowFactory.create(v.toArray());
    }

    // ------------------------------------------------------------------ runs

    public static final StructType RUNS_SCHEMA = new Schema()
            .add("run_id", StringType).add("status", StringType).add("config", StringType)
            .add("seed", LongType).add("cells", IntegerType).add("trials_per_cell", IntegerType)
            .add("total_trials", LongType)
            .add("project_version", StringType).add("spark_version", StringType).add("java_version", StringType)
            .add("master", StringType).add("partitions", IntegerType).add("work_units", IntegerType)
            .add("started_at", TimestampType).add("finished_at", TimestampType)
            .add("wall_seconds", DoubleType).add("trials_per_second", DoubleType)
            // Resume (issue 4): cells computed by the job that committed, cells reused from an interrupted run.
            .add("cells_computed", IntegerType).add("cells_reused", IntegerType).add("resumed", BooleanType)
            .build();

    /**
     * The one row of {@code runs}, for every mode: {@code cells} cells (networks in training) of
     * {@code trialsPerCell} trials, and the resume counts (0 reused for a run computed whole).
     */
    public static Row runRow(String runId, String config, long seed, int cells, int trialsPerCell, long totalTrials,
                             String sparkVersion, String master, int partitions, int units,
                             java.time.Instant started, java.time.Instant finished, int cellsComputed, int cellsReused) {
        double wall = (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0;
        return RowFactory.create(runId, "complete", config, seed, cells, trialsPerCell, totalTrials, Versions.PROJECT,
                sparkVersion, Versions.java(), master, partitions, units, java.sql.Timestamp.from(started),
                java.sql.Timestamp.from(finished), wall, totalTrials / Math.max(wall, 1e-3), cellsComputed, cellsReused,
                cellsReused > 0);
    }

    private static Object nullIfNaN(double x) {
        return Double.isNaN(x) ? null : x;
    }
}
