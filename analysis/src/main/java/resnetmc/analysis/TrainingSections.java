package resnetmc.analysis;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import resnetmc.schema.Columns;
import resnetmc.schema.TableNames;

/**
 * The report's sections for a training run ({@code mode = training}): Marion et al.'s Figure 9 shape,
 * the final test accuracy over (beta, learning rate) (test loss for regression), the divergence map over
 * the same grid, and the loss curves per optimizer. Every number comes from the SQL constants below, run
 * on the {@code training_runs} and {@code training_curves} views of {@link RunTables}.
 *
 * <p>A replicate that diverged (NaN or a loss above {@code training.divergence-bound}) has no meaningful
 * final metrics: the accuracy and loss maps average the replicates that did not diverge, and a cell where
 * all diverged is left blank; the divergence map shows the fraction that diverged.
 */
final class TrainingSections {

    /** Heatmap groups drawn at most: a sweep over 7 optimizers x 4 schedules gives 28; more is unreadable. */
    static final int MAX_GROUPS = 32;

    private static final Color GOOD = new Color(0x2166ac);
    private static final Color POOR = new Color(0xfdd49e);

    /**
     * One row per (group, beta, lr): replicate count, how many diverged, and the means of the final
     * metrics over the replicates that did not diverge (null when all did); the query of
     * {@code analysis/sql/training-grid.sql}.
     */
    static final String GRID_SQL = SqlFiles.query("training-grid.sql");

    /**
     * Per (arch, width, depth, optimizer, schedule, beta) the base rate to plot: fewest diverged
     * replicates first, then the lowest mean final test loss of the others, then the smaller rate.
     */
    static final String BEST_LR_SQL = "SELECT arch, width, depth, optimizer, schedule, beta, lr, n, n_diverged, "
            + "test_loss, test_accuracy FROM (SELECT arch, width, depth, optimizer, schedule, beta, lr, count(*) AS n, "
            + "sum(CASE WHEN diverged THEN 1 ELSE 0 END) AS n_diverged, "
            + "avg(CASE WHEN diverged THEN NULL ELSE final_test_loss END) AS test_loss, "
            + "avg(CASE WHEN diverged THEN NULL ELSE final_test_accuracy END) AS test_accuracy, "
            + "row_number() OVER (PARTITION BY arch, width, depth, optimizer, schedule, beta ORDER BY "
            + "sum(CASE WHEN diverged THEN 1 ELSE 0 END), "
            + "avg(CASE WHEN diverged THEN NULL ELSE final_test_loss END) ASC NULLS LAST, lr) AS rank "
            + "FROM training_runs GROUP BY arch, width, depth, optimizer, schedule, beta, lr) WHERE rank = 1";

    /** Mean train and test loss over the replicates at each evaluation step, at the rate {@link #BEST_LR_SQL} picks. */
    static final String CURVES_SQL = "SELECT c.arch, c.width, c.depth, c.optimizer, c.schedule, c.beta, c.base_lr, "
            + "c.step, count(*) AS n, avg(c.train_loss) AS train_loss, avg(c.test_loss) AS test_loss "
            + "FROM training_curves c JOIN (" + BEST_LR_SQL + ") b ON c.arch = b.arch AND c.width = b.width "
            + "AND c.depth = b.depth AND c.optimizer = b.optimizer AND c.schedule = b.schedule AND c.beta <=> b.beta "
            + "AND c.base_lr = b.lr "
            + "WHERE NOT isnan(c.train_loss) AND c.train_loss < double('Infinity') "
            + "AND NOT isnan(c.test_loss) AND c.test_loss < double('Infinity') "
            + "GROUP BY c.arch, c.width, c.depth, c.optimizer, c.schedule, c.beta, c.base_lr, c.step "
            + "ORDER BY c.optimizer, c.arch, c.width, c.depth, c.schedule, c.beta, c.step";

    /**
     * The best (beta, lr) per network, optimizer and schedule (fewest diverged replicates, then highest
     * accuracy, then lowest test loss), with the first evaluation step at which ||h_L - h_0|| / ||h_0|| on
     * the probe batch passed 1 there; the query of {@code analysis/sql/training-best.sql}.
     */
    static final String BEST_SQL = SqlFiles.query("training-best.sql");

    private final Report report;
    private final SparkSession spark;

    private TrainingSections(Report report, SparkSession spark) {
        this.report = report;
        this.spark = spark;
    }

    /** Adds the sections whose tables exist. */
    static void write(Report report, SparkSession spark, List<String> tables) throws IOException {
        TrainingSections t = new TrainingSections(report, spark);
        if (tables.contains(TableNames.TRAINING_RUNS)) {
            t.grids();
        }
        if (tables.contains(TableNames.TRAINING_RUNS) && tables.contains(TableNames.TRAINING_CURVES)) {
            t.best();
            t.curves();
        }
    }

    // ------------------------------------------------------------------ (beta, lr) maps

    private void grids() throws IOException {
        List<Row> rows = spark.sql(GRID_SQL).collectAsList();
        report.sql(GRID_SQL);
        if (rows.isEmpty()) {
            return;
        }
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(group(r), g -> new ArrayList<>()).add(r);
        }
        report.append("<h2>Training: final test accuracy over (beta, learning rate) (Figure 9 of Marion et al.)</h2>\n"
                + "<p>Mean over the replicates that did not diverge (for regression, log10 of the mean test loss); "
                + "blank: every replicate diverged. Beside each, the fraction of replicates that diverged.</p>\n");
        if (groups.size() > MAX_GROUPS) {
            report.append("<p>" + groups.size() + " groups; the first " + MAX_GROUPS + " are drawn (all are in "
                    + "<code>analysis/sql/training-grid.sql</code>).</p>\n");
        }
        report.append("<div class=\"row\">\n");
        int i = 0;
        for (Map.Entry<String, List<Row>> g : groups.entrySet()) {
            if (i == MAX_GROUPS) {
                break;
            }
            List<Row> pts = g.getValue();
            boolean classification = pts.stream().anyMatch(r -> r.getAs("test_accuracy") != null);
            String col = classification ? "test_accuracy" : "test_loss";
            heatmap("train-" + (classification ? "accuracy" : "test-loss") + "-" + i, g.getKey(), pts, col, classification);
            heatmap("train-divergence-" + i, g.getKey(), pts, "diverged_fraction", false);
            i++;
        }
        report.append("</div>\n");
    }

    private void heatmap(String fig, String group, List<Row> pts, String col, boolean accuracy) throws IOException {
        TreeSet<Double> betas = new TreeSet<>();
        TreeSet<Double> rates = new TreeSet<>();
        for (Row r : pts) {
            betas.add(r.getAs(Columns.BETA));
            rates.add(r.getAs(Columns.LR));
        }
        List<Double> bs = new ArrayList<>(betas);
        List<Double> ls = new ArrayList<>(rates);
        boolean divergence = col.equals("diverged_fraction");
        boolean logLoss = col.equals("test_loss");
        List<Number[]> heat = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Row r : pts) {
            Object v = r.getAs(col);
            if (v == null) {
                continue; // every replicate diverged: left blank
            }
            double value = ((Number) v).doubleValue();
            if (logLoss) {
                value = Math.log10(value);
            }
            double beta = r.getAs(Columns.BETA);
            double lr = r.getAs(Columns.LR);
            heat.add(new Number[] {bs.indexOf(beta), ls.indexOf(lr), value});
            if (Double.isFinite(value)) {
                lo = Math.min(lo, value);
                hi = Math.max(hi, value);
            }
            report.addSeries(new Report.Series(fig, "beta=" + Report.fmt(beta) + " lr=" + Report.fmt(lr),
                    new double[] {beta, lr}, new double[] {value}));
        }
        if (heat.isEmpty()) {
            return;
        }
        String what = divergence ? "fraction diverged" : accuracy ? "test accuracy" : "log10 test loss";
        HeatMapChart chart = new HeatMapChartBuilder().width(Figures.WIDTH).height(Figures.HEIGHT)
                .title(what + ": " + group).xAxisTitle("beta").yAxisTitle("learning rate").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(bs.size() * ls.size() <= 80);
        chart.getStyler().setHeatMapValueDecimalPattern(divergence ? "0.##" : "0.00");
        chart.getStyler().setValueFont(chart.getStyler().getValueFont().deriveFont(11f));
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(11f));
        if (divergence) {
            // A fixed [0, 1] scale, white (none diverged) to red (all), so maps of different groups compare.
            chart.getStyler().setMin(0).setMax(1);
            chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0xb2182b)});
        } else if (accuracy) {
            // Pale orange (poor) to dark blue (good), so a poor cell is not mistaken for a blank one.
            chart.getStyler().setMin(0).setMax(1);
            chart.getStyler().setRangeColors(new Color[] {POOR, GOOD});
        } else {
            // The data's own range (XChart's default range misses all-negative values such as log10 losses
            // below 1); low losses dark.
            // Rounded outwards to 0.01, which is also what the legend prints.
            double pad = hi > lo ? 0 : 0.5;
            chart.getStyler().setMin(Math.floor((lo - pad) * 100) / 100).setMax(Math.ceil((hi + pad) * 100) / 100);
            chart.getStyler().setRangeColors(new Color[] {GOOD, POOR});
        }
        chart.addSeries(what, bs.stream().map(Report::fmt).toList(), ls.stream().map(Report::fmt).toList(), heat);
        report.image(chart, fig);
    }

    private static String group(Row r) {
        String g = r.<String>getAs(Columns.DATASET) + " " + r.<String>getAs(Columns.ARCH) + " " + r.<String>getAs(Columns.ACTIVATION)
                + " d=" + r.getAs(Columns.WIDTH) + " L=" + r.getAs(Columns.DEPTH);
        if (!"iid".equals(r.getAs(Columns.REGULARITY))) {
            g += " " + r.getAs(Columns.REGULARITY) + (r.getAs(Columns.HURST) == null ? "" : " H=" + r.getAs(Columns.HURST));
        }
        return g + " " + r.getAs(Columns.OPTIMIZER) + " " + r.getAs(Columns.SCHEDULE);
    }

    // ------------------------------------------------------------------ best settings

    private void best() {
        List<Row> rows = spark.sql(BEST_SQL).collectAsList();
        if (rows.isEmpty()) {
            return;
        }
        String[] cols = {"arch", "width", "depth", "optimizer", "schedule", "beta", "lr", "n", "n_diverged",
            "test_accuracy", "test_loss", "wall_seconds", "first_step_h_change_above_1"};
        StringBuilder t = new StringBuilder("<h2>Training: best (beta, lr) per optimizer and schedule</h2>\n"
                + "<p>Fewest diverged replicates, then the highest mean final test accuracy (lowest test loss), "
                + "with the first evaluation step at which ||h_L - h_0|| / ||h_0|| passed 1 (null: never).</p>\n"
                + "<table class=\"best\">\n<tr>");
        for (String c : cols) {
            t.append("<th>").append(c).append("</th>");
        }
        t.append("</tr>\n");
        for (Row r : rows) {
            t.append("<tr>");
            for (String c : cols) {
                t.append("<td>").append(Report.esc(TextTable.value(r.getAs(c)))).append("</td>");
            }
            t.append("</tr>\n");
        }
        report.append(t.append("</table>\n").toString());
    }

    // ------------------------------------------------------------------ loss curves

    private void curves() throws IOException {
        List<Row> rows = spark.sql(CURVES_SQL).collectAsList();
        report.sql(CURVES_SQL);
        if (rows.isEmpty()) {
            return;
        }
        report.append("<h2>Training: loss curves per optimizer</h2>\n<p>Mean train loss (solid) and test loss "
                + "(dashed) over the replicates, per schedule and beta, at the base learning rate with the fewest "
                + "diverged replicates and then the lowest final test loss.</p>\n<div class=\"row\">\n");
        Map<String, Map<String, List<Row>>> panels = new LinkedHashMap<>();
        boolean oneNetwork = rows.stream()
                .map(r -> r.getAs(Columns.ARCH) + " " + r.getAs(Columns.WIDTH) + " " + r.getAs(Columns.DEPTH))
                .distinct().count() == 1;
        for (Row r : rows) {
            String panel = r.<String>getAs(Columns.OPTIMIZER) + (oneNetwork ? ""
                    : " " + r.getAs(Columns.ARCH) + " d=" + r.getAs(Columns.WIDTH) + " L=" + r.getAs(Columns.DEPTH));
            Object beta = r.getAs(Columns.BETA);
            String line = r.<String>getAs(Columns.SCHEDULE) + " beta=" + (beta == null ? "-" : Report.fmt((Double) beta))
                    + " lr=" + Report.fmt(r.<Double>getAs(Columns.BASE_LR));
            panels.computeIfAbsent(panel, p -> new LinkedHashMap<>()).computeIfAbsent(line, l -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, Map<String, List<Row>>> p : panels.entrySet()) {
            String fig = "train-curves-" + p.getKey().replaceAll("[^A-Za-z0-9.=-]+", "-");
            XYChart chart = Figures.xy("loss, " + p.getKey(), "step", "loss");
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            List<double[]> xs = new ArrayList<>();
            List<double[]> ys = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, List<Row>> l : p.getValue().entrySet()) {
                double[] x = Report.column(l.getValue(), Columns.STEP);
                double[] train = Report.column(l.getValue(), "train_loss");
                double[] test = Report.column(l.getValue(), "test_loss");
                Color c = Figures.color(i++);
                Figures.line(chart, l.getKey(), x, train, c);
                Figures.dashed(chart, l.getKey() + " test", x, test, c);
                chart.getSeriesMap().get(l.getKey() + " test").setShowInLegend(false);
                report.addSeries(new Report.Series(fig, l.getKey() + " train", x, train));
                report.addSeries(new Report.Series(fig, l.getKey() + " test", x, test));
                xs.add(x);
                ys.add(train);
                ys.add(test);
            }
            Figures.logAxesWhereUseful(chart, xs, ys);
            report.image(chart, fig);
        }
        report.append("</div>\n");
    }
}
