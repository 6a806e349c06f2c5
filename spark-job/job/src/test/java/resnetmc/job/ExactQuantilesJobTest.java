package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetmc.testing.FalseFailureRate;

/**
 * The {@code exact_log10_h_ratio_p05/p50/p95} columns of {@code cells}: present where the norm law is
 * known (res-3, res-2 leaky ReLU), null where it is not (tanh), and consistent with the trials: since
 * log10 h_ratio has a continuous law, the number of the cell's n trials at or below its exact
 * p-quantile is Binomial(n, p) exactly, so each count is tested against the central binomial
 * acceptance region of level 1e-4 (6 counts: false-failure rate at most 6e-4).
 */
@FalseFailureRate(6e-4)
class ExactQuantilesJobTest extends SparkTestSession {
    @TempDir
    Path dir;

    static final String CONFIG = String.join("\n", "seed = 11", "trials = 1000", "progress = false",
            "grid { arch = [res-3, res-2], activation = [relu, tanh, leaky-relu], width = [16],"
                    + " depth = [50], beta = [0.5] }",
            "backward = false");

    @Test
    void exactQuantilesWhereTheLawIsKnownAndTheTrialsAgree() throws IOException {
        Path conf = JobEndToEndTest.writeConfig(dir, "exact.conf", CONFIG);
        Path out = dir.resolve("runs");
        assertEquals(0, JobEndToEndTest.runMain(conf.toString(), "output=" + out, "run-id=exact"));
        spark.read().parquet(out.resolve("exact").resolve("trials").toString()).createOrReplaceTempView("t");
        spark.read().parquet(out.resolve("exact").resolve("cells").toString()).createOrReplaceTempView("c");
        int known = 0;
        double level = 1e-4;
        for (Row r : spark.sql("SELECT c.arch, c.activation, c.n, c.exact_log10_h_ratio_p05, "
                + "c.exact_log10_h_ratio_p50, c.exact_log10_h_ratio_p95, "
                + "sum(CASE WHEN t.log10_h_ratio <= c.exact_log10_h_ratio_p05 THEN 1 ELSE 0 END), "
                + "sum(CASE WHEN t.log10_h_ratio <= c.exact_log10_h_ratio_p50 THEN 1 ELSE 0 END), "
                + "sum(CASE WHEN t.log10_h_ratio <= c.exact_log10_h_ratio_p95 THEN 1 ELSE 0 END) "
                + "FROM c JOIN t USING (cell_id) GROUP BY 1, 2, 3, 4, 5, 6").collectAsList()) {
            String cell = r.getString(0) + " " + r.getString(1);
            boolean lawKnown = r.getString(1).equals("relu") || r.getString(1).startsWith("leaky");
            if (!lawKnown) {
                assertTrue(r.isNullAt(3) && r.isNullAt(4) && r.isNullAt(5), cell + ": no exact law, null columns");
                continue;
            }
            known++;
            int n = (int) r.getLong(2);
            double[] ps = {0.05, 0.5, 0.95};
            for (int i = 0; i < 3; i++) {
                assertTrue(i == 0 || r.getDouble(3 + i) > r.getDouble(2 + i), cell + ": quantiles increase");
                BinomialDistribution b = new BinomialDistribution(n, ps[i]);
                int lo = b.inverseCumulativeProbability(level / 2);
                int hi = b.inverseCumulativeProbability(1 - level / 2);
                long count = r.getLong(6 + i);
                assertTrue(count >= lo && count <= hi, cell + " p=" + ps[i] + ": " + count + " of " + n
                        + " trials at or below the exact quantile, outside [" + lo + ", " + hi + "]");
            }
        }
        assertEquals(3, known, "res-3 relu, res-2 relu and res-2 leaky-relu carry exact quantiles");
    }
}
