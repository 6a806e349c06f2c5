package resnetmc.job.montecarlo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import resnetmc.checks.CellResult;
import resnetmc.config.RunConfig;
import resnetmc.job.run.RunContext;
import resnetmc.schema.Columns;
import scala.Tuple2;

/**
 * The statistics of every cell from the stored {@code trials} rows of all checkpoint groups (computed
 * now or reused), aggregated per cell in a {@link CellBuffer} keyed by trial, so that they do not depend
 * on the partitioning or on an interruption. Under {@code trials = auto} the checkpoints are those of all
 * rounds so far and each cell has the trials of the round where it stopped.
 */
final class CellStatistics {

    private CellStatistics() {
    }

    /**
     * @param checkpoints the checkpoints holding the trials
     * @param trials      each cell's trial count, checked against the stored rows
     */
    static List<CellResult> of(RunContext run, RunConfig cfg, List<String> checkpoints, long[] trials,
                               int partitions) {
        List<String> paths = new ArrayList<>();
        for (String name : checkpoints) {
            paths.add(run.output().checkpoints().path(name));
        }
        Map<Long, Integer> cellIndex = new HashMap<>();
        for (int i = 0; i < cfg.cells().size(); i++) {
            cellIndex.put(cfg.cells().get(i).id(), i);
        }
        Broadcast<Map<Long, Integer>> bcIndex = run.jsc().broadcast(cellIndex);
        Map<Integer, CellBuffer> buffers = run.spark().read().parquet(paths.toArray(new String[0]))
                .select(Columns.CELL_ID, Columns.TRIAL, Columns.LOG10_R_FWD, Columns.LOG10_R_BWD,
                        Columns.LOG10_H_RATIO).javaRDD()
                // a skipped backward pass (backward = false) is stored as null: NaN here
                .mapToPair(r -> new Tuple2<>(bcIndex.value().get(r.getLong(0)), new double[] {r.getLong(1),
                        r.getDouble(2), r.isNullAt(3) ? Double.NaN : r.getDouble(3), r.getDouble(4)}))
                .aggregateByKey(new CellBuffer(), Math.max(1, Math.min(cfg.cells().size(), partitions)),
                        (b, v) -> b.add((long) v[0], v[1], v[2], v[3]), CellBuffer::merge)
                .collectAsMap();
        bcIndex.destroy();
        List<CellResult> results = new ArrayList<>();
        for (int i = 0; i < cfg.cells().size(); i++) {
            CellBuffer b = buffers.get(i);
            if (b == null || b.count() != trials[i]) {
                throw new IllegalStateException("cell " + i + " has " + (b == null ? 0 : b.count())
                        + " trials, expected " + trials[i]);
            }
            results.add(CellResult.of(i, cfg.cells().get(i), b.log10RFwd.sortedByTrial(),
                    b.log10RBwd.sortedByTrial(), b.log10HRatio.sortedByTrial(), cfg.confidence(),
                    cfg.histogramBins()));
        }
        return results;
    }
}
