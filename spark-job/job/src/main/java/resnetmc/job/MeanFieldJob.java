package resnetmc.job;

import java.io.PrintStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import resnetmc.kernel.Trajectory;
import resnetmc.meanfield.MeanFieldArchitecture;
import resnetmc.meanfield.MeanFieldCell;
import resnetmc.meanfield.MeanFieldConfig;
import resnetmc.meanfield.MeanFieldSampler;
import resnetmc.rng.RandomStreams;
import resnetmc.stats.TrialVectorBuffer;
import resnetmc.theory.meanfield.MeanFieldRecursion;
import scala.Tuple2;

/**
 * The Spark side of {@code mode = meanfield}: trials of FRN/RRN cells spread over the executors
 * ({@link WorkPlan}), each running {@link MeanFieldSampler#trial}; the per-layer values aggregated per
 * cell in trial order ({@link TrialVectorBuffer}); the infinite-width predictions computed on the
 * driver ({@link MeanFieldRecursion#predict}); the {@code layers} and {@code runs} tables written
 * through {@link RunOutput} (visible only when complete).
 */
public final class MeanFieldJob {

    /** What a finished run reports. */
    public record Result(String runPath, int cells, long trials, int partitions, double wallSeconds) {
    }

    /** One trial's values at its cell's recorded layers. */
    record LayerTrial(int cell, long trial, double[] values) implements Serializable {
    }

    private MeanFieldJob() {
    }

    public static Result run(SparkSession spark, MeanFieldConfig cfg, RunOutput out, PrintStream progressOut,
                             boolean tty) throws Exception {
        Instant started = Instant.now();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int partitions = cfg.partitions() > 0 ? cfg.partitions()
                : WorkPlan.autoPartitions(jsc.defaultParallelism(), cfg.totalTrials());
        double[] costs = cfg.cells().stream().mapToDouble(MeanFieldCell::cost).toArray();
        List<List<WorkUnit>> bins = WorkPlan.plan(costs, cfg.trials(), partitions);
        int units = bins.stream().mapToInt(List::size).sum();
        Broadcast<MeanFieldConfig> bc = jsc.broadcast(cfg);
        LongAccumulator counter = jsc.sc().longAccumulator("resnetmc trials");
        Progress progress = progressOut == null ? null
                : new Progress(bins, cfg.cells().size(), cfg.totalTrials(), counter.id(), progressOut, tty);
        if (progress != null) {
            spark.sparkContext().addSparkListener(progress);
            progress.start();
        }
        try {
            Map<Integer, TrialVectorBuffer> buffers = jsc.parallelize(bins, bins.size())
                    .flatMap(bin -> new TrialIterator(bc.value(), bin, counter))
                    .mapToPair(t -> new Tuple2<>(t.cell(), t))
                    .aggregateByKey(new TrialVectorBuffer(), Math.max(1, Math.min(cfg.cells().size(), partitions)),
                            (b, t) -> b.add(t.trial(), t.values()), TrialVectorBuffer::merge)
                    .collectAsMap();
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < cfg.cells().size(); i++) {
                MeanFieldCell c = cfg.cells().get(i);
                TrialVectorBuffer b = buffers.get(i);
                if (b == null || b.count() != cfg.trials()) {
                    throw new IllegalStateException("cell " + i + " has " + (b == null ? 0 : b.count())
                            + " trials, expected " + cfg.trials());
                }
                int[] layers = Trajectory.layers(c.depth(), cfg.layerPoints());
                rows.addAll(LayersTable.rows(cfg, c, layers, b, prediction(c, layers)));
            }
            spark.createDataFrame(rows, LayersTable.SCHEMA).coalesce(1).write().parquet(out.stagingTable(LayersTable.NAME));

            Instant finished = Instant.now();
            double wall = (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0;
            Row run = Tables.runRow(cfg.runId(), cfg.rendered(), cfg.seed(), cfg.cells().size(), cfg.trials(),
                    cfg.totalTrials(), spark.version(), spark.sparkContext().master(), bins.size(), units, started,
                    finished, cfg.cells().size(), 0);
            spark.createDataFrame(List.of(run), Tables.RUNS_SCHEMA).coalesce(1).write()
                    .parquet(out.stagingTable(Tables.RUNS));
            out.commit();
            return new Result(out.runPath(), cfg.cells().size(), cfg.totalTrials(), bins.size(), wall);
        } catch (Exception | Error e) {
            out.abort();
            throw e;
        } finally {
            if (progress != null) {
                progress.stop();
                spark.sparkContext().removeSparkListener(progress);
            }
            bc.destroy();
        }
    }

    /** The infinite-width recursion of the cell at the recorded layers. */
    static double[] prediction(MeanFieldCell c, int[] layers) {
        return new MeanFieldRecursion(c.arch() == MeanFieldArchitecture.FRN, c.phi(), c.sigmaW(), c.sigmaV(),
                c.sigmaA(), c.sigmaB(), c.branch()).predict(c.depth(), c.inputLength(), c.inputCosine(), layers);
    }

    /** The mean-field trials of a partition's units ({@link UnitTrials}). */
    static final class TrialIterator extends UnitTrials<LayerTrial> {
        private final MeanFieldConfig cfg;
        private int samplerCell = -1;
        private MeanFieldSampler sampler;
        private int[] layers;

        TrialIterator(MeanFieldConfig cfg, List<WorkUnit> units, LongAccumulator counter) {
            super(units, counter);
            this.cfg = cfg;
        }

        @Override
        protected LayerTrial compute(int cellIndex, long trial) {
            MeanFieldCell cell = cfg.cells().get(cellIndex);
            if (cellIndex != samplerCell) {
                sampler = MeanFieldSampler.of(cell);
                layers = Trajectory.layers(cell.depth(), cfg.layerPoints());
                samplerCell = cellIndex;
            }
            double[] values = sampler.trial(RandomStreams.of(cfg.seed(), cell.id(), trial), cell.inputLength(),
                    cell.inputCosine(), layers);
            return new LayerTrial(cellIndex, trial, values);
        }
    }
}
