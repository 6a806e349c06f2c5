package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetmc.testing.FalseFailureRate;

/** {@code mode = meanfield} through the real entry point: the layers table, read back with Spark SQL. */
@FalseFailureRate(4e-5)
class MeanFieldJobTest extends SparkTestSession {
    @TempDir
    Path dir;

    static final String CONFIG = String.join("\n",
            "mode = meanfield", "seed = 7", "trials = 80", "checks.confidence = 0.99999",
            "grid { arch = [frn, rrn], activation = tanh, width = 64, depth = 20, sigma-w = 1.2, sigma-b = 0.2, sigma-a = 0.1 }",
            "meanfield { input-cosine = 0.3, layer-points = 6 }");

    /**
     * 2 cells x 6 recorded layers = 12 rows with every public column. Layer 0 is exact: p = 1, e = 0.3
     * (the inputs are built with that length and cosine), chi^0/chi^0 = 1, and chi^L has theory 1.
     * At layer L = 20, p and e of both cells lie within their 99.999% interval plus 4/N relative of the
     * recursion (the O(1/N) allowance of MeanFieldSamplerTest): 4 checks at 1e-5: false failure at most 4e-5.
     */
    @Test
    void layersTable() throws IOException {
        Path conf = JobEndToEndTest.writeConfig(dir, "mf.conf", CONFIG);
        Path out = dir.resolve("runs");
        assertEquals(0, JobEndToEndTest.runMain(conf.toString(), "output=" + out));
        Dataset<Row> layers = spark.read().parquet(out.resolve("mf/layers").toString());
        layers.createOrReplaceTempView("layers");
        assertEquals(12, layers.count());
        List<String> columns = List.of(layers.columns());
        assertTrue(columns.contains("layer"));
        for (String q : List.of("p", "gamma", "e", "s", "chi", "chi_ratio")) {
            for (String suffix : List.of("_mc", "_ci_low", "_ci_high", "_theory")) {
                assertTrue(columns.contains(q + suffix), q + suffix);
            }
        }
        for (Row r : spark.sql("SELECT p_mc, e_mc, chi_ratio_mc, p_theory, e_theory FROM layers WHERE layer = 0").collectAsList()) {
            assertEquals(1.0, r.getDouble(0), 1e-12);
            assertEquals(0.3, r.getDouble(1), 1e-12);
            assertEquals(1.0, r.getDouble(2), 0.0);
            assertEquals(1.0, r.getDouble(3), 0.0);
            assertEquals(0.3, r.getDouble(4), 1e-15);
        }
        for (Row r : spark.sql("SELECT chi_theory, chi_ratio_theory, depth FROM layers WHERE layer = depth").collectAsList()) {
            assertEquals(1.0, r.getDouble(0), 0.0);
            assertTrue(r.getDouble(1) > 1, "tanh gradients grow backwards: chi^0/chi^L > 1");
        }
        for (Row r : spark.sql("SELECT arch, p_mc, p_ci_low, p_ci_high, p_theory, e_mc, e_ci_low, e_ci_high, e_theory "
                + "FROM layers WHERE layer = 20").collectAsList()) {
            for (int q = 0; q < 2; q++) {
                double mc = r.getDouble(1 + 4 * q);
                double half = (r.getDouble(3 + 4 * q) - r.getDouble(2 + 4 * q)) / 2;
                double theory = r.getDouble(4 + 4 * q);
                assertTrue(Math.abs(mc - theory) <= half + 4.0 / 64 * Math.abs(theory),
                        r.getString(0) + (q == 0 ? " p" : " e") + ": " + mc + " vs " + theory + " (half-width " + half + ")");
            }
        }
        Row run = spark.read().parquet(out.resolve("mf/runs").toString()).first();
        assertEquals("complete", run.getAs("status"));
        assertEquals(160L, (long) run.getAs("total_trials"));
    }

    /** The same config on 1 and on 5 partitions: identical rows, bit for bit (trial-ordered sums). */
    @Test
    void partitionInvariance() throws IOException {
        Path conf = JobEndToEndTest.writeConfig(dir, "mf.conf", CONFIG);
        Path out = dir.resolve("runs");
        assertEquals(0, JobEndToEndTest.runMain(conf.toString(), "output=" + out, "run-id=one", "partitions=1", "trials=30"));
        assertEquals(0, JobEndToEndTest.runMain(conf.toString(), "output=" + out, "run-id=five", "partitions=5", "trials=30"));
        assertEquals(rows(out.resolve("one/layers")), rows(out.resolve("five/layers")));
    }

    private List<String> rows(Path table) {
        return spark.read().parquet(table.toString()).drop("run_id").collectAsList().stream()
                .map(Row::toString).sorted().collect(Collectors.toList());
    }

    /** A Monte Carlo architecture in mode = meanfield: exit 2 and no output folder. */
    @Test
    void badInputWritesNothing() throws IOException {
        Path conf = JobEndToEndTest.writeConfig(dir, "bad.conf", CONFIG + "\ngrid.arch = res-1");
        Path out = dir.resolve("bad-runs");
        assertEquals(2, JobEndToEndTest.runMain(conf.toString(), "output=" + out));
        assertFalse(Files.exists(out));
    }
}
