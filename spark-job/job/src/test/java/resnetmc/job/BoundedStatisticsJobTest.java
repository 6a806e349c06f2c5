package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cells above the exact cap ({@code resnetmc.statistics.exactCap}, lowered here to 5000 so that 9000 trials,
 * three blocks of 4096, take the bounded path) give the same cells and checks tables for 1, 2 and 3
 * partitions, and agree with the exact path: counts, verdicts and exceedance intervals equal, means equal to
 * rounding, quantiles of log10 within the sketch's stated error 2^-11 (expected values: the exact run of the
 * same config).
 */
class BoundedStatisticsJobTest extends SparkTestSession {
    private static final String CAP = "resnetmc.statistics.exactCap";

    @TempDir
    Path dir;

    static final String CONFIG = String.join("\n", "seed = 9", "trials = 9000", "progress = false",
            "trials-table = none", "backward = false",
            "grid { arch = [res-3, res-1], activation = [identity], width = [1000], depth = [30], beta = [0.5] }",
            "loss = scalar-output", "trajectory-points = 2", "checks { delta = [0.05, 0.2] }");

    @AfterEach
    void clearCap() {
        System.clearProperty(CAP);
    }

    private List<String> table(Path out, String run, String table) {
        return spark.read().parquet(out.resolve(run).resolve(table).toString()).drop("spark_version").collectAsList()
                .stream().map(Row::toString).sorted().toList();
    }

    @Test
    void boundedTablesDoNotDependOnPartitionsAndAgreeWithTheExactPath() throws IOException {
        Path conf = JobEndToEndTest.writeConfig(dir, "bounded.conf", CONFIG);
        Path exactOut = dir.resolve("exact");
        assertEquals(0, JobEndToEndTest.runMain(conf.toString(), "output=" + exactOut, "run-id=r", "partitions=2"));
        System.setProperty(CAP, "5000");
        for (int p = 1; p <= 3; p++) {
            Path out = dir.resolve("p" + p);
            assertEquals(0, JobEndToEndTest.runMain(conf.toString(), "output=" + out, "run-id=r", "partitions=" + p));
        }
        for (String t : List.of("cells", "checks")) {
            List<String> one = table(dir.resolve("p1"), "r", t);
            assertEquals(one, table(dir.resolve("p2"), "r", t), t + ": 1 vs 2 partitions");
            assertEquals(one, table(dir.resolve("p3"), "r", t), t + ": 1 vs 3 partitions");
        }
        // bounded (p2) against exact, row by row
        spark.read().parquet(exactOut.resolve("r/checks").toString()).createOrReplaceTempView("ke");
        spark.read().parquet(dir.resolve("p2/r/checks").toString()).createOrReplaceTempView("kb");
        List<Row> checks = spark.sql("SELECT e.verdict, b.verdict, e.exceedances, b.exceedances, e.n, b.n, "
                + "e.ci_low, b.ci_low, e.ci_high, b.ci_high, e.slack, b.slack, e.method, e.statement "
                + "FROM ke e JOIN kb b ON e.cell_id = b.cell_id AND e.statement = b.statement "
                + "AND e.delta <=> b.delta").collectAsList();
        assertEquals(spark.table("ke").count(), checks.size());
        int counted = 0;
        for (Row r : checks) {
            String what = r.getString(13) + " " + r.getString(12);
            assertEquals(r.get(0), r.get(1), what);
            assertEquals(r.get(2), r.get(3), what);
            assertEquals(r.get(4), r.get(5), what);
            if (!r.isNullAt(10)) { // count rows, and exact rows with their count for reference
                counted++;
                assertEquals(r.getDouble(6), r.getDouble(7), 0.0, what);
                assertEquals(r.getDouble(8), r.getDouble(9), 0.0, what);
                // slack = bound / quantile: relative error at most 10^(2^-11) - 1
                assertEquals(r.getDouble(10), r.getDouble(11), (Math.pow(10, 0x1p-11) - 1) * r.getDouble(10) * 1.000001,
                        what);
            }
        }
        assertTrue(counted >= 4, "rows with a count and a slack: " + counted);
        spark.read().parquet(exactOut.resolve("r/cells").toString()).createOrReplaceTempView("ce");
        spark.read().parquet(dir.resolve("p2/r/cells").toString()).createOrReplaceTempView("cb");
        String[] log10Quantiles = {"log10_r_fwd_p01", "log10_r_fwd_p50", "log10_r_fwd_p99", "log10_h_ratio_p05",
            "log10_h_ratio_p95"};
        for (String c : log10Quantiles) {
            Row r = spark.sql("SELECT max(abs(e." + c + " - b." + c + ")) FROM ce e JOIN cb b USING (cell_id)").first();
            assertTrue(r.getDouble(0) <= 0x1p-11, c + " differs by " + r.getDouble(0));
        }
        Map<String, Double> rel = spark.sql("SELECT max(abs(e.r_fwd_mean / b.r_fwd_mean - 1)) AS m, "
                + "max(abs(e.log10_r_fwd_sd / b.log10_r_fwd_sd - 1)) AS s, "
                + "max(abs(e.r_fwd_min - b.r_fwd_min)) + max(abs(e.log10_r_fwd_max - b.log10_r_fwd_max)) AS x, "
                + "sum(abs(e.n - b.n)) AS n FROM ce e JOIN cb b USING (cell_id)").collectAsList().stream()
                .flatMap(r -> java.util.stream.Stream.of(Map.entry("m", r.getDouble(0)), Map.entry("s", r.getDouble(1)),
                        Map.entry("x", r.getDouble(2)), Map.entry("n", (double) r.getLong(3))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertTrue(rel.get("m") < 1e-12 && rel.get("s") < 1e-12, rel.toString());
        assertEquals(0.0, rel.get("x"), 0.0, "min and max exact");
        assertEquals(0.0, rel.get("n"), 0.0);
    }
}
