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
        // Block comments (over lines, holding semicolons and quotes) are dropped; inside a string they are text.
        assertEquals(java.util.List.of("SELECT 1", "SELECT '/* kept; */', 2"),
                AnalysisMain.statements("/* header; it's\n a comment */ SELECT 1; SELECT '/* kept; */', 2 /* ; */"));
        // An escaped quote does not end the string, so its semicolon does not split.
        assertEquals(java.util.List.of("SELECT 'it\\'s; one'"), AnalysisMain.statements("SELECT 'it\\'s; one';"));
    }

    /** CSV keeps every double exactly (the shortest decimal that parses back to it) and leaves nulls empty. */
    @Test
    void csvIsExact() {
        Out o = run("sql", "--run", "a", "--output", runs.toString(), "--format", "csv", "-e",
                "SELECT cell_id, r_fwd_mean, exact_r_bwd_mean, lemma1_upper FROM cells ORDER BY cell_id");
        assertEquals(0, o.code, o.err);
        java.util.List<org.apache.spark.sql.Row> rows = spark.sql("SELECT cell_id, r_fwd_mean, lemma1_upper FROM "
                + "parquet.`" + runs.resolve("a/cells") + "` ORDER BY cell_id").collectAsList();
        String[] lines = o.out.split("\n");
        assertEquals(rows.size() + 1, lines.length);
        for (int i = 0; i < rows.size(); i++) {
            String[] f = lines[i + 1].split(",", -1);
            assertEquals(rows.get(i).getLong(0), Long.parseLong(f[0]));
            // Bit-equal after parsing back: six significant digits would fail this for almost every mean.
            assertEquals(rows.get(i).getDouble(1), Double.parseDouble(f[1]), 0.0, lines[i + 1]);
            assertEquals("", f[2], "exact_r_bwd_mean is null for the quadratic loss: an empty field");
            assertEquals(rows.get(i).getDouble(2), Double.parseDouble(f[3]), 0.0);
        }
        Out nulls = run("sql", "--run", "a", "--output", runs.toString(), "--format", "csv", "-e",
                "SELECT CAST(NULL AS DOUBLE) AS x, 0.1D + 0.2D AS y, 2e-3D AS z, 1e-7D AS w, CAST(NULL AS STRING) AS s");
        assertEquals("x,y,z,w,s\n,0.30000000000000004,0.002,1.0E-7,\n", nulls.out);
    }

    /** Shortest round-trip digits, against Java 17's Double.toString which round-trips but can be longer. */
    @Test
    void shortestDecimal() {
        assertEquals("0.002", TextTable.shortest(2e-3)); // Java 17: "0.0020"
        assertEquals("1.0E23", TextTable.shortest(1e23));
        assertEquals("-123.456", TextTable.shortest(-123.456));
        assertEquals("5.0E-324", TextTable.shortest(Double.MIN_VALUE)); // one digit suffices (Java: 4.9E-324)
        assertEquals("1.7976931348623157E308", TextTable.shortest(Double.MAX_VALUE));
        assertEquals("NaN", TextTable.shortest(Double.NaN));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            double d = Double.longBitsToDouble(rnd.nextLong());
            if (!Double.isFinite(d)) {
                continue;
            }
            String s = TextTable.shortest(d);
            assertEquals(d, Double.parseDouble(s), 0.0, s);
            // Never more significant digits than Double.toString (which always round-trips).
            assertTrue(digits(s) <= digits(Double.toString(d)), s + " vs " + d);
        }
    }

    private static int digits(String s) {
        String m = s.replaceFirst("[eE].*", "").replace("-", "").replace(".", "").replaceFirst("^0+", "");
        return m.replaceFirst("0+$", "").length();
    }

    @Test
    void rowLimitAndOut() {
        Out o = run("sql", "--run", "a", "--output", runs.toString(), "--limit", "3", "-e", "SELECT * FROM trials");
        assertEquals(0, o.code, o.err);
        assertTrue(o.out.endsWith("(3 rows)\n"), o.out);
        assertTrue(o.err.contains("only the first 3 rows"), o.err);
        Out all = run("sql", "--run", "a", "--output", runs.toString(), "--limit", "4", "-e",
                "SELECT DISTINCT depth FROM trials");
        assertEquals("", all.err, "no note when every row is shown");
        Path out = dir.resolve("out-trials");
        Out w = run("sql", "--run", "a", "--output", runs.toString(), "--out", out.toString(), "-e",
                "SELECT * FROM trials WHERE depth = 8");
        assertEquals(0, w.code, w.err);
        assertEquals(100, spark.read().parquet(out.toString()).count()); // 2 betas x 50 trials at L = 8
        Path csv = dir.resolve("out-csv");
        assertEquals(0, run("sql", "--run", "a", "--output", runs.toString(), "--out", csv.toString(), "--format",
                "csv", "-e", "SELECT depth, r_fwd FROM trials").code);
        assertEquals(200, spark.read().option("header", "true").csv(csv.toString()).count());
        Out again = run("sql", "--run", "a", "--output", runs.toString(), "--out", out.toString(), "-e", "SELECT 1");
        assertEquals(2, again.code);
        assertTrue(again.err.contains("exists"), again.err);
        assertEquals(2, run("sql", "--run", "a", "--output", runs.toString(), "--limit", "0", "-e", "SELECT 1").code);
        assertEquals(2, run("sql", "--run", "a", "--output", runs.toString(), "--format", "parquet", "-e",
                "SELECT 1").code);
        assertEquals(2, run("sql", "--run", "a", "--output", runs.toString(), "-e", "SELECT 1", "SELECT 2").code);
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
