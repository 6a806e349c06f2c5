package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sampler = auto} through the real entry point takes the chain where it is exact, at a width no
 * vector sampler could hold (d = 10^8: a single d-vector is 800 MB), and {@code backward = false} skips
 * the backward pass without changing a bit of the forward columns.
 */
class ChainJobTest extends SparkTestSession {
    @TempDir
    Path dir;

    static final String CONFIG = String.join("\n", "seed = 5", "trials = 30", "progress = false",
            "grid { arch = [res-3, res-1], activation = [identity], width = [100000000], depth = [300], beta = [0.5] }",
            "loss = scalar-output", "trajectory-points = 4");

    @Test
    void wideChainCellsWithAndWithoutBackward() throws IOException {
        Path conf = JobEndToEndTest.writeConfig(dir, "wide.conf", CONFIG);
        Path out = dir.resolve("runs");
        assertEquals(0, JobEndToEndTest.runMain(conf.toString(), "output=" + out, "run-id=both"));
        assertEquals(0, JobEndToEndTest.runMain(conf.toString(), "output=" + out, "run-id=fwd", "backward=false"));
        for (String run : List.of("both", "fwd")) {
            spark.read().parquet(out.resolve(run).resolve("trials").toString()).createOrReplaceTempView("t_" + run);
            spark.read().parquet(out.resolve(run).resolve("cells").toString()).createOrReplaceTempView("c_" + run);
        }
        // Every cell is a chain cell: res-3 and identity res-1 with Gaussian weights.
        assertEquals(List.of("chain"), spark.sql("SELECT DISTINCT sampler FROM t_both").collectAsList().stream()
                .map(r -> r.getString(0)).toList());
        assertEquals(60L, spark.sql("SELECT count(*) FROM t_fwd").first().getLong(0));
        // The forward columns are the same bits with and without the backward pass; the gradient ones null.
        Row diff = spark.sql("SELECT count(*), sum(CASE WHEN a.log10_r_fwd = b.log10_r_fwd "
                + "AND a.log10_h_ratio = b.log10_h_ratio AND a.log10_h0_norm = b.log10_h0_norm THEN 1 ELSE 0 END), "
                + "sum(CASE WHEN b.r_bwd IS NULL AND b.log10_p_ratio IS NULL AND b.euler_gap IS NULL "
                + "AND b.traj_log10_p_ratio IS NULL THEN 1 ELSE 0 END), "
                + "sum(CASE WHEN a.r_bwd IS NOT NULL AND a.euler_gap < 1e-9 THEN 1 ELSE 0 END) "
                + "FROM t_both a JOIN t_fwd b USING (cell_id, trial)").first();
        assertEquals(60L, diff.getLong(0));
        assertEquals(60L, diff.getLong(1), "forward columns identical");
        assertEquals(60L, diff.getLong(2), "gradient columns null without the backward pass");
        assertEquals(60L, diff.getLong(3), "with it, Euler's identity p_0.h_0 = p_L.h_L holds pathwise");
        // cells: the norm-ratio summary is there in both runs; the backward summaries only with the pass.
        for (Row r : spark.sql("SELECT a.log10_h_ratio_p50, b.log10_h_ratio_p50, a.r_bwd_mean, b.r_bwd_mean, "
                + "b.exact_r_bwd_mean FROM c_both a JOIN c_fwd b USING (cell_id)").collectAsList()) {
            assertEquals(r.getDouble(0), r.getDouble(1), 0.0);
            assertTrue(Double.isFinite(r.getDouble(2)));
            assertTrue(r.isNullAt(3) && r.isNullAt(4));
        }
    }
}
