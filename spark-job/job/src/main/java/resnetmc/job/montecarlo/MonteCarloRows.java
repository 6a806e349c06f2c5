package resnetmc.job.montecarlo;

import resnetmc.model.WeightProcess;
import resnetmc.model.Scaling;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import resnetmc.schema.Columns;
import resnetmc.checks.CellResult;
import resnetmc.checks.CheckRow;
import resnetmc.checks.Slack;
import resnetmc.checks.Oracles;
import resnetmc.config.RunConfig;
import resnetmc.io.SparkSchemas;
import resnetmc.job.run.Versions;
import resnetmc.kernel.TrialOutcome;
import resnetmc.model.Cell;
import resnetmc.schema.Columns;
import resnetmc.stats.Summary;
import resnetmc.theory.Bounds;

/**
 * The rows of {@code trials}, {@code cells} and {@code checks}, in the column order of their schemas
 * ({@link SparkSchemas}). NaN stands for "absent" in the kernels and becomes SQL null here for
 * parameters (beta, leaky_slope) and optional results; measured values keep NaN/Infinity.
 */
public final class MonteCarloRows {

    private MonteCarloRows() {
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

    private static void versionValues(List<Object> v, String sparkVersion) {
        v.add(Versions.PROJECT);
        v.add(sparkVersion);
    }

    // ------------------------------------------------------------------ trials

    public static Row trialRow(RunConfig cfg, Cell c, int[] trajLayers, TrialOutcome t, String sparkVersion) {
        List<Object> v = new ArrayList<>(36);
        cellValues(v, cfg, c);
        boolean bwd = cfg.backward();
        v.add(t.trial());
        v.add(t.rFwd());
        v.add(bwd ? t.rBwd() : null);
        v.add(t.log10RFwd());
        v.add(bwd ? t.log10RBwd() : null);
        v.add(t.hRatio());
        v.add(bwd ? t.pRatio() : null);
        v.add(t.log10HRatio());
        v.add(bwd ? t.log10PRatio() : null);
        v.add(t.log10H0Norm());
        v.add(nullIfNaN(t.eulerGap()));
        v.add(t.finite());
        v.add(trajLayers);
        v.add(t.trajLog10H());
        v.add(bwd ? t.trajLog10P() : null);
        versionValues(v, sparkVersion);
        return RowFactory.create(v.toArray());
    }

    /**
     * The columns of a trial that the cell statistics read ({@link CellStatistics}), under the trials
     * table's names: the checkpoints of {@code trials-table = sample | none}.
     */
    public static final StructType VALUES = new StructType(java.util.stream.Stream.of(Columns.CELL_ID, Columns.TRIAL,
            Columns.LOG10_R_FWD, Columns.LOG10_R_BWD, Columns.LOG10_H_RATIO).map(SparkSchemas.TRIALS::apply)
            .toArray(StructField[]::new));

    /** A trial's {@link #VALUES} row; the backward value null when not computed, as in the trials table. */
    public static Row valuesRow(RunConfig cfg, Cell c, TrialOutcome t) {
        return RowFactory.create(c.id(), t.trial(), t.log10RFwd(), cfg.backward() ? t.log10RBwd() : null,
                t.log10HRatio());
    }

    // ------------------------------------------------------------------ cells

    /**
     * @param exact the cell's exact quantiles of log10 h_ratio ({@link ExactQuantiles}), or null
     */
    public static Row cellRow(RunConfig cfg, CellResult r, double[] exact, String sparkVersion) {
        Cell c = r.cell();
        List<Object> v = new ArrayList<>(80);
        cellValues(v, cfg, c);
        v.add(r.rFwd().n());
        v.add(r.rFwd().nonFinite());
        summaryValues(v, r.rFwd(), true);
        summaryValues(v, r.rBwd(), cfg.backward());
        summaryValues(v, r.log10RFwdSummary(), true);
        summaryValues(v, r.log10RBwdSummary(), cfg.backward());
        for (Summary s : new Summary[] {r.log10RFwdSummary(), r.log10RBwdSummary()}) {
            v.add(s.histogram().edges());
            v.add(s.histogram().counts());
        }
        v.add(nullIfNaN(Oracles.exactMeanRFwd(c)));
        v.add(cfg.backward() ? nullIfNaN(Oracles.exactMeanRBwd(c)) : null);
        v.add(Bounds.lemma1Lower(c.alpha(), c.depth()));
        v.add(Bounds.lemma1Upper(c.alpha(), c.depth()));
        v.add(Oracles.hypothesisC(c, cfg.cKind()));
        v.add(Oracles.hypothesisS(c));
        v.add(cfg.cKind().name().toLowerCase(Locale.ROOT));
        v.add(Oracles.hypothesis2Failure(c) == null);
        v.add(cfg.confidence());
        summaryValues(v, r.log10HRatioSummary(), true);
        for (int i = 0; i < Columns.EXACT_LOG10_H_RATIO_QUANTILES.size(); i++) {
            v.add(exact == null ? null : exact[i]);
        }
        versionValues(v, sparkVersion);
        return RowFactory.create(v.toArray());
    }

    /** A summary's columns (moments, interval, range, quantiles), or as many nulls when it was not measured. */
    private static void summaryValues(List<Object> v, Summary s, boolean measured) {
        Object[] values = {s.mean(), s.sd(), s.ciLow(), s.ciHigh(), s.min(), s.max()};
        for (Object x : values) {
            v.add(measured ? x : null);
        }
        for (double q : s.quantiles()) {
            v.add(measured ? q : null);
        }
    }

    // ------------------------------------------------------------------ checks

    public static Row checkRow(RunConfig cfg, Cell c, CheckRow k, String sparkVersion) {
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
        v.add(cfg.cKind().name().toLowerCase(Locale.ROOT));
        v.add(nullIfNaN(k.rowConfidence()));
        v.add(k.familyConfidence());
        v.add(k.detail());
        v.add(k.method());
        v.add(nullIfNaN(k.tolerance()));
        Slack s = k.slack();
        v.add(s == null ? null : s.side());
        v.add(s == null ? null : s.p());
        v.add(s == null ? null : s.quantile());
        v.add(s == null ? null : s.quantileLow());
        v.add(s == null ? null : s.quantileHigh());
        v.add(s == null ? null : s.slack());
        v.add(s == null ? null : s.slackLow());
        v.add(s == null ? null : s.slackHigh());
        versionValues(v, sparkVersion);
        return RowFactory.create(v.toArray());
    }

    /** A row of the {@code tails} table. */
    public static Row tailRow(RunConfig cfg, Cell c, resnetmc.rare.TailRow t, String sparkVersion) {
        List<Object> v = new ArrayList<>(40);
        cellValues(v, cfg, c);
        v.add(t.statement());
        v.add(t.delta());
        v.add(nullIfNaN(t.boundLow()));
        v.add(nullIfNaN(t.boundHigh()));
        v.add(t.method());
        v.add(nullIfNaN(t.probability()));
        v.add(nullIfNaN(t.ciLow()));
        v.add(nullIfNaN(t.ciHigh()));
        v.add(nullIfNaN(t.log10Probability()));
        v.add(nullIfNaN(t.log10CiLow()));
        v.add(nullIfNaN(t.log10CiHigh()));
        v.add(nullIfNaN(t.confidence()));
        v.add(t.n());
        v.add(t.hits());
        v.add(nullIfNaN(t.ess()));
        v.add(nullIfNaN(t.tilt()));
        v.add(t.decides());
        v.add(t.detail());
        versionValues(v, sparkVersion);
        return RowFactory.create(v.toArray());
    }

    private static Object nullIfNaN(double x) {
        return Double.isNaN(x) ? null : x;
    }
}
