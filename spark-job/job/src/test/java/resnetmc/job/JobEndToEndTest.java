package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetmc.testing.FalseFailureRate;
import resnetmc.theory.Bounds;

/**
 * The real entry point on a local Spark: a small grid from a config file to the four Parquet tables,
 * read back with Spark SQL. False failure: 3e-5 for the two exact-mean checks, 1e-5 for "no false
 * violated" (the checks table's family level), see smallGridEndToEnd.
 */
@FalseFailureRate(4e-5)
class JobEndToEndTest extends SparkTestSession {
    @TempDir
    Path dir;

    static final String GRID = String.join("\n",
            "seed = 11", "trials = 400",
            "grid { arch = [res-1, res-3], activation = [identity], width = [8], depth = [16, 32], beta = [0.5, 1.0] }",
            "loss = random-direction", "trajectory-points = 6");

    static int runMain(String... args) {
        MainRun.Result r = MainRun.run(args);
        if (r.code() != 0) {
            System.err.println(r.err());
        }
        return r.code();
    }

    static Path writeConfig(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /**
     * Var r_fwd for res-1 with the identity and Gaussian weights (h_{k+1} = (I + alpha V) h_k, V entries
     * N(0, 1/d)), exact. With |h_0| = 1, a = |h_k|^2 and b = h_k . h_0, given h_k the vector V h_k is
     * N(0, a/d I), so a' = a (1 + 2 alpha z_1 / sqrt d + alpha^2 chi^2_d / d) and
     * b' = b + alpha (b z_1 + sqrt(a - b^2) z_2) / sqrt d (z_1, z_2 standard normal, z_1 inside chi^2_d).
     * The second moments then follow linear recursions: E a^2 grows by 1 + 2 alpha^2 + 4 alpha^2/d +
     * alpha^4 (1 + 2/d) a layer, E ab by 1 + alpha^2 + 2 alpha^2/d, E b^2 by alpha^2 E a / d, E a by
     * 1 + alpha^2, E b = 1. r = a - 2b + 1 gives E r^2 = E a^2 + 4 E b^2 + 1 - 4 E ab + 2 E a - 4.
     * (d = 8, L = 16, alpha = 1/4: 2.00116; a 2e5-trial numpy simulation gave 1.998.)
     */
    static double resOneIdentityVariance(int d, int depth, double alpha) {
        double x = alpha * alpha;
        double a = Math.pow(1 + x, depth);
        double a2 = Math.pow(1 + 2 * x + 4 * x / d + x * x * (1 + 2.0 / d), depth);
        double ab = Math.pow(1 + x + 2 * x / d, depth);
        double b2 = 1 + (a - 1) / d;
        double mean = a - 1;
        return a2 + 4 * b2 + 1 - 4 * ab + 2 * a - 4 - mean * mean;
    }

    @Test
    void smallGridEndToEnd() throws IOException {
        Path conf = writeConfig(dir, "small.conf", GRID);
        Path out = dir.resolve("runs");
        assertEquals(0, runMain(conf.toString(), "output=" + out, "checks.confidence=0.99999"));

        Path run = out.resolve("small"); // run-id defaults to the config's base name
        for (String t : List.of("trials", "cells", "checks", "runs")) {
            spark.read().parquet(run.resolve(t).toString()).createOrReplaceTempView(t);
        }
        // 2 archs x 1 activation x 2 depths x 2 betas = 8 cells of 400 trials.
        assertEquals(3200L, spark.sql("SELECT count(*) FROM trials").first().getLong(0));
        assertEquals(0L, spark.sql("SELECT count(*) FROM (SELECT cell_id, trial FROM trials GROUP BY 1, 2 HAVING count(*) > 1)")
                .first().getLong(0), "no duplicate (cell, trial)");
        assertEquals(8L, spark.sql("SELECT count(*) FROM cells").first().getLong(0));
        List<String> columns = Arrays.asList(spark.table("trials").columns());
        for (String c : List.of("arch", "activation", "distribution", "width", "depth", "beta", "alpha", "input",
                "sampler", "trial", "r_fwd", "r_bwd", "log10_r_fwd", "log10_r_bwd", "h_ratio", "p_ratio")) {
            assertTrue(columns.contains(c), "trials has column " + c);
        }
        // r_fwd and its log10 agree row by row.
        assertEquals(0L, spark.sql("SELECT count(*) FROM trials WHERE abs(log10(r_fwd) - log10_r_fwd) > 1e-12")
                .first().getLong(0));

        // Prop. 2 at res-3, L = 32, beta = 1/2, delta = 0.1: bound 2 L alpha^2 / delta = 20, far in the
        // tail (E r_fwd ~ 0.65); with 0 or few exceedances of 400, the 95% Clopper-Pearson upper end is
        // < 0.02 < 0.1, so the verdict is "holds".
        Row p2 = spark.sql("SELECT verdict, exceedances, n, bound_high FROM checks WHERE statement = 'prop2' "
                + "AND arch = 'res-3' AND depth = 32 AND beta = 0.5 AND delta = 0.1").first();
        assertEquals("holds", p2.getString(0));
        assertEquals(400L, p2.getLong(2));
        assertEquals(20.0, p2.getDouble(3), 1e-9);

        // res-1 identity satisfies every statement (Hypothesis 2 holds with a = b = 1): no row of it may say
        // "violated". At checks.confidence = 0.99999 the whole table has a false "violated" with probability
        // at most 1e-5. res-3 precondition rows say which precondition fails.
        assertEquals(0L, spark.sql("SELECT count(*) FROM checks WHERE arch = 'res-1' AND activation = 'identity' "
                + "AND verdict = 'violated'").first().getLong(0));
        assertTrue(spark.sql("SELECT count(*) FROM checks WHERE arch = 'res-1' AND verdict = 'holds'").first()
                .getLong(0) > 0, "res-1 identity has decided rows");
        Row na = spark.sql("SELECT precondition_failed FROM checks WHERE statement = 'prop3-i' AND arch = 'res-3' "
                + "AND depth = 16 AND beta = 0.5 AND delta = 0.05").first();
        assertTrue(na.getString(0).contains("d = 8 < 64"), na.getString(0));

        // Exact-oracle cell: res-1 identity, L = 16, beta = 1/2 (alpha = 1/4), d = 8, Gaussian weights. Its
        // mean E r_fwd = (1 + alpha^2)^L - 1 and its variance are known exactly (resOneIdentityVariance), and
        // r_bwd has the same law (random-direction p_L independent of the weights; the transposed product of
        // I + alpha V_k is again one of i.i.d. Gaussian factors). Each stored mean lies within
        // z_{1-5e-6} = 4.417 exact sd / sqrt(400) of it; the tolerance does not use the run's sd. Normal
        // approximation with a known variance; the skewness of r (3.1, measured in 2e5 trials) makes the
        // mean's skewness 0.16 and, by the Edgeworth term, the 1e-5 tail at most 1.5e-5: 3e-5 for the two.
        Row cell = spark.sql("SELECT exact_r_fwd_mean, r_fwd_mean, exact_r_bwd_mean, r_bwd_mean, n "
                + "FROM cells WHERE arch = 'res-1' AND activation = 'identity' AND depth = 16 AND beta = 0.5").first();
        double exact = Bounds.exactMean(1.0, 0.25, 16);
        assertEquals(Math.pow(17.0 / 16, 16) - 1, exact, 1e-12);
        assertEquals(exact, cell.getDouble(0), 1e-12);
        assertEquals(exact, cell.getDouble(2), 1e-12);
        assertEquals(400L, cell.getLong(4));
        double tol = 4.417173413467605 * Math.sqrt(resOneIdentityVariance(8, 16, 0.25) / 400);
        assertEquals(exact, cell.getDouble(1), tol, "r_fwd mean");
        assertEquals(exact, cell.getDouble(3), tol, "r_bwd mean");

        // Corollary 1 for beta = 1 (two depths): the mean log10 r_fwd falls with L.
        Row cor = spark.sql("SELECT verdict, statistic FROM checks WHERE statement = 'cor1' AND arch = 'res-1' "
                + "AND beta = 1.0").first();
        assertTrue(cor.getDouble(1) < 0, "slope " + cor.getDouble(1));

        Row runRow = spark.sql("SELECT status, total_trials, cells, project_version, spark_version FROM runs").first();
        assertEquals("complete", runRow.getString(0));
        assertEquals(3200L, runRow.getLong(1));
        assertEquals(8, runRow.getInt(2));
        assertEquals(spark.version(), runRow.getString(4));

        // Plain Parquet types only (no INT96 timestamps), so pandas/pyarrow and DuckDB read every table.
        for (String t : List.of("trials", "cells", "checks", "runs")) {
            try (var files = Files.list(run.resolve(t))) {
                Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
                var footer = org.apache.parquet.hadoop.ParquetFileReader.readFooter(
                        new org.apache.hadoop.conf.Configuration(), new org.apache.hadoop.fs.Path(part.toString()));
                assertFalse(footer.getFileMetaData().getSchema().toString().contains("int96"), t);
            }
        }

        // No staging or replaced folders left behind.
        try (var files = Files.list(out)) {
            assertEquals(List.of("small"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    /**
     * Progress when the output is not a terminal: plain lines (no carriage return), the last one with
     * every cell and trial done.
     */
    @Test
    void progressLines() throws IOException {
        Path conf = writeConfig(dir, "prog.conf", GRID.replace("trials = 400", "trials = 30"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {conf.toString(), "output=" + dir.resolve("runs")}, new PrintStream(out),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, code);
        String text = out.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), "no carriage returns off a terminal");
        List<String> lines = text.lines().filter(l -> l.startsWith("progress: ")).toList();
        assertFalse(lines.isEmpty(), text);
        assertTrue(lines.get(lines.size() - 1).startsWith("progress: cells 8/8  trials 240/240 (100%)"),
                lines.get(lines.size() - 1));
        // progress = false: no progress lines.
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[] {conf.toString(), "output=" + dir.resolve("runs"), "progress=false"},
                new PrintStream(quiet), new PrintStream(new ByteArrayOutputStream())));
        assertFalse(quiet.toString(StandardCharsets.UTF_8).contains("progress:"));
    }

    /**
     * Same config and seed, 1 partition and 7: the trials rows are identical bit for bit, and so are the
     * cells statistics (computed in trial order). Re-running a run-id replaces it whole.
     */
    @Test
    void partitioningDoesNotChangeNumbers() throws IOException {
        Path conf = writeConfig(dir, "p.conf", GRID.replace("trials = 400", "trials = 60"));
        Path out = dir.resolve("runs");
        assertEquals(0, runMain(conf.toString(), "output=" + out, "run-id=one", "partitions=1"));
        assertEquals(0, runMain(conf.toString(), "output=" + out, "run-id=seven", "partitions=7"));
        Dataset<Row> one = spark.read().parquet(out.resolve("one/trials").toString()).drop("run_id").orderBy("cell_id", "trial");
        Dataset<Row> seven = spark.read().parquet(out.resolve("seven/trials").toString()).drop("run_id").orderBy("cell_id", "trial");
        List<Row> a = one.collectAsList();
        List<Row> b = seven.collectAsList();
        assertEquals(480, a.size());
        assertEquals(a, b);
        List<Row> ca = spark.read().parquet(out.resolve("one/cells").toString()).drop("run_id").orderBy("cell_id").collectAsList();
        List<Row> cb = spark.read().parquet(out.resolve("seven/cells").toString()).drop("run_id").orderBy("cell_id").collectAsList();
        assertEquals(ca.toString(), cb.toString());
        assertEquals(7, spark.read().parquet(out.resolve("seven/runs").toString()).first().<Integer>getAs("partitions"));

        // Re-run "one" with fewer trials: the run is replaced whole, no old rows remain.
        assertEquals(0, runMain(conf.toString(), "output=" + out, "run-id=one", "trials=10"));
        assertEquals(80L, spark.read().parquet(out.resolve("one/trials").toString()).count());
        assertFalse(Files.list(out).anyMatch(p -> p.getFileName().toString().startsWith(".")));
    }
}
