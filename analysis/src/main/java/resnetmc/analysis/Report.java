package resnetmc.analysis;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.XYChart;
import resnetmc.schema.Columns;
import resnetmc.schema.TableNames;

/**
 * The HTML report of a run: Figure 1 of Marion et al. (forward and gradient ratios against L, one
 * panel per beta, mean with its 95% interval and the 5-95% quantile band), Lemma 1 (mean r_fwd
 * against both bounds), histograms of log10 r at the deepest L per beta (their Figure 2), the checks
 * table coloured by verdict, per-layer curves when a {@code layers} table exists, and a header with the
 * run's config, versions, trial counts and speed; for a training run, the sections of
 * {@link TrainingSections}. Every series comes from one of the SQL queries below (or there), run on the
 * views of {@link RunTables}.
 */
public final class Report {

    /**
     * Figure 1 series: the ratio ||h_L - h_0|| / ||h_0|| = sqrt(r_fwd) and the gradient's per cell group,
     * beta and depth, one row per direction; the query of {@code analysis/sql/figure1.sql}.
     */
    public static final String FIGURE1_SQL = SqlFiles.query("figure1.sql");

    public static final String LEMMA1_SQL = "SELECT arch, activation, distribution, width, regularity, length_scale, "
            + "hurst, beta, depth, r_fwd_mean, r_fwd_ci_low, r_fwd_ci_high, lemma1_lower, lemma1_upper FROM cells "
            + "WHERE beta IS NOT NULL AND regularity = 'iid' "
            + "ORDER BY arch, activation, distribution, width, beta, depth";

    /**
     * log10 ||h_L|| / ||h_0||: the empirical 5-95 % band and median against the exact ones of the norm law
     * (null where the cell has none).
     */
    public static final String NORM_RATIO_SQL = "SELECT arch, activation, distribution, width, regularity, beta, depth, "
            + "log10_h_ratio_p05, log10_h_ratio_p50, log10_h_ratio_p95, "
            + "exact_log10_h_ratio_p05, exact_log10_h_ratio_p50, exact_log10_h_ratio_p95 FROM cells "
            + "WHERE beta IS NOT NULL AND regularity = 'iid' "
            + "ORDER BY arch, activation, distribution, width, beta, depth";

    /**
     * Figure 7 of Marion et al.: mean log10 ||h_L - h_0|| / ||h_0|| (= mean log10 r_fwd / 2) and the
     * gradient's, per (beta, H) of fbm cells at the deepest L of the run.
     */
    public static final String HURST_SQL = "SELECT arch, activation, width, beta, hurst, depth, "
            + "log10_r_fwd_mean / 2 AS log10_fwd_ratio, log10_r_bwd_mean / 2 AS log10_bwd_ratio FROM cells "
            + "WHERE regularity = 'fbm' AND beta IS NOT NULL AND depth = (SELECT max(depth) FROM cells "
            + "WHERE regularity = 'fbm') ORDER BY arch, activation, width, hurst, beta";

    /** The cells at the deepest L of each (group, beta), with their histograms. */
    public static final String HISTOGRAM_SQL = "SELECT c.arch, c.activation, c.distribution, c.width, c.regularity, "
            + "c.length_scale, c.hurst, c.beta, c.depth, "
            + "c.hist_log10_r_fwd_edges, c.hist_log10_r_fwd_counts, c.hist_log10_r_bwd_edges, c.hist_log10_r_bwd_counts "
            + "FROM cells c JOIN (SELECT arch, activation, distribution, width, regularity, length_scale, hurst, beta, "
            + "max(depth) AS depth FROM cells WHERE beta IS NOT NULL "
            + "GROUP BY arch, activation, distribution, width, regularity, length_scale, hurst, beta) m "
            + "ON c.arch = m.arch AND c.activation = m.activation AND c.distribution = m.distribution "
            + "AND c.width = m.width AND c.regularity = m.regularity AND c.length_scale <=> m.length_scale "
            + "AND c.hurst <=> m.hurst AND c.beta = m.beta AND c.depth = m.depth "
            + "ORDER BY c.arch, c.activation, c.distribution, c.width, c.regularity, c.length_scale, c.hurst, c.beta";

    public static final String CHECKS_SQL = "SELECT statement, arch, activation, distribution, width, depth, beta, "
            + "delta, verdict, statistic, ci_low, ci_high, bound_low, bound_high, exceedances, n, precondition_failed "
            + "FROM checks ORDER BY statement, arch, activation, distribution, width, beta, depth, delta";

    /** The ECharts WebJar on the class path (analysis/pom.xml); its runtime is copied beside the report. */
    static final String ECHARTS_VERSION = "5.3.1";

    /**
     * The slack of every exceedance check (bound / quantile or quantile / bound; above 1 the bound holds
     * with room to spare at the quantile), against L, d and delta.
     */
    public static final String SLACK_SQL = "SELECT statement, slack_side, arch, activation, distribution, width, depth, "
            + "beta, delta, quantile, slack, slack_ci_low, slack_ci_high FROM checks WHERE slack IS NOT NULL "
            + "ORDER BY statement, slack_side, depth, width, delta";

    /** One plotted series, kept so tests can compare figures with the SQL. */
    public record Series(String figure, String name, double[] x, double[] y) {
    }

    /** What was written. */
    public record Result(Path index, List<String> images, List<Series> series) {
    }

    private final SparkSession spark;
    private final Path dir;
    private final List<String> images = new ArrayList<>();
    private final List<Series> series = new ArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private String currentSql;
    private int charts;

    private Report(SparkSession spark, Path dir) {
        this.spark = spark;
        this.dir = dir;
    }

    /** Writes {@code reportsRoot/RUN_ID/index.html} and its figures for the run under {@code runsRoot}. */
    public static Result write(SparkSession spark, String runsRoot, String runId, Path reportsRoot) throws IOException {
        List<String> tables = RunTables.register(spark, runsRoot, runId);
        Path dir = reportsRoot.resolve(runId);
        Files.createDirectories(dir);
        Report r = new Report(spark, dir);
        r.header(runId, tables.contains(TableNames.RUNS));
        if (tables.contains(TableNames.TRIALS)) {
            List<Row> ratios = spark.sql(FIGURE1_SQL).collectAsList();
            r.figure1(ratios, "fwd", "||h_L - h_0|| / ||h_0||", "fig1-fwd");
            r.figure1(ratios, "bwd", "||p_0 - p_L|| / ||p_L||", "fig1-bwd");
        }
        if (tables.contains(TableNames.CELLS)) {
            r.lemma1();
            r.normRatio();
            r.histograms();
            r.hurstHeatmap();
        }
        if (tables.contains(TableNames.CHECKS)) {
            r.slack();
            r.checks();
        }
        if (tables.contains(TableNames.LAYERS)) {
            r.layers();
        }
        TrainingSections.write(r, spark, tables);
        copyResource("/META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js",
                dir.resolve("echarts.min.js"));
        copyResource("/resnetmc/analysis/web/report.js", dir.resolve("report.js"));
        Path index = dir.resolve("index.html");
        Files.writeString(index, r.html(runId), StandardCharsets.UTF_8);
        return new Result(index, List.copyOf(r.images), List.copyOf(r.series));
    }

    // ------------------------------------------------------------------ sections

    private void header(String runId, boolean hasRuns) {
        body.append("<h1>Run ").append(esc(runId)).append("</h1>\n");
        List<Row> runs = hasRuns ? spark.sql("SELECT * FROM runs").collectAsList() : List.of();
        if (runs.isEmpty()) {
            return;
        }
        Row r = runs.get(0);
        List<String> present = List.of(r.schema().fieldNames());
        body.append("<table class=\"meta\">\n");
        String[] shown = {Columns.STATUS, Columns.CELLS, Columns.TRIALS_PER_CELL, Columns.TOTAL_TRIALS,
            Columns.TRIALS_PER_SECOND, Columns.WALL_SECONDS, Columns.SEED, Columns.PROJECT_VERSION,
            Columns.SPARK_VERSION, Columns.JAVA_VERSION, Columns.MASTER, Columns.PARTITIONS, Columns.STARTED_AT,
            Columns.FINISHED_AT};
        if (!present.contains(Columns.CELLS)) {
            // Another mode's row (training: networks, not cells and trials): every column but the config.
            shown = present.stream().filter(c -> !c.equals(Columns.CONFIG)).toArray(String[]::new);
        }
        for (String c : shown) {
            if (!present.contains(c)) {
                continue;
            }
            Object v = r.getAs(c);
            body.append("<tr><th>").append(c).append("</th><td>").append(esc(TextTable.value(v))).append("</td></tr>\n");
        }
        body.append("</table>\n");
        if (present.contains(Columns.CONFIG)) {
            body.append("<details><summary>config</summary><pre>")
                    .append(esc(prettyJson(r.<String>getAs(Columns.CONFIG)))).append("</pre></details>\n");
        }
    }

    /** The Figure 1 panels of one direction ({@code fwd} or {@code bwd}) of {@link #FIGURE1_SQL}'s rows. */
    private void figure1(List<Row> ratios, String direction, String label, String prefix) throws IOException {
        List<Row> rows = ratios.stream().filter(r -> direction.equals(r.getAs("direction"))).toList();
        sql(FIGURE1_SQL);
        body.append("<h2>Figure 1: ").append(esc(label)).append(" against depth</h2>\n<p>Mean with its 95% interval "
                + "(dark band) and the 5-95% quantile band (light), one panel per beta.</p>\n<div class=\"row\">\n");
        for (Map.Entry<Double, Map<String, List<Row>>> panel : byBetaAndGroup(rows).entrySet()) {
            double beta = panel.getKey();
            String fig = prefix + "-beta-" + fmt(beta);
            XYChart chart = Figures.xy(label + ", beta = " + fmt(beta), "L", label);
            List<double[]> xs = new ArrayList<>();
            List<double[]> ys = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, List<Row>> g : panel.getValue().entrySet()) {
                List<Row> pts = g.getValue();
                double[] x = column(pts, Columns.DEPTH);
                double[] mean = column(pts, "ratio_mean");
                double[] p05 = column(pts, "ratio_p05");
                double[] p95 = column(pts, "ratio_p95");
                Color c = Figures.color(i++);
                Figures.band(chart, g.getKey() + " 5-95%", x, p05, p95, Figures.translucent(c, 40));
                Figures.band(chart, g.getKey() + " 95% CI", x, column(pts, "ratio_ci_low"), column(pts, "ratio_ci_high"),
                        Figures.translucent(c, 110));
                Figures.line(chart, g.getKey() + " mean", x, mean, c);
                series.add(new Series(fig, g.getKey() + " mean", x, mean));
                series.add(new Series(fig, g.getKey() + " p05", x, p05));
                series.add(new Series(fig, g.getKey() + " p95", x, p95));
                xs.add(x);
                ys.add(p05);
                ys.add(p95);
            }
            Figures.logAxesWhereUseful(chart, xs, ys);
            image(chart, fig);
        }
        body.append("</div>\n");
    }

    private void lemma1() throws IOException {
        List<Row> rows = spark.sql(LEMMA1_SQL).collectAsList();
        sql(LEMMA1_SQL);
        body.append("<h2>Lemma 1: E[r_fwd] between (1 + alpha^2/2)^L - 1 and (1 + alpha^2)^L - 1</h2>\n"
                + "<p>Monte Carlo mean of r_fwd with its 95% interval, and the two bounds (thick lines: lower black, "
                + "upper dark red), drawn over the data.</p>\n<div class=\"row\">\n");
        for (Map.Entry<Double, Map<String, List<Row>>> panel : byBetaAndGroup(rows).entrySet()) {
            double beta = panel.getKey();
            String fig = "lemma1-beta-" + fmt(beta);
            XYChart chart = Figures.xy("Lemma 1, beta = " + fmt(beta), "L", "r_fwd");
            List<double[]> xs = new ArrayList<>();
            List<double[]> ys = new ArrayList<>();
            int i = 0;
            double[][] bounds = null;
            for (Map.Entry<String, List<Row>> g : panel.getValue().entrySet()) {
                List<Row> pts = g.getValue();
                double[] x = column(pts, Columns.DEPTH);
                double[] mean = column(pts, Columns.summary(Columns.R_FWD, "mean"));
                double[] lo = column(pts, Columns.summary(Columns.R_FWD, "ci_low"));
                double[] hi = column(pts, Columns.summary(Columns.R_FWD, "ci_high"));
                double[] lower = column(pts, Columns.LEMMA1_LOWER);
                double[] upper = column(pts, Columns.LEMMA1_UPPER);
                Color c = Figures.color(i++);
                Figures.band(chart, g.getKey() + " 95% CI", x, lo, hi, Figures.translucent(c, 90));
                Figures.line(chart, g.getKey() + " mean", x, mean, c);
                series.add(new Series(fig, g.getKey() + " mean", x, mean));
                // The bounds depend on (alpha, L) only: the group with the most depths carries them.
                if (bounds == null || x.length > bounds[0].length) {
                    bounds = new double[][] {x, lower, upper};
                }
                xs.add(x);
                ys.add(lower);
                ys.add(upper);
                ys.add(lo);
            }
            if (bounds != null) {
                // Added last so they are drawn over the bands and means, solid and thick so no series hides them.
                Figures.bound(chart, "upper bound", bounds[0], bounds[2], new Color(0x8b0000));
                Figures.bound(chart, "lower bound", bounds[0], bounds[1], Color.BLACK);
                series.add(new Series(fig, "lower bound", bounds[0], bounds[1]));
                series.add(new Series(fig, "upper bound", bounds[0], bounds[2]));
            }
            Figures.logAxesWhereUseful(chart, xs, ys);
            image(chart, fig);
        }
        body.append("</div>\n");
    }

    /**
     * The empirical quantile band of log10 ||h_L|| / ||h_0|| (5-95 %, light; median, solid) and, where the
     * norm law is known, the exact band's edges and median (dashed, same colour), one panel per beta.
     */
    private void normRatio() throws IOException {
        if (!List.of(spark.table(TableNames.CELLS).columns()).contains(Columns.EXACT_LOG10_H_RATIO_QUANTILES.get(0))) {
            return; // a run from before the exact quantile columns existed
        }
        List<Row> rows = spark.sql(NORM_RATIO_SQL).collectAsList();
        sql(NORM_RATIO_SQL);
        body.append("<h2>log10 ||h_L|| / ||h_0||: Monte Carlo against the exact norm law</h2>\n<p>Empirical 5-95% "
                + "band (light) and median (solid) of each cell group; dashed: the exact 5%, 50% and 95% quantiles "
                + "of the norm law, where the cell has one (Gaussian i.i.d. weights; res-3, res-2 with ReLU, leaky "
                + "ReLU or the identity, res-1 with the identity).</p>\n<div class=\"row\">\n");
        String[] exact = Columns.EXACT_LOG10_H_RATIO_QUANTILES.toArray(String[]::new);
        for (Map.Entry<Double, Map<String, List<Row>>> panel : byBetaAndGroup(rows).entrySet()) {
            double beta = panel.getKey();
            String fig = "norm-ratio-beta-" + fmt(beta);
            XYChart chart = Figures.xy("log10 ||h_L|| / ||h_0||, beta = " + fmt(beta), "L", "log10 ||h_L|| / ||h_0||");
            List<double[]> xs = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, List<Row>> g : panel.getValue().entrySet()) {
                List<Row> pts = g.getValue();
                double[] x = column(pts, Columns.DEPTH);
                double[] p05 = column(pts, Columns.summary(Columns.LOG10_H_RATIO, "p05"));
                double[] p50 = column(pts, Columns.summary(Columns.LOG10_H_RATIO, "p50"));
                double[] p95 = column(pts, Columns.summary(Columns.LOG10_H_RATIO, "p95"));
                Color c = Figures.color(i++);
                Figures.band(chart, g.getKey() + " 5-95%", x, p05, p95, Figures.translucent(c, 50));
                Figures.line(chart, g.getKey() + " median", x, p50, c);
                series.add(new Series(fig, g.getKey() + " median", x, p50));
                double[] e50 = column(pts, exact[1]);
                if (java.util.Arrays.stream(e50).anyMatch(Double::isFinite)) {
                    double[] e05 = column(pts, exact[0]);
                    double[] e95 = column(pts, exact[2]);
                    Figures.dashed(chart, g.getKey() + " exact 5%", x, e05, c);
                    Figures.dashed(chart, g.getKey() + " exact median", x, e50, c);
                    Figures.dashed(chart, g.getKey() + " exact 95%", x, e95, c);
                    series.add(new Series(fig, g.getKey() + " exact median", x, e50));
                    series.add(new Series(fig, g.getKey() + " exact 5%", x, e05));
                    series.add(new Series(fig, g.getKey() + " exact 95%", x, e95));
                }
                xs.add(x);
            }
            Figures.logAxesWhereUseful(chart, xs, List.of());
            image(chart, fig);
        }
        body.append("</div>\n");
    }

    /**
     * The checks' slack (Sections 2-3 statements with a quantile) against L, d and delta: one panel per
     * variable, one marker series per statement and side, and the line slack = 1 (the quantile on the bound).
     */
    private void slack() throws IOException {
        if (!List.of(spark.table(TableNames.CHECKS).columns()).contains(Columns.SLACK)) {
            return; // a run from before the slack columns existed
        }
        List<Row> rows = spark.sql(SLACK_SQL).collectAsList();
        if (rows.isEmpty()) {
            return;
        }
        sql(SLACK_SQL);
        body.append("<h2>Slack of the probability bounds against L, d and delta</h2>\n<p>slack = bound / quantile "
                + "(upper side) or quantile / bound (lower side) at the quantile the statement bounds (1 - delta or "
                + "delta); above 1 the bound holds with room to spare, below 1 the sample crosses it. One marker per "
                + "row of the checks table.</p>\n<div class=\"row\">\n");
        Map<String, List<Row>> byStatement = new TreeMap<>();
        for (Row r : rows) {
            String side = r.getAs(Columns.SLACK_SIDE);
            byStatement.computeIfAbsent(r.<String>getAs(Columns.STATEMENT) + (side == null ? "" : " " + side),
                    k -> new ArrayList<>()).add(r);
        }
        for (String[] v : new String[][] {{Columns.DEPTH, "L"}, {Columns.WIDTH, "d"}, {Columns.DELTA, "delta"}}) {
            String fig = "slack-" + v[1];
            XYChart chart = Figures.xy("slack against " + v[1], v[1], "slack");
            List<double[]> xs = new ArrayList<>();
            List<double[]> ys = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, List<Row>> e : byStatement.entrySet()) {
                double[] x = column(e.getValue(), v[0]);
                double[] y = column(e.getValue(), Columns.SLACK);
                Figures.scatter(chart, e.getKey(), x, y, Figures.color(i++));
                series.add(new Series(fig, e.getKey(), x, y));
                xs.add(x);
                ys.add(y);
            }
            double lo = xs.stream().flatMapToDouble(java.util.Arrays::stream).filter(Double::isFinite).min().orElse(0);
            double hi = xs.stream().flatMapToDouble(java.util.Arrays::stream).filter(Double::isFinite).max().orElse(1);
            Figures.bound(chart, "slack = 1", new double[] {lo, hi}, new double[] {1, 1}, Color.BLACK);
            Figures.logAxesWhereUseful(chart, xs, ys);
            image(chart, fig);
        }
        body.append("</div>\n");
    }

    private void histograms() throws IOException {
        List<Row> rows = spark.sql(HISTOGRAM_SQL).collectAsList();
        sql(HISTOGRAM_SQL);
        body.append("<h2>Histograms of log10 r at the deepest L per beta (Figure 2 of Marion et al.)</h2>\n<div class=\"row\">\n");
        for (String dirn : new String[] {"fwd", "bwd"}) {
            Map<Double, List<Row>> byBeta = new TreeMap<>();
            for (Row r : rows) {
                byBeta.computeIfAbsent(r.<Double>getAs(Columns.BETA), b -> new ArrayList<>()).add(r);
            }
            for (Map.Entry<Double, List<Row>> panel : byBeta.entrySet()) {
                String fig = "hist-" + dirn + "-beta-" + fmt(panel.getKey());
                XYChart chart = Figures.xy("log10 r_" + dirn + " at the deepest L, beta = " + fmt(panel.getKey()),
                        "log10 r_" + dirn, "trials");
                int i = 0;
                for (Row r : panel.getValue()) {
                    double[] edges = toDoubles(r.getList(r.fieldIndex(Columns.histogramEdges("log10_r_" + dirn))));
                    List<Object> counts = r.getList(r.fieldIndex(Columns.histogramCounts("log10_r_" + dirn)));
                    if (counts.isEmpty()) {
                        continue;
                    }
                    // Step outline: (e0, 0), (e0, c0), (e1, c0), (e1, c1), ..., (en, 0).
                    double[] x = new double[2 * counts.size() + 2];
                    double[] y = new double[x.length];
                    x[0] = edges[0];
                    for (int b = 0; b < counts.size(); b++) {
                        double c = ((Number) counts.get(b)).doubleValue();
                        x[2 * b + 1] = edges[b];
                        y[2 * b + 1] = c;
                        x[2 * b + 2] = edges[b + 1];
                        y[2 * b + 2] = c;
                    }
                    x[x.length - 1] = edges[edges.length - 1];
                    String name = group(r) + " L=" + r.<Integer>getAs(Columns.DEPTH);
                    Figures.dashed(chart, name, x, y, Figures.color(i++));
                    chart.getSeriesMap().get(name).setLineStyle(new java.awt.BasicStroke(1.8f));
                    series.add(new Series(fig, name, x, y));
                }
                if (!chart.getSeriesMap().isEmpty()) {
                    chart.getStyler().setXAxisDecimalPattern("0.##");
                    chart.getStyler().setYAxisDecimalPattern("#,##0");
                    image(chart, fig);
                }
            }
        }
        body.append("</div>\n");
    }

    private void hurstHeatmap() throws IOException {
        if (!List.of(spark.table(TableNames.CELLS).columns()).contains(Columns.HURST)) {
            return; // a run from before correlated weights existed
        }
        List<Row> rows = spark.sql(HURST_SQL).collectAsList();
        sql(HURST_SQL);
        if (rows.isEmpty()) {
            return;
        }
        body.append("<h2>Figure 7 of Marion et al.: fbm weights over (beta, H) at L = ")
                .append(rows.get(0).<Integer>getAs(Columns.DEPTH)).append("</h2>\n<p>Mean of log10 of the ratios per (beta, H); "
                + "colours clipped to [-3, 3].</p>\n<div class=\"row\">\n");
        java.util.TreeSet<Double> betas = new java.util.TreeSet<>();
        java.util.TreeSet<Double> hursts = new java.util.TreeSet<>();
        for (Row r : rows) {
            betas.add(r.getAs(Columns.BETA));
            hursts.add(r.getAs(Columns.HURST));
        }
        List<Double> bs = new ArrayList<>(betas);
        List<Double> hs = new ArrayList<>(hursts);
        for (String col : new String[] {"log10_fwd_ratio", "log10_bwd_ratio"}) {
            List<Number[]> heat = new ArrayList<>();
            for (Row r : rows) {
                heat.add(new Number[] {bs.indexOf(r.<Double>getAs(Columns.BETA)), hs.indexOf(r.<Double>getAs(Columns.HURST)),
                    r.<Double>getAs(col)});
                series.add(new Series("hurst-" + col, "beta=" + r.getAs(Columns.BETA) + " H=" + r.getAs(Columns.HURST),
                        new double[] {r.<Double>getAs(Columns.BETA), r.<Double>getAs(Columns.HURST)}, new double[] {r.<Double>getAs(col)}));
            }
            org.knowm.xchart.HeatMapChart chart = new org.knowm.xchart.HeatMapChartBuilder().width(Figures.WIDTH)
                    .height(Figures.HEIGHT).title("mean " + col.replace("_", " ") + " (fbm weights)").xAxisTitle("beta")
                    .yAxisTitle("Hurst index H").build();
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setShowValue(false);
            // As in Marion et al.'s Figure 7: a diverging scale clipped to [-3, 3] decades, so the border
            // between vanishing (blue) and exploding (red) ratios shows; the values themselves are not clipped.
            chart.getStyler().setMin(-3).setMax(3);
            chart.getStyler().setRangeColors(new Color[] {new Color(0x2166ac), Color.WHITE, new Color(0xb2182b)});
            chart.getStyler().setXAxisLabelRotation(90);
            chart.addSeries(col, bs.stream().map(Report::fmt).toList(), hs.stream().map(Report::fmt).toList(), heat);
            image(chart, "hurst-" + col.replace("_", "-"));
        }
        body.append("</div>\n");
    }

    private void checks() {
        List<Row> rows = spark.sql(CHECKS_SQL).collectAsList();
        sql(null);
        Map<String, Integer> tally = new TreeMap<>();
        for (Row r : rows) {
            tally.merge(r.<String>getAs(Columns.VERDICT), 1, Integer::sum);
        }
        body.append("<h2>Checks</h2>\n<p>");
        tally.forEach((v, n) -> body.append("<span class=\"").append(v).append("\">").append(v).append(": ").append(n)
                .append("</span> "));
        body.append("</p>\n<table class=\"checks\">\n<tr>");
        String[] cols = {Columns.STATEMENT, Columns.ARCH, Columns.ACTIVATION, Columns.DISTRIBUTION, Columns.WIDTH,
            Columns.DEPTH, Columns.BETA, Columns.DELTA, Columns.VERDICT, Columns.STATISTIC, Columns.CI_LOW,
            Columns.CI_HIGH, Columns.BOUND_LOW, Columns.BOUND_HIGH, Columns.EXCEEDANCES, Columns.N,
            Columns.PRECONDITION_FAILED};
        for (String c : cols) {
            body.append("<th>").append(c).append("</th>");
        }
        body.append("</tr>\n");
        for (Row r : rows) {
            body.append("<tr class=\"").append(esc(r.<String>getAs(Columns.VERDICT))).append("\">");
            for (String c : cols) {
                body.append("<td>").append(esc(TextTable.value(r.getAs(c)))).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n<details><summary>SQL</summary><pre>").append(esc(CHECKS_SQL)).append("</pre></details>\n");
    }

    /**
     * Per-layer Monte Carlo vs theory (the mean-field mode's table): p, e and the gradient ratio
     * chi^0/chi^l (chi where the ratio is absent) per cell, log axes where the values span decades; the
     * theory curve is left out where it is infinite (alpha-ReLU with exponent <= 1/2). Then a table of
     * the deepest layer of every cell: relative gaps and the theory notes.
     */
    private void layers() throws IOException {
        List<String> columns = List.of(spark.table(TableNames.LAYERS).columns());
        boolean described = columns.containsAll(List.of(Columns.ARCH, Columns.ACTIVATION, Columns.INIT, Columns.WIDTH,
                Columns.DEPTH));
        body.append("<h2>Per layer: Monte Carlo against the infinite-width theory</h2>\n<p>Mean over trials with its "
                + "confidence interval (band) and the infinite-width recursion (dashed). The gradient ratio is measured "
                + "by true backpropagation; its prediction assumes gradient independence, which fails for RRN with a "
                + "non-odd phi. s = (p + p')/2 - gamma carries a positive O(1/N) bias for ReLU at finite width.</p>\n"
                + "<div class=\"row\">\n");
        List<Row> cells = spark.sql("SELECT DISTINCT cell_id" + (described ? ", arch, activation, init, width, depth" : "")
                + " FROM layers ORDER BY " + (described ? "arch, activation, init, width, depth, " : "") + "cell_id LIMIT 12")
                .collectAsList();
        String gradient = columns.contains(Columns.layerColumn("chi_ratio", "mc")) ? "chi_ratio" : "chi";
        for (Row cell : cells) {
            long id = cell.getLong(0);
            String label = described ? cell.getString(1) + " " + cell.getString(2) + " " + cell.getString(3) + " N="
                    + cell.get(4) + " L=" + cell.get(5) : "cell " + Long.toHexString(id);
            for (String q : new String[] {"p", "e", gradient}) {
                if (!columns.contains(q + "_mc") || !columns.contains(q + "_theory")) {
                    continue;
                }
                String query = "SELECT layer, " + q + "_mc, " + q + "_ci_low, " + q + "_ci_high, " + q
                        + "_theory FROM layers WHERE cell_id = " + id + " ORDER BY layer";
                List<Row> pts = spark.sql(query).collectAsList();
                sql(query);
                double[] x = column(pts, Columns.LAYER);
                double[] mc = column(pts, q + "_mc");
                double[] lo = column(pts, q + "_ci_low");
                double[] hi = column(pts, q + "_ci_high");
                double[] th = column(pts, q + "_theory");
                String fig = "layers-" + q + "-" + Long.toHexString(id);
                XYChart chart = Figures.xy(label + ": " + q.replace("chi_ratio", "chi^0/chi^l"), "layer", q);
                Figures.band(chart, "Monte Carlo CI", x, lo, hi, Figures.translucent(Figures.color(0), 90));
                Figures.line(chart, "Monte Carlo", x, mc, Figures.color(0));
                series.add(new Series(fig, "Monte Carlo", x, mc));
                boolean finite = java.util.Arrays.stream(th).allMatch(Double::isFinite);
                if (finite) {
                    Figures.dashed(chart, "theory", x, th, Color.BLACK);
                    series.add(new Series(fig, "theory", x, th));
                }
                List<double[]> ys = finite ? List.of(mc, th) : List.of(mc);
                Figures.logAxesWhereUseful(chart, List.of(x), ys);
                image(chart, fig);
            }
        }
        body.append("</div>\n");
        if (described && columns.contains(Columns.THEORY_NOTE)) {
            body.append("<h3>Deepest layer: relative gap (MC - theory) / theory</h3>\n<table>\n<tr><th>arch</th><th>phi</th>"
                    + "<th>init</th><th>N</th><th>L</th><th>p</th><th>e</th><th>chi^0/chi^L</th><th>note</th></tr>\n");
            for (Row r : spark.sql(LAYERS_GAP_SQL).collectAsList()) {
                body.append("<tr>");
                for (int i = 0; i < 5; i++) {
                    body.append("<td>").append(esc(String.valueOf(r.get(i)))).append("</td>");
                }
                for (int i = 5; i < 8; i++) {
                    Object v = r.get(i);
                    body.append("<td>").append(v == null ? "" : String.format(Locale.ROOT, "%.3g", ((Number) v).doubleValue()))
                            .append("</td>");
                }
                body.append("<td>").append(r.get(8) == null ? "" : esc(r.getString(8))).append("</td></tr>\n");
            }
            body.append("</table>\n");
        }
    }

    /** The deepest layer of each mean-field cell, with relative gaps to the theory. */
    static final String LAYERS_GAP_SQL = "SELECT arch, CASE WHEN alpha_relu_exponent IS NULL THEN activation "
            + "ELSE concat(activation, ' ', alpha_relu_exponent) END AS phi, init, width, depth, "
            + "(p_mc - p_theory) / p_theory AS p_gap, (e_mc - e_theory) / e_theory AS e_gap, "
            + "(chi_ratio_mc - chi_ratio_theory) / chi_ratio_theory AS chi_ratio_gap, theory_note "
            + "FROM layers WHERE layer = depth ORDER BY arch, phi, init, width, depth";

    // ------------------------------------------------------------------ helpers

    /** Appends raw HTML to the body (for {@link TrainingSections}). */
    void append(String html) {
        body.append(html);
    }

    /** Records a plotted series (for {@link TrainingSections}). */
    void addSeries(Series s) {
        series.add(s);
    }

    /** The query shown under the figures that follow (each figure's "SQL" fold). */
    void sql(String query) {
        currentSql = query;
    }

    /**
     * A figure: PNG and SVG (for papers) and, for XY charts, the interactive chart drawn from the same
     * series by {@code report.js} (the PNG is its fallback without JavaScript); under it the links and the
     * query its series come from.
     */
    void image(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String name) throws IOException {
        String png = Figures.save(chart, dir, name);
        images.add(png);
        images.add(name + ".svg");
        String img = "<img src=\"" + png + "\" width=\"" + Figures.WIDTH + "\" height=\"" + Figures.HEIGHT + "\" alt=\""
                + esc(name) + "\">";
        body.append("<figure id=\"fig-").append(esc(name)).append("\">");
        if (chart instanceof XYChart xy) {
            body.append("<div class=\"chart\" id=\"chart-").append(esc(name)).append("\">").append(img).append("</div>")
                    .append("<script type=\"application/json\" class=\"chart-spec\" data-chart=\"chart-").append(esc(name))
                    .append("\">").append(Figures.spec(xy)).append("</script>");
            charts++;
        } else {
            body.append(img);
        }
        body.append("<figcaption><a href=\"").append(png).append("\">PNG</a> <a href=\"").append(name)
                .append(".svg\">SVG</a>");
        if (currentSql != null) {
            body.append("<details><summary>SQL</summary><pre>").append(esc(currentSql)).append("</pre></details>");
        }
        body.append("</figcaption></figure>\n");
    }

    /** Rows grouped by beta, then by (arch, activation, distribution, width), in query order. */
    private static Map<Double, Map<String, List<Row>>> byBetaAndGroup(List<Row> rows) {
        Map<Double, Map<String, List<Row>>> out = new TreeMap<>();
        for (Row r : rows) {
            out.computeIfAbsent(r.<Double>getAs(Columns.BETA), b -> new LinkedHashMap<>())
                    .computeIfAbsent(group(r), g -> new ArrayList<>()).add(r);
        }
        return out;
    }

    private static String group(Row r) {
        String g = r.<String>getAs(Columns.ARCH) + " " + r.<String>getAs(Columns.ACTIVATION) + " " + r.<String>getAs(Columns.DISTRIBUTION)
                + " d=" + r.<Integer>getAs(Columns.WIDTH);
        List<String> fields = List.of(r.schema().fieldNames());
        if (fields.contains(Columns.REGULARITY) && !"iid".equals(r.getAs(Columns.REGULARITY))) {
            // Smooth-weights series: the process and its parameter.
            g += " " + r.<String>getAs(Columns.REGULARITY) + ("rbf".equals(r.getAs(Columns.REGULARITY))
                    ? " ell=" + r.<Double>getAs(Columns.LENGTH_SCALE) : " H=" + r.<Double>getAs(Columns.HURST));
        }
        return g;
    }

    /** A numeric column of rows as doubles; null becomes NaN. */
    static double[] column(List<Row> rows, String name) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = rows.get(i).getAs(name);
            out[i] = v == null ? Double.NaN : ((Number) v).doubleValue();
        }
        return out;
    }

    private static double[] toDoubles(List<Object> xs) {
        double[] out = new double[xs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) xs.get(i)).doubleValue();
        }
        return out;
    }

    static String fmt(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e9 ? Long.toString((long) x) : String.format(Locale.ROOT, "%s", x);
    }

    private static String prettyJson(String json) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (char c : json.toCharArray()) {
            if (c == '"' && (sb.length() == 0 || sb.charAt(sb.length() - 1) != '\\')) {
                quoted = !quoted;
            }
            if (!quoted && (c == '}' || c == ']')) {
                depth--;
                sb.append('\n').append("  ".repeat(Math.max(depth, 0)));
            }
            sb.append(c);
            if (!quoted && (c == '{' || c == '[')) {
                depth++;
                sb.append('\n').append("  ".repeat(depth));
            } else if (!quoted && c == ',') {
                sb.append('\n').append("  ".repeat(depth));
            }
        }
        return sb.toString();
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void copyResource(String resource, Path target) throws IOException {
        try (java.io.InputStream in = Report.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path (the analysis jar's dependencies)");
            }
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The body with an id on every section heading, and a table of contents of them in front. */
    private String withContents() {
        Matcher m = Pattern.compile("<h2>(.*?)</h2>").matcher(body);
        StringBuilder out = new StringBuilder();
        StringBuilder toc = new StringBuilder("<nav class=\"toc\"><b>Contents</b><ol>\n");
        int n = 0;
        while (m.find()) {
            String id = "sec-" + ++n;
            toc.append("<li><a href=\"#").append(id).append("\">").append(m.group(1)).append("</a></li>\n");
            m.appendReplacement(out, Matcher.quoteReplacement("<h2 id=\"" + id + "\">" + m.group(1) + "</h2>"));
        }
        m.appendTail(out);
        toc.append("</ol></nav>\n");
        int afterTitle = out.indexOf("</h1>\n");
        return n == 0 ? out.toString() : out.insert(afterTitle < 0 ? 0 : afterTitle + 6, toc).toString();
    }

    private String html(String runId) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>resnetmc report: " + esc(runId)
                + "</title>\n<style>body{font-family:sans-serif;margin:1.5em;color:#222}"
                + ".row{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0}"
                + "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 5px;text-align:left}"
                + "tr.holds td{background:#e3f4e3}tr.violated td{background:#f8d4d4}"
                + "tr.inconclusive td{background:#fff3cd}tr.not-applicable td{background:#eeeeee;color:#666}"
                + "tr.vacuous td{background:#eeeeee;color:#666;font-style:italic}span.vacuous{color:#666}"
                + "span.holds{color:#1a7f1a}span.violated{color:#b00}span.inconclusive{color:#9a7400}"
                + "span.not-applicable{color:#666}table.meta th{background:#f4f4f4}"
                + "div.chart{width:" + Figures.WIDTH + "px;height:" + Figures.HEIGHT + "px}"
                + "figcaption{font-size:12px;max-width:" + Figures.WIDTH + "px}figcaption a{margin-right:6px}"
                + "figcaption pre{white-space:pre-wrap;background:#f6f6f6;padding:4px;font-size:11px}"
                + "nav.toc{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:4px 0;font-size:13px;z-index:5}"
                + "nav.toc ol{display:flex;flex-wrap:wrap;gap:4px 16px;margin:2px 0;padding-left:18px}"
                + "</style></head>\n<body>\n"
                + withContents() + (charts > 0 ? "<script src=\"echarts.min.js\"></script>\n<script src=\"report.js\"></script>\n" : "")
                + "</body></html>\n";
    }
}
