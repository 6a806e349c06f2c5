package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetmc.kernel.Trajectory;
import resnetmc.meanfield.MeanFieldCell;
import resnetmc.meanfield.MeanFieldConfig;
import resnetmc.meanfield.MeanFieldConfigs;
import resnetmc.meanfield.MeanFieldSampler;
import resnetmc.rng.RandomStreams;
import resnetmc.schema.Columns;
import resnetmc.stats.MeanInterval;
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
     *
     * <p>The Monte Carlo columns are recomputed here with core's sampler, trial by trial from the same
     * streams (seed, cell id, trial): every {@code _mc} mean must match, and every interval must be the
     * job's stated one, mean +- z_{1 - 5e-6} sd / sqrt(n) of the recomputed values (normal, the job's
     * documented choice). The statistical check does not use those stored intervals: at layer L = 20, p and
     * e of both cells lie within the 99.999% Student t interval (t_79 = 4.72, from the recomputed trials)
     * plus 4/N relative of the recursion (the O(1/N) allowance of MeanFieldSamplerTest): 4 checks at 1e-5,
     * false failure at most 4e-5.
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
        for (String q : Columns.LAYER_QUANTITIES) {
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

        MeanFieldConfig cfg = MeanFieldConfigs.from(ConfigFactory.parseString(CONFIG), "mf");
        assertEquals(2, cfg.cells().size());
        double z = MeanInterval.z(0.99999);
        double t = new TDistribution(cfg.trials() - 1).inverseCumulativeProbability(1 - 5e-6);
        List<String> quantities = Columns.LAYER_QUANTITIES;
        for (MeanFieldCell cell : cfg.cells()) {
            int[] recorded = Trajectory.layers(cell.depth(), cfg.layerPoints());
            MeanFieldSampler sampler = MeanFieldSampler.of(cell);
            double[][] values = new double[cfg.trials()][];
            for (int trial = 0; trial < cfg.trials(); trial++) {
                values[trial] = sampler.trial(RandomStreams.of(cfg.seed(), cell.id(), trial), cell.inputLength(),
                        cell.inputCosine(), recorded);
            }
            for (int k = 0; k < recorded.length; k++) {
                Row r = spark.sql("SELECT * FROM layers WHERE cell_id = " + cell.id() + " AND layer = " + recorded[k])
                        .first();
                for (int j = 0; j < quantities.size(); j++) {
                    String q = quantities.get(j);
                    double[] x = new double[values.length];
                    for (int trial = 0; trial < x.length; trial++) {
                        x[trial] = values[trial][k * quantities.size() + j];
                    }
                    double mean = Arrays.stream(x).sum() / x.length;
                    double sd = Math.sqrt(Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1));
                    String what = cell.arch().label() + " layer " + recorded[k] + " " + q;
                    double eps = 1e-12 * Math.max(1, Math.abs(mean));
                    assertEquals(mean, r.<Double>getAs(q + "_mc"), eps, what + " mean");
                    double half = z * sd / Math.sqrt(x.length);
                    assertEquals(mean - half, r.<Double>getAs(q + "_ci_low"), eps + 1e-12 * half, what + " ci_low");
                    assertEquals(mean + half, r.<Double>getAs(q + "_ci_high"), eps + 1e-12 * half, what + " ci_high");
                    if (recorded[k] == cell.depth() && (q.equals("p") || q.equals("e"))) {
                        double theory = r.<Double>getAs(q + "_theory");
                        double tol = t * sd / Math.sqrt(x.length) + 4.0 / cell.width() * Math.abs(theory);
                        assertEquals(theory, mean, tol, what + " against the recursion");
                    }
                }
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
