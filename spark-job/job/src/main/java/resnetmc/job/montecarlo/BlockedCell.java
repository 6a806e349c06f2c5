package resnetmc.job.montecarlo;

import java.io.Serializable;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.broadcast.Broadcast;
import resnetmc.checks.CellResult;
import resnetmc.model.Cell;
import resnetmc.stats.BlockedSample;
import scala.Tuple2;

/**
 * The bounded-memory statistics of one cell ({@link BlockedSample} for log10 r_fwd, log10 r_bwd and
 * log10 h_ratio): the trials are first gathered per block of {@link BlockedSample#BLOCK} consecutive trial
 * indices (a {@link CellBuffer} of at most that many trials), each block is reduced in trial order, and the
 * blocks of a cell are merged in any order: counts and sketches are exact integers and the sums are kept
 * per block and read in block order, so the result does not depend on the partitioning.
 */
final class BlockedCell implements Serializable {
    private static final long serialVersionUID = 1L;

    final BlockedSample log10RFwd;
    final BlockedSample log10RBwd;
    final BlockedSample log10HRatio;

    /** @param thresholds the checks' log10 bounds of the cell ({@link resnetmc.checks.CheckEvaluator#countThresholds}) */
    BlockedCell(double[] thresholds) {
        log10RFwd = new BlockedSample(thresholds);
        log10RBwd = new BlockedSample(new double[0]);
        log10HRatio = new BlockedSample(new double[0]);
    }

    /** One block's trials, from its buffer. */
    BlockedCell addBlock(long block, CellBuffer b) {
        log10RFwd.addBlock(block, b.log10RFwd.sortedByTrial());
        log10RBwd.addBlock(block, b.log10RBwd.sortedByTrial());
        log10HRatio.addBlock(block, b.log10HRatio.sortedByTrial());
        return this;
    }

    BlockedCell merge(BlockedCell other) {
        log10RFwd.merge(other.log10RFwd);
        log10RBwd.merge(other.log10RBwd);
        log10HRatio.merge(other.log10HRatio);
        return this;
    }

    long count() {
        return log10RFwd.n();
    }

    /** Heap bytes of the bounded state of the three samples. */
    long bytes() {
        return log10RFwd.bytes() + log10RBwd.bytes() + log10HRatio.bytes();
    }

    CellResult result(int index, Cell cell, double confidence, int bins) {
        return new CellResult(index, cell, log10RFwd, log10RFwd.summary(confidence, bins, true),
                log10RBwd.summary(confidence, bins, true), log10RFwd.summary(confidence, bins, false),
                log10RBwd.summary(confidence, bins, false), log10HRatio.summary(confidence, bins, false));
    }

    /**
     * @param values (cell index, {trial, log10 r_fwd, log10 r_bwd, log10 h_ratio}) of the bounded cells
     * @param thresholds per cell index, its checks' log10 bounds
     */
    static Map<Integer, BlockedCell> of(JavaPairRDD<Integer, double[]> values, Broadcast<double[][]> thresholds,
                                        int reducers) {
        Map<Integer, BlockedCell> out = values
                .mapToPair(kv -> new Tuple2<>(new Tuple2<>(kv._1(), (long) kv._2()[0] / BlockedSample.BLOCK), kv._2()))
                .aggregateByKey(new CellBuffer(), reducers, (b, v) -> b.add((long) v[0], v[1], v[2], v[3]),
                        CellBuffer::merge)
                .mapToPair(kv -> new Tuple2<>(kv._1()._1(),
                        new BlockedCell(thresholds.value()[kv._1()._1()]).addBlock(kv._1()._2(), kv._2())))
                .reduceByKey(BlockedCell::merge, reducers)
                .collectAsMap();
        thresholds.destroy();
        return out;
    }
}
