package resnetmc.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a small real run: files, images, and figure series against the SQL behind them. */
class ReportTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path runs;
    static Report.Result report;

    @BeforeAll
    static void runJobAndReport() throws IOException {
        System.setProperty("java.awt.headless", "true");
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        Path conf = dir.resolve("r.conf");
        Files.writeString(conf, "trials = 60\ngrid { arch = [res-3], distribution = [gaussian, uniform], width = [6], "
                + "depth = [4, 16, 64], beta = [0.25, 1.0] }");
        runs = dir.resolve("runs");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertEquals(0, resnetmc.job.Main.run(new String[] {conf.toString(), "output=" + runs}, quiet, quiet));
        writeLayersTable(runs.resolve("r/layers"));
        report = Report.write(spark, runs.toString(), "r", dir.resolve("reports"));
    }

    /** A synthetic per-layer table with the columns of the layers table, to exercise that section. */
    private static void writeLayersTable(Path path) {
        StructType schema = new StructType().add("cell_id", DataTypes.LongType).add("layer", DataTypes.IntegerType);
        for (String q : new String[] {"p", "e", "chi"}) {
            schema = schema.add(q + "_mc", DataTypes.DoubleType).add(q + "_ci_low", DataTypes.DoubleType)
                    .add(q + "_ci_high", DataTypes.DoubleType).add(q + "_theory", DataTypes.DoubleType);
        }
        List<Row> rows = new ArrayList<>();
        for (int l = 0; l <= 8; l++) {
            rows.add(RowFactory.create(7L, l, 1.0 + l, 0.9 + l, 1.1 + l, 1.0 + l, 0.5, 0.4, 0.6, 0.5, 2.0, 1.9, 2.1, 2.0));
        }
        spark.createDataFrame(rows, schema).write().parquet(path.toString());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void htmlReferencesOnlyFilesThatExist() throws IOException {
        String html = Files.readString(report.index());
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        int refs = 0;
        while (m.find()) {
            if (m.group(1).startsWith("#")) {
                // A contents link: its section exists.
                assertTrue(html.contains("id=\"" + m.group(1).substring(1) + "\""), m.group(1));
                continue;
            }
            assertTrue(Files.isRegularFile(report.index().getParent().resolve(m.group(1))), m.group(1));
            refs++;
        }
        // 2 betas x (fig1 fwd, fig1 bwd, lemma1, norm ratio, hist fwd, hist bwd) + 3 per-layer figures + slack
        // against L, d and delta, PNG and SVG each; each figure referenced by its img and two links, plus 2 scripts.
        long slackRows = spark.sql(Report.SLACK_SQL).count();
        int figures = 2 * 6 + 3 + (slackRows > 0 ? 3 : 0);
        assertEquals(2 * figures, report.images().size());
        assertEquals(3 * figures + 2, refs);
        assertTrue(html.contains("<script src=\"echarts.min.js\"></script>"));
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing fetched from the network");
        // Every interactive chart has its spec; the table of contents links every section.
        assertEquals(count(html, "<div class=\"chart\""), count(html, "class=\"chart-spec\""));
        assertTrue(count(html, "<div class=\"chart\"") >= 2 * 6 + 3);
        assertEquals(count(html, "<h2 id=\"sec-"), count(html, "<li><a href=\"#sec-"));
        assertTrue(html.contains("<nav class=\"toc\">"));
        // Each figure shows its query under it.
        assertTrue(html.contains("<details><summary>SQL</summary><pre>" + Report.esc(Report.LEMMA1_SQL) + "</pre>"));
        assertTrue(html.contains("<tr class=\"holds\">") || html.contains("<tr class=\"inconclusive\">"));
        assertTrue(html.contains("not-applicable"), "precondition rows shown");
        assertTrue(html.contains("d = 6 &lt; 64"), "the failing precondition is shown");
        assertTrue(html.contains("trials_per_second"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** The spec embedded for a figure. */
    private static String spec(String html, String fig) {
        Matcher m = Pattern.compile("data-chart=\"chart-" + Pattern.quote(fig) + "\">(.*?)</script>").matcher(html);
        assertTrue(m.find(), "no spec for " + fig);
        return m.group(1);
    }

    /** Lemma 1's bounds are solid, thick, labelled and drawn last (on top of the means and bands). */
    @Test
    void lemma1BoundsOnTop() throws IOException {
        String spec = spec(Files.readString(report.index()), "lemma1-beta-1");
        List<String> kinds = new ArrayList<>();
        Matcher m = Pattern.compile("\"name\":\"([^\"]*)\",\"kind\":\"(\\w+)\"").matcher(spec);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
            kinds.add(m.group(2));
        }
        int n = kinds.size();
        assertEquals(List.of("bound", "bound"), kinds.subList(n - 2, n), spec);
        assertTrue(names.get(n - 1).startsWith("lower bound") && names.get(n - 2).startsWith("upper bound"), names.toString());
        assertFalse(kinds.subList(0, n - 2).contains("bound"));
        // The bounds are the query's columns: L = 4, 16, 64 at alpha = 1/L.
        Report.Series lower = series("lemma1-beta-1", "lower bound");
        for (int i = 0; i < 3; i++) {
            double l = lower.x()[i];
            assertEquals(Math.pow(1 + 0.5 / (l * l), l) - 1, lower.y()[i], 1e-12 * lower.y()[i]);
        }
    }

    /**
     * The norm-ratio panels plot the cells table's empirical median and, for the Gaussian cells (whose norm
     * law is known), its exact quantiles; uniform cells have none. At d = 6 the L = 4 cells' law is too slow
     * to invert (null exact columns, NaN in the series); the deeper ones carry it.
     */
    @Test
    void normRatioAgainstTheExactLaw() {
        List<Row> rows = spark.sql(Report.NORM_RATIO_SQL).where("beta = 1.0 AND distribution = 'gaussian'")
                .collectAsList();
        double[] median = rows.stream().mapToDouble(r -> r.<Double>getAs("log10_h_ratio_p50")).toArray();
        double[] exact = rows.stream().mapToDouble(r -> r.isNullAt(r.fieldIndex("exact_log10_h_ratio_p50"))
                ? Double.NaN : r.<Double>getAs("exact_log10_h_ratio_p50")).toArray();
        assertArrayEquals(median, series("norm-ratio-beta-1", "res-3 relu gaussian d=6 median").y(), 0.0);
        assertArrayEquals(exact, series("norm-ratio-beta-1", "res-3 relu gaussian d=6 exact median").y(), 0.0);
        assertTrue(Double.isFinite(exact[exact.length - 1]), "L = 64 carries the exact median");
        assertTrue(report.series().stream().noneMatch(x -> x.name().equals("res-3 relu uniform d=6 exact median")));
    }

    /** The slack figures plot exactly the checks table's slack column, against depth, width and delta. */
    @Test
    void slackFigures() {
        List<Row> rows = spark.sql(Report.SLACK_SQL).collectAsList();
        assumeTrue(!rows.isEmpty(), "no exceedance row with a slack in this run");
        double[] all = report.series().stream().filter(x -> x.figure().equals("slack-L"))
                .flatMapToDouble(x -> java.util.Arrays.stream(x.y())).sorted().toArray();
        double[] expected = rows.stream().mapToDouble(r -> r.<Double>getAs("slack")).sorted().toArray();
        assertArrayEquals(expected, all, 0.0);
        double[] deltas = report.series().stream().filter(x -> x.figure().equals("slack-delta"))
                .flatMapToDouble(x -> java.util.Arrays.stream(x.x())).sorted().toArray();
        assertArrayEquals(rows.stream().mapToDouble(r -> r.<Double>getAs("delta")).sorted().toArray(), deltas, 0.0);
    }

    @Test
    void imagesDecodeWithTheirSize() throws IOException {
        for (String f : report.images()) {
            Path p = report.index().getParent().resolve(f);
            if (f.endsWith(".png")) {
                BufferedImage img = ImageIO.read(p.toFile());
                assertEquals(Figures.WIDTH, img.getWidth(), f);
                assertEquals(Figures.HEIGHT, img.getHeight(), f);
            } else {
                assertTrue(Files.readString(p).contains("<svg"), f);
            }
        }
    }

    /** Figure 1 means and quantiles are exactly what its SQL returns. */
    @Test
    void figureSeriesEqualTheSql() throws IOException {
        RunTables.register(spark, runs.toString(), "r");
        List<Row> rows = spark.sql(Report.FIGURE1_SQL).where("direction = 'fwd'").collectAsList();
        for (String law : new String[] {"gaussian", "uniform"}) {
            for (double beta : new double[] {0.25, 1.0}) {
                double[] mean = rows.stream().filter(r -> r.<String>getAs("distribution").equals(law)
                        && r.<Double>getAs("beta") == beta).mapToDouble(r -> r.<Double>getAs("ratio_mean")).toArray();
                double[] p95 = rows.stream().filter(r -> r.<String>getAs("distribution").equals(law)
                        && r.<Double>getAs("beta") == beta).mapToDouble(r -> r.<Double>getAs("ratio_p95")).toArray();
                String fig = "fig1-fwd-beta-" + Report.fmt(beta);
                assertArrayEquals(mean, series(fig, "res-3 relu " + law + " d=6 mean").y(), 0.0);
                assertArrayEquals(p95, series(fig, "res-3 relu " + law + " d=6 p95").y(), 0.0);
                assertArrayEquals(new double[] {4, 16, 64}, series(fig, "res-3 relu " + law + " d=6 mean").x(), 0.0);
            }
        }
        // The theory curve of the per-layer section is the table's column.
        assertEquals(1.0, series("layers-p-7", "theory").y()[0], 0.0);
    }

    private static Report.Series series(String fig, String name) {
        return report.series().stream().filter(s -> s.figure().equals(fig) && s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + fig + " / " + name));
    }

    /** fbm weights over (beta, H): the Figure 7 heatmaps, with values equal to their SQL. */
    @Test
    void hurstHeatmap() throws IOException {
        Path conf = dir.resolve("h.conf");
        Files.writeString(conf, "trials = 20\ngrid { arch = [res-3], width = [4], depth = [32], beta = [0.5, 1.0] }\n"
                + "weights { regularity = [fbm], hurst = [0.3, 0.7] }");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertEquals(0, resnetmc.job.Main.run(new String[] {conf.toString(), "output=" + runs}, quiet, quiet));
        Report.Result h = Report.write(spark, runs.toString(), "h", dir.resolve("reports"));
        assertTrue(h.images().contains("hurst-log10-fwd-ratio.png"), h.images().toString());
        assertTrue(h.images().contains("hurst-log10-bwd-ratio.png"));
        List<Row> rows = spark.sql(Report.HURST_SQL).collectAsList();
        assertEquals(4, rows.size());
        for (Row r : rows) {
            String name = "beta=" + r.getAs("beta") + " H=" + r.getAs("hurst");
            assertEquals(r.<Double>getAs("log10_fwd_ratio"), series("hurst-log10_fwd_ratio", name, h).y()[0], 0.0);
        }
        assertTrue(h.series().stream().anyMatch(x -> x.figure().startsWith("fig1-fwd") && x.name().contains("fbm H=0.3")),
                "smooth-weights Figure 1 series");
    }

    private static Report.Series series(String fig, String name, Report.Result r) {
        return r.series().stream().filter(s -> s.figure().equals(fig) && s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + fig + " / " + name));
    }

    /** Runs written before correlated weights existed read as i.i.d. runs (the report needs the columns). */
    @Test
    void olderRunsGetTheLaterColumns() {
        var old = spark.range(3).toDF("cell_id");
        var df = RunTables.withLaterColumns(old, "cells");
        assertEquals(List.of("cell_id", "regularity", "length_scale", "hurst"), List.of(df.columns()));
        assertEquals("iid", df.first().getString(1));
        assertTrue(df.first().isNullAt(3));
        assertEquals(List.of("id"), List.of(RunTables.withLaterColumns(spark.range(1).toDF(), "runs").columns()));
    }

    @Test
    void reportCommand() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AnalysisMain.run(new String[] {"report", "--run", "r", "--output", runs.toString(), "--reports",
            dir.resolve("cmd").toString()}, new PrintStream(out), new PrintStream(err));
        assertEquals(0, code, err.toString());
        assertTrue(Files.isRegularFile(dir.resolve("cmd/r/index.html")));
        assertEquals(2, AnalysisMain.run(new String[] {"report", "--run", "missing", "--output", runs.toString()},
                new PrintStream(out), new PrintStream(err)));
    }

    /**
     * The page as a person sees it: headless Chromium renders index.html to a PNG, which must not be
     * blank (more than one colour in it). Skipped when Chromium is not installed (.ci/run installs it).
     */
    @Test
    void rendersInChromium() throws Exception {
        String chromium = null;
        for (String c : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (new File(c).canExecute()) {
                chromium = c;
            }
        }
        assumeTrue(chromium != null, "Chromium is not installed: skipping the screenshot test");
        Path shot = dir.resolve("shot.png");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("chrome-profile"), "--window-size=1400,1800",
                "--screenshot=" + shot, report.index().toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "Chromium did not finish");
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1400, img.getWidth());
        int first = img.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < img.getHeight() && !varied; y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                if (img.getRGB(x, y) != first) {
                    varied = true;
                    break;
                }
            }
        }
        assertTrue(varied, "the screenshot is blank");
        assertFalse(Files.size(shot) < 10_000, "the screenshot is suspiciously small");
        // The interactive charts, offline: the DOM after the scripts ran has, in every chart element, an
        // SVG that ECharts drew, with the series' paths in it (not the fallback PNG, not an error).
        Path dom = dir.resolve("dom.html");
        Process d = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("chrome-profile-dom"), "--virtual-time-budget=20000", "--dump-dom",
                report.index().toUri().toString())
                .redirectError(dir.resolve("chromium-dom.log").toFile()).redirectOutput(dom.toFile()).start();
        assertTrue(d.waitFor(90, TimeUnit.SECONDS), "Chromium did not finish");
        String html = Files.readString(dom);
        String[] charts = html.split("<div class=\"chart\"");
        int expected = count(Files.readString(report.index()), "<div class=\"chart\"");
        assertEquals(expected + 1, charts.length, "chart elements in the rendered page");
        for (int i = 1; i < charts.length; i++) {
            String c = charts[i].substring(0, charts[i].indexOf("</figure>"));
            assertFalse(c.contains("data-error"), c.substring(0, Math.min(300, c.length())));
            assertTrue(c.contains("data-rendered=") && c.contains("<svg"), "chart " + i + " not drawn: "
                    + c.substring(0, Math.min(300, c.length())));
            // Axes, a legend and at least one data path: a drawn chart has many more than 10 paths.
            assertTrue(count(c, "<path") > 10, "chart " + i + " has " + count(c, "<path") + " paths");
        }
    }
}
