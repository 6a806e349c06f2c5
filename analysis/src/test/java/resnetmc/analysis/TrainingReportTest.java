package resnetmc.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training sections of the report on small synthetic {@code training_runs} and {@code training_curves}
 * tables, whose values are set here so every plotted number is known by hand.
 *
 * <p>Run "t" (Fashion-MNIST shape): optimizers adam and sgd, schedule constant, beta in {0.25, 0.5, 1},
 * lr in {0.001, 0.01, 0.1}, replicates 0 and 1. Accuracy = 0.5 + 0.1 i_beta + 0.05 i_lr + 0.01 rep (+ 0.02
 * for adam), test loss = 2 - accuracy, train loss = 1.9 - accuracy. At (beta 0.25, lr 0.1) both
 * replicates diverge, at (0.5, 0.1) replicate 1 does; a diverged row records accuracy 0.1 and NaN losses.
 * Curves at steps 0, 10, 100: train loss = final train loss + 1 / (1 + step), test loss = that + 0.1,
 * h_change = step / 50; a diverged replicate's step-100 losses are NaN. Run "r": a regression run.
 */
class TrainingReportTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path runs;
    static Report.Result report;

    static final double[] BETAS = {0.25, 0.5, 1.0};
    static final double[] RATES = {0.001, 0.01, 0.1};

    static final StructType RUNS = new StructType().add("run_id", DataTypes.StringType).add("seed", DataTypes.LongType)
            .add("network_id", DataTypes.LongType).add("arch", DataTypes.StringType)
            .add("activation", DataTypes.StringType).add("width", DataTypes.IntegerType)
            .add("depth", DataTypes.IntegerType).add("beta", DataTypes.DoubleType).add("alpha", DataTypes.DoubleType)
            .add("regularity", DataTypes.StringType).add("hurst", DataTypes.DoubleType)
            .add("dataset", DataTypes.StringType).add("optimizer", DataTypes.StringType)
            .add("schedule", DataTypes.StringType).add("lr", DataTypes.DoubleType)
            .add("warmup_steps", DataTypes.IntegerType).add("weight_decay", DataTypes.DoubleType)
            .add("decay", DataTypes.StringType).add("dropout", DataTypes.DoubleType)
            .add("batch_norm", DataTypes.BooleanType).add("clip_norm", DataTypes.DoubleType)
            .add("batch_size", DataTypes.IntegerType).add("steps", DataTypes.IntegerType)
            .add("replicate", DataTypes.IntegerType).add("steps_done", DataTypes.IntegerType)
            .add("final_train_loss", DataTypes.DoubleType).add("final_test_loss", DataTypes.DoubleType)
            .add("final_test_accuracy", DataTypes.DoubleType).add("best_test_accuracy", DataTypes.DoubleType)
            .add("diverged", DataTypes.BooleanType).add("diverged_step", DataTypes.IntegerType)
            .add("wall_seconds", DataTypes.DoubleType);

    static final StructType CURVES = new StructType().add("run_id", DataTypes.StringType)
            .add("network_id", DataTypes.LongType).add("arch", DataTypes.StringType)
            .add("depth", DataTypes.IntegerType).add("width", DataTypes.IntegerType).add("beta", DataTypes.DoubleType)
            .add("optimizer", DataTypes.StringType).add("schedule", DataTypes.StringType)
            .add("base_lr", DataTypes.DoubleType).add("replicate", DataTypes.IntegerType)
            .add("step", DataTypes.IntegerType).add("train_loss", DataTypes.DoubleType)
            .add("test_loss", DataTypes.DoubleType).add("test_accuracy", DataTypes.DoubleType)
            .add("grad_norm", DataTypes.DoubleType).add("h_change", DataTypes.DoubleType)
            .add("lr", DataTypes.DoubleType);

    static double accuracy(String opt, int b, int l, int rep) {
        return 0.5 + 0.1 * b + 0.05 * l + 0.01 * rep + (opt.equals("adam") ? 0.02 : 0);
    }

    static boolean diverged(int b, int l, int rep) {
        return l == 2 && (b == 0 || (b == 1 && rep == 1));
    }

    @BeforeAll
    static void writeTablesAndReport() throws IOException {
        System.setProperty("java.awt.headless", "true");
        // Few shuffle partitions: the tables have 36 rows, and 200 empty partitions per aggregation cost seconds.
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
        runs = dir.resolve("runs");
        write("t", "fashion-mnist", true);
        write("r", "teacher", false);
        report = Report.write(spark, runs.toString(), "t", dir.resolve("reports"));
    }

    static void write(String runId, String dataset, boolean classification) {
        List<Row> runRows = new ArrayList<>();
        List<Row> curveRows = new ArrayList<>();
        long id = 0;
        for (String opt : new String[] {"adam", "sgd"}) {
            for (int b = 0; b < 3; b++) {
                for (int l = 0; l < 3; l++) {
                    for (int rep = 0; rep < 2; rep++) {
                        id++;
                        double acc = accuracy(opt, b, l, rep);
                        boolean div = diverged(b, l, rep);
                        double train = 1.9 - acc;
                        double test = 2 - acc;
                        Double finalAcc = classification ? (div ? 0.1 : acc) : null;
                        runRows.add(RowFactory.create(runId, 7L, id, "res-1", "relu", 30, 100, BETAS[b],
                                Math.pow(100, -BETAS[b]), "iid", null, dataset, opt, "constant", RATES[l], 0, 0.0,
                                "l2", 0.0, false, 0.0, 32, 100, rep, div ? 40 : 100, div ? Double.NaN : train,
                                div ? Double.NaN : test, finalAcc, finalAcc, div, div ? (b == 0 ? 5 + 2 * rep : 40) : null,
                                1.5));
                        for (int step : new int[] {0, 10, 100}) {
                            boolean nan = div && step == 100;
                            double tl = nan ? Double.NaN : train + 1.0 / (1 + step);
                            curveRows.add(RowFactory.create(runId, id, "res-1", 100, 30, BETAS[b], opt, "constant",
                                    RATES[l], rep, step, tl, tl + 0.1, classification ? acc : null, 1.0, step / 50.0,
                                    RATES[l]));
                        }
                    }
                }
            }
        }
        Path run = runs.resolve(runId);
        spark.createDataFrame(runRows, RUNS).write().parquet(run.resolve("training_runs").toString());
        spark.createDataFrame(curveRows, CURVES).write().parquet(run.resolve("training_curves").toString());
        StructType meta = new StructType().add("run_id", DataTypes.StringType).add("status", DataTypes.StringType)
                .add("networks", DataTypes.LongType).add("config", DataTypes.StringType);
        spark.createDataFrame(List.of(RowFactory.create(runId, "complete", id, "{\"mode\":\"training\"}")), meta)
                .write().parquet(run.resolve("runs").toString());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Report.Series series(Report.Result r, String fig, String name) {
        return r.series().stream().filter(s -> s.figure().equals(fig) && s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + fig + " / " + name));
    }

    private static boolean hasSeries(Report.Result r, String fig, String name) {
        return r.series().stream().anyMatch(s -> s.figure().equals(fig) && s.name().equals(name));
    }

    @Test
    void sectionsAndFilesOfATrainingRun() throws IOException {
        String html = Files.readString(report.index());
        assertTrue(html.contains("final test accuracy over (beta, learning rate)"), "heatmap section");
        assertTrue(html.contains("loss curves per optimizer"), "curves section");
        // The best-setting table: adam's best is (beta 1, lr 0.1), accuracy (0.82 + 0.83) / 2.
        assertTrue(html.contains("<td>adam</td><td>constant</td><td>1.00000</td><td>0.100000</td><td>2</td><td>0</td>"
                + "<td>0.825000</td>"), "best table");
        assertFalse(html.contains("Figure 1:"), "no Monte Carlo section without its tables");
        // The runs row of another mode: its own columns, and the config.
        assertTrue(html.contains("<th>networks</th><td>36</td>"), "generic header");
        assertTrue(html.contains("&quot;mode&quot;"));
        // 2 groups x (accuracy, divergence) + 2 optimizers' loss panels, PNG and SVG each.
        List<String> expected = List.of("train-accuracy-0.png", "train-divergence-0.png", "train-accuracy-1.png",
                "train-divergence-1.png", "train-curves-adam.png", "train-curves-sgd.png");
        for (String f : expected) {
            assertTrue(report.images().contains(f), f + " in " + report.images());
        }
        assertEquals(2 * expected.size(), report.images().size(), report.images().toString());
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            if (m.group(1).startsWith("#")) {
                assertTrue(html.contains("id=\"" + m.group(1).substring(1) + "\""), m.group(1)); // a contents link
            } else {
                assertTrue(Files.isRegularFile(report.index().getParent().resolve(m.group(1))), m.group(1));
            }
        }
        // The loss curves are interactive charts (with their spec), the heatmaps stay images.
        assertTrue(html.contains("<div class=\"chart\" id=\"chart-train-curves-adam\">"));
        assertTrue(html.contains("data-chart=\"chart-train-curves-adam\""));
        assertFalse(html.contains("id=\"chart-train-accuracy-0\""));
    }

    @Test
    void accuracyHeatmapAveragesTheReplicatesThatDidNotDiverge() {
        // adam (group 0): (beta 1, lr 0.01): both replicates, (0.5 + 0.2 + 0.05 + 0.02) + 0.005 = 0.775.
        assertEquals(0.775, series(report, "train-accuracy-0", "beta=1 lr=0.01").y()[0], 1e-12);
        // (beta 0.5, lr 0.1): replicate 1 diverged (recorded accuracy 0.1 ignored): 0.5 + 0.1 + 0.1 + 0.02 = 0.72.
        assertEquals(0.72, series(report, "train-accuracy-0", "beta=0.5 lr=0.1").y()[0], 1e-12);
        // (beta 0.25, lr 0.1): every replicate diverged: blank.
        assertFalse(hasSeries(report, "train-accuracy-0", "beta=0.25 lr=0.1"));
        // sgd (group 1) at (beta 0.25, lr 0.001): 0.5 + 0.005.
        assertEquals(0.505, series(report, "train-accuracy-1", "beta=0.25 lr=0.001").y()[0], 1e-12);
        assertEquals(8, report.series().stream().filter(s -> s.figure().equals("train-accuracy-0")).count());
    }

    @Test
    void divergenceMapIsTheFractionThatDiverged() {
        assertEquals(1.0, series(report, "train-divergence-0", "beta=0.25 lr=0.1").y()[0], 0.0);
        assertEquals(0.5, series(report, "train-divergence-0", "beta=0.5 lr=0.1").y()[0], 0.0);
        assertEquals(0.0, series(report, "train-divergence-1", "beta=1 lr=0.1").y()[0], 0.0);
        assertEquals(9, report.series().stream().filter(s -> s.figure().equals("train-divergence-1")).count());
    }

    @Test
    void lossCurvesAtTheBestRatePerBeta() {
        // adam, beta 1: no rate diverged; the lowest test loss (highest accuracy) is lr 0.1.
        // Replicates' final train losses 1.9 - 0.82 and 1.9 - 0.83, mean 1.075; curve = that + 1 / (1 + step).
        Report.Series s = series(report, "train-curves-adam", "constant beta=1 lr=0.1 train");
        assertEquals(List.of(0.0, 10.0, 100.0), List.of(s.x()[0], s.x()[1], s.x()[2]));
        assertEquals(1.075 + 1.0, s.y()[0], 1e-12);
        assertEquals(1.075 + 1.0 / 11, s.y()[1], 1e-12);
        assertEquals(1.075 + 0.1 + 1.0 / 101, series(report, "train-curves-adam", "constant beta=1 lr=0.1 test").y()[2],
                1e-12);
        // beta 0.5: lr 0.1 lost a replicate, so lr 0.01 (no divergence, the better of the two others) is drawn.
        assertTrue(hasSeries(report, "train-curves-adam", "constant beta=0.5 lr=0.01 train"));
        assertFalse(hasSeries(report, "train-curves-adam", "constant beta=0.5 lr=0.1 train"));
        // beta 0.25: lr 0.1 diverged twice; lr 0.01 beats 0.001.
        assertTrue(hasSeries(report, "train-curves-sgd", "constant beta=0.25 lr=0.01 train"));
        assertEquals(3 * 2, report.series().stream().filter(x -> x.figure().equals("train-curves-sgd")).count());
    }

    @Test
    void regressionRunMapsTheTestLoss() throws IOException {
        Report.Result r = Report.write(spark, runs.toString(), "r", dir.resolve("reports"));
        assertTrue(r.images().contains("train-test-loss-0.png"), r.images().toString());
        assertFalse(r.images().contains("train-accuracy-0.png"));
        // adam (beta 1, lr 0.001): mean test loss 2 - (0.72 + 0.005) = 1.275, drawn as log10.
        assertEquals(Math.log10(1.275), series(r, "train-test-loss-0", "beta=1 lr=0.001").y()[0], 1e-12);
    }

    @Test
    void shippedQueriesRunOnTheTables() throws IOException {
        RunTables.register(spark, runs.toString(), "t");
        String grid = Files.readString(Path.of("sql/training-grid.sql"));
        List<String> statements = AnalysisMain.statements(grid);
        assertEquals(1, statements.size());
        List<Row> fromFile = spark.sql(statements.get(0)).collectAsList();
        List<Row> fromReport = spark.sql(TrainingSections.GRID_SQL).collectAsList();
        assertEquals(2 * 9, fromFile.size());
        assertEquals(fromReport, fromFile, "the file is the report's query");

        List<Row> best = spark.sql(AnalysisMain.statements(Files.readString(Path.of("sql/training-best.sql")))
                .get(0)).collectAsList();
        assertEquals(spark.sql(TrainingSections.BEST_SQL).collectAsList(), best, "the file is the report's query");
        assertEquals(2, best.size());
        Row adam = best.get(0);
        assertEquals("adam", adam.getAs("optimizer"));
        // Fewest diverged, then the highest accuracy: beta 1, lr 0.1, (0.82 + 0.83) / 2.
        assertEquals(1.0, adam.<Double>getAs("beta"), 0.0);
        assertEquals(0.1, adam.<Double>getAs("lr"), 0.0);
        assertEquals(0.825, adam.<Double>getAs("test_accuracy"), 1e-12);
        // h_change = step / 50 passes 1 first at the step-100 evaluation.
        assertEquals(100, ((Number) adam.getAs("first_step_h_change_above_1")).intValue());
    }
}
