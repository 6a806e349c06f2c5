package resnetmc.job.montecarlo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.broadcast.Broadcast;
import resnetmc.checks.CheckEvaluator;
import resnetmc.checks.CellResult;
import resnetmc.config.RunConfig;
import resnetmc.job.run.RunContext;
import resnetmc.schema.Columns;
import scala.Tuple2;

/**
 * The statistics of every cell from the stored {@code trials} rows of all checkpoint groups (computed
 * now or reused), aggregated per cell in a {@link CellBuffer} keyed by trial, so that they do not depend
 * on the partitioning or on an interruption. A cell with more than {@link #EXACT_CAP} trials is aggregated
 * in bounded memory instead ({@link BlockedCell}): exact counts, block-ordered sums, sketched quantiles. Under {@code trials = auto} the checkpoints are those of all
 * rounds so far and each cell has the trials of the round where it stopped.
 */
final class CellStatistics {

    /** Largest trial count of a cell whose values are all kept (2^17; the shipped configs stay below it). */
    static final long EXACT_CAP = 1L << 17;
    /** Test hook: a smaller cap, so that a small run exercises the bounded path. */
    static final String EXACT_CAP_PROPERTY = "resnetmc.statistics.exactCap";

    private CellStatistics() {
    }

    static long exactCap() {
        String v = System.getProperty(EXACT_CAP_PROPERTY);
        return v == null ? EXACT_CAP : Long.parseLong(v);
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
        // Cells up to the cap keep every value (bit-identical to earlier versions); larger ones are bounded.
        long cap = exactCap();
        boolean[] bounded = new boolean[trials.length];
        double[][] thresholds = new double[trials.length][];
        boolean anyBounded = false;
        CheckEvaluator evaluator = new CheckEvaluator(cfg.checkSettings());
        for (int i = 0; i < trials.length; i++) {
            bounded[i] = trials[i] > cap;
            anyBounded |= bounded[i];
            thresholds[i] = bounded[i] ? evaluator.countThresholds(cfg.cells().get(i)) : new double[0];
        }
        Broadcast<Map<Long, Integer>> bcIndex = run.jsc().broadcast(cellIndex);
        Broadcast<boolean[]> bcBounded = run.jsc().broadcast(bounded);
        int reducers = Math.max(1, Math.min(cfg.cells().size(), partitions));
        JavaPairRDD<Integer, double[]> values = run.spark().read().parquet(paths.toArray(new String[0]))
                .select(Columns.CELL_ID, Columns.TRIAL, Columns.LOG10_R_FWD, Columns.LOG10_R_BWD,
                        Columns.LOG10_H_RATIO).javaRDD()
                // a skipped backward pass (backward = false) is stored as null: NaN here
                .mapToPair(r -> new Tuple2<>(bcIndex.value().get(r.getLong(0)), new double[] {r.getLong(1),
                        r.getDouble(2), r.isNullAt(3) ? Double.NaN : r.getDouble(3), r.getDouble(4)}));
        Map<Integer, CellBuffer> buffers = values.filter(kv -> !bcBounded.value()[kv._1()])
                .aggregateByKey(new CellBuffer(), reducers,
                        (b, v) -> b.add((long) v[0], v[1], v[2], v[3]), CellBuffer::merge)
                .collectAsMap();
        Map<Integer, BlockedCell> blocked = anyBounded ? BlockedCell.of(values.filter(kv -> bcBounded.value()[kv._1()]),
                run.jsc().broadcast(thresholds), reducers) : Map.of();
        bcIndex.destroy();
        bcBounded.destroy();
        List<CellResult> results = new ArrayList<>();
        for (int i = 0; i < cfg.cells().size(); i++) {
            long n = bounded[i] ? (blocked.containsKey(i) ? blocked.get(i).count() : 0)
                    : (buffers.containsKey(i) ? buffers.get(i).count() : 0);
            if (n != trials[i]) {
                throw new IllegalStateException("cell " + i + " has " + n + " trials, expected " + trials[i]);
            }
            if (bounded[i]) {
                results.add(blocked.get(i).result(i, cfg.cells().get(i), cfg.confidence(), cfg.histogramBins()));
            } else {
                CellBuffer b = buffers.get(i);
                results.add(CellResult.of(i, cfg.cells().get(i), b.log10RFwd.sortedByTrial(),
                        b.log10RBwd.sortedByTrial(), b.log10HRatio.sortedByTrial(), cfg.confidence(),
                        cfg.histogramBins()));
            }
        }
        return results;
    }
}
