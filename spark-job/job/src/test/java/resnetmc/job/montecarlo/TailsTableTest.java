package resnetmc.job.montecarlo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import resnetmc.checks.CellResult;
import resnetmc.checks.CheckEvaluator;
import resnetmc.checks.CheckRow;
import resnetmc.config.ConfigLoader;
import resnetmc.config.RunConfig;
import resnetmc.job.SparkTestSession;
import resnetmc.rare.TailRow;
import resnetmc.rare.Tails;
import resnetmc.theory.normlaw.ExactTail;

/**
 * The tails rows computed as one Spark job of slices of the checks rows (no rare-event estimates) are
 * the rows {@link Tails#rows} computes serially on the driver, in the same order, value for value: each
 * row depends on its checks row alone. The checks rows come from the evaluator over fixed-seed samples
 * (their values only decide the count columns; the exact bounds depend on the cells).
 */
class TailsTableTest extends SparkTestSession {

    @Test
    void slicedTailsRowsAreTheSerialOnes() throws Exception {
        java.nio.file.Path conf = java.nio.file.Files.createTempFile("tails", ".conf");
        java.nio.file.Files.writeString(conf, String.join("\n", "seed = 3", "trials = 200",
                "grid { arch = [res-3, res-1], activation = [identity, relu], width = [16], depth = [8, 64],"
                        + " beta = [0.25, 0.5, 1.0] }"));
        RunConfig cfg = ConfigLoader.load(conf.toString(), List.of());
        java.nio.file.Files.delete(conf);
        Random rnd = new Random(5);
        List<CellResult> results = new ArrayList<>();
        for (int i = 0; i < cfg.cells().size(); i++) {
            double[] f = new double[cfg.trials()];
            double[] b = new double[cfg.trials()];
            double[] h = new double[cfg.trials()];
            for (int k = 0; k < f.length; k++) {
                f[k] = rnd.nextGaussian();
                b[k] = rnd.nextGaussian();
                h[k] = rnd.nextGaussian();
            }
            results.add(CellResult.of(i, cfg.cells().get(i), f, b, h, cfg.confidence(), cfg.histogramBins()));
        }
        List<CheckRow> checks = new CheckEvaluator(cfg.checkSettings(), cfg.rounds()).evaluate(results);
        List<TailRow> serial = Tails.rows(checks, cfg.cells(), List.of(), List.of());
        List<TailRow> sliced = TailsTable.rows(JavaSparkContext.fromSparkContext(spark.sparkContext()), checks,
                cfg.cells(), 0, cfg.seed());
        assertEquals(serial, sliced);
        // the comparison covers rows of several cells, exact bounds among them
        assertTrue(serial.stream().mapToInt(TailRow::cell).distinct().count() > 4, "rows of several cells");
        assertTrue(serial.stream().anyMatch(r -> ExactTail.METHOD.equals(r.method())), "exact rows");
    }
}
