package resnetmc.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertEquals(0, run("sql", "--run", "a", "--output", runs.toString(), "-f",
                sql.resolve("checks-summary.sql").toString()).code);
        // One row per beta (0.5 and 1.0), each over the two depths 4 and 8.
        Out trend = run("sql", "--run", "a", "--output", runs.toString(), "--format", "csv", "-f",
                sql.resolve("regime-trend.sql").toString());
        assertEquals(0, trend.code, trend.err);
        String[] lines = trend.out.split("\n");
        assertEquals(3, lines.length, trend.out);
        assertTrue(lines[1].contains(",2,4,8,"), lines[1]);
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
