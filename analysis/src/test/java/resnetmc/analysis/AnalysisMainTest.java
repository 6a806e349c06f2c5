package resnetmc.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL command over a real run produced by the job's entry point. */
class AnalysisMainTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path runs;
    /** A mean-field run (its own output root: the Monte Carlo tests list the runs of theirs). */
    static Path meanfieldRuns;

    @BeforeAll
    static void runJob() throws IOException {
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        Path conf = dir.resolve("a.conf");
        Files.writeString(conf, "trials = 50\ngrid { arch = [res-3], width = [6], depth = [4, 8], beta = [0.5, 1.0] }");
        runs = dir.resolve("runs");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertEquals(0, resnetmc.job.Main.run(new String[] {conf.toString(), "output=" + runs}, quiet, quiet));
        assertEquals(0, resnetmc.job.Main.run(new String[] {conf.toString(), "output=" + runs, "run-id=b",
                "trials=5"}, quiet, quiet));
        Path mf = dir.resolve("mf.conf");
        Files.writeString(mf, "mode = meanfield\ntrials = 6\ngrid { arch = [frn, rrn], activation = [tanh, relu], "
                + "width = 16, depth = 5 }\nmeanfield { layer-points = 3 }");
        meanfieldRuns = dir.resolve("mf-runs");
        assertEquals(0, resnetmc.job.Main.run(new String[] {mf.toString(), "output=" + meanfieldRuns}, quiet, quiet));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private record Out(int code, String out, String err) {
    }

    private static Out run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AnalysisMain.run(args, new PrintStream(out), new PrintStream(err));
        return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void alignedTextOfAQuery() {
        Out o = run("sql", "--run", "a", "--output", runs.toString(),
                "SELECT depth, count(*) AS n FROM trials GROUP BY depth ORDER BY depth");
        assertEquals(0, o.code, o.err);
        String[] lines = o.out.split("\n");
        assertEquals("depth  n", lines[0]);
        assertEquals("-----  ---", lines[1]);
        assertEquals("4      100", lines[2]); // 2 betas x 50 trials
        assertEquals("8      100", lines[3]);
        assertEquals("(2 rows)", lines[4]);
    }

    @Test
    void allRunsAndCsv() {
        Out o = run("sql", "--run", "a", "--output", runs.toString(), "--format", "csv",
                "SELECT run_id, count(*) AS n FROM all_trials GROUP BY run_id ORDER BY run_id");
        assertEquals(0, o.code, o.err);
        assertEquals("run_id,n\na,200\nb,20\n", o.out);
    }

    /** The canned query files run as they are; the Lemma 1 query returns one row per cell. */
    @Test
    void cannedQueries() {
        Path sql = Path.of("sql").toAbsolutePath();
        Out o = run("sql", "--run", "a", "--output", runs.toString(), "--format", "csv", "-f",
                sql.resolve("lemma1.sql").toString());
        assertEquals(0, o.code, o.err);
        assertEquals(1 + 4, o.out.split("\n").length);
        Out f = run("sql", "--run", "a", "--output", runs.toString(), "-f", sql.resolve("figure1.sql").toString());
        assertEquals(0, f.code, f.err);
        // 2 depths x 2 betas, forward and backward ratios.
        assertTrue(f.out.contains("(8 rows)"), f.out);
        // One row per beta (0.5 and 1.0), each over the two depths 4 and 8.
        Out trend = run("sql", "--run", "a", "--output", runs.toString(), "--format", "csv", "-f",
                sql.resolve("regime-trend.sql").toString());
        assertEquals(0, trend.code, trend.err);
        String[] lines = trend.out.split("\n");
        assertEquals(3, lines.length, trend.out);
        assertTrue(lines[1].contains(",2,4,8,"), lines[1]);
    }

    /**
     * checks-summary.sql: one row per (statement, verdict) of the checks table, with its count; the rows
     * equal a group-by of the table read directly, and the counts add up to its rows.
     */
    @Test
    void checksSummaryCountsTheChecksTable() {
        Out o = run("sql", "--run", "a", "--output", runs.toString(), "--format", "csv", "-f",
                Path.of("sql", "checks-summary.sql").toAbsolutePath().toString());
        assertEquals(0, o.code, o.err);
        List<String> lines = o.out.lines().toList();
        assertEquals("statement,verdict,checks", lines.get(0));
        Dataset<Row> checks = spark.read().parquet(runs.resolve("a/checks").toString());
        List<String> expected = checks.groupBy("statement", "verdict").count().orderBy("statement", "verdict")
                .collectAsList().stream().map(r -> r.getString(0) + "," + r.getString(1) + "," + r.getLong(2)).toList();
        assertEquals(expected, lines.subList(1, lines.size()));
        assertTrue(expected.size() >= 4, "several statements and verdicts: " + expected);
        long total = lines.stream().skip(1).mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1))).sum();
        assertEquals(checks.count(), total);
    }

    /**
     * meanfield-gap.sql: one row per cell of a mean-field run at its deepest layer, with the relative gap
     * of p, the difference of e and the ratio of chi^0/chi^L to the recursion, recomputed here from the
     * layers table (to the 6 significant digits of the text output), and the theory note (RRN ReLU's).
     */
    @Test
    void meanfieldGapRecomputed() {
        Out o = run("sql", "--run", "mf", "--output", meanfieldRuns.toString(), "--format", "csv", "-f",
                Path.of("sql", "meanfield-gap.sql").toAbsolutePath().toString());
        assertEquals(0, o.code, o.err);
        List<String> lines = o.out.lines().toList();
        assertEquals("arch,phi,init,width,depth,p_gap,e_diff,chi_ratio_mc_over_theory,theory_note", lines.get(0));
        List<Row> deepest = spark.read().parquet(meanfieldRuns.resolve("mf/layers").toString())
                .where("layer = depth").orderBy("arch", "activation").collectAsList();
        assertEquals(4, deepest.size());
        assertEquals(1 + deepest.size(), lines.size(), o.out);
        for (int i = 0; i < deepest.size(); i++) {
            Row r = deepest.get(i);
            String[] f = lines.get(1 + i).split(",", 9);
            assertEquals(r.<String>getAs("arch"), f[0]);
            assertEquals(r.<String>getAs("activation"), f[1]);
            assertEquals("5", f[4]);
            double pGap = (r.<Double>getAs("p_mc") - r.<Double>getAs("p_theory")) / r.<Double>getAs("p_theory");
            double eDiff = r.<Double>getAs("e_mc") - r.<Double>getAs("e_theory");
            double chi = r.<Double>getAs("chi_ratio_mc") / r.<Double>getAs("chi_ratio_theory");
            assertEquals(pGap, Double.parseDouble(f[5]), 1e-5 * Math.abs(pGap) + 1e-300, "p_gap " + lines.get(1 + i));
            assertEquals(eDiff, Double.parseDouble(f[6]), 1e-5 * Math.abs(eDiff) + 1e-300, "e_diff " + lines.get(1 + i));
            assertEquals(chi, Double.parseDouble(f[7]), 1e-5 * Math.abs(chi), "chi ratio " + lines.get(1 + i));
            boolean rrnRelu = f[0].equals("rrn") && f[1].equals("relu");
            assertEquals(rrnRelu, f[8].contains("RRN with a non-odd phi"), lines.get(1 + i));
        }
    }

    @Test
    void scriptSplitting() {
        assertEquals(java.util.List.of("SELECT 'a;b'", "SELECT 2"),
                AnalysisMain.statements("SELECT 'a;b'; -- a comment; with a semicolon\nSELECT 2\n"));
    }

    @Test
    void badInput() {
        Out missing = run("sql", "--run", "nope", "--output", runs.toString(), "SELECT 1");
        assertEquals(2, missing.code);
        assertTrue(missing.err.contains("runs there: a, b"), missing.err);
        Out badColumn = run("sql", "--run", "a", "--output", runs.toString(), "SELECT no_such_column FROM cells");
        assertEquals(2, badColumn.code);
        assertEquals(2, run("sql", "--run", "a").code);
        assertEquals(2, run("report").code);
    }
}
