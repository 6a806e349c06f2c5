package resnetmc.job;

import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import resnetmc.checks.CellResult;
import resnetmc.checks.CheckEvaluator;
import resnetmc.checks.CheckRow;
import resnetmc.checks.Verdict;
import resnetmc.config.RunConfig;
import resnetmc.kernel.Kernels;
import resnetmc.kernel.ResidualKernel;
import resnetmc.kernel.WeightField;
import resnetmc.kernel.Trajectory;
import resnetmc.model.Cell;
import resnetmc.rng.RandomStreams;
import scala.Tuple2;

/**
 * The Spark side of a run: partitions the trials into balanced work units ({@link WorkPlan}), runs
 * the kernels on the executors, aggregates each cell with {@link CellBuffer} and writes the four
 * tables through {@link RunOutput}. It only distributes and aggregates: every number comes from the
 * Spark-free kernels ({@link Kernels}, {@link CheckEvaluator}).
 */
public final class MonteCarloJob {

    /** What a finished run reports to the caller. */
    public record Result(String runPath, int cells, long trials, int partitions, double wallSeconds,
                         double trialsPerSecond, long checksViolated) {
    }

    private MonteCarloJob() {
    }

    public static Result run(SparkSession spark, RunConfig cfg, RunOutput out) throws Exception {
        return run(spark, cfg, out, null, false);
    }

    /** With live progress printed to {@code progressOut} (none when null), as a terminal line if {@code tty}. */
    public static Result run(SparkSession spark, RunConfig cfg, RunOutput out, java.io.PrintStream progressOut,
                             boolean tty) throws Exception {
        Instant started = Instant.now();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String sparkVersion = spark.version();
        int partitions = cfg.partitions() > 0 ? cfg.partitions()
                : WorkPlan.autoPartitions(jsc.defaultParallelism(), cfg.totalTrials());
        List<List<WorkUnit>> bins = WorkPlan.plan(cfg.cells(), cfg.trials(), partitions);
        int units = bins.stream().mapToInt(List::size).sum();
        Broadcast<RunConfig> bc = jsc.broadcast(cfg);
        // Across-layer processes of correlated cells (an FFT or an eigendecomposition each), computed
        // once on the driver and shared by all trials of the cell.
        HashMap<Integer, Serializable> processes = new HashMap<>();
        for (int i = 0; i < cfg.cells().size(); i++) {
            Serializable p = WeightField.processFor(cfg.cells().get(i));
            if (p != null) {
                processes.put(i, p);
            }
        }
        Broadcast<HashMap<Integer, Serializable>> bcProcesses = jsc.broadcast(processes);
        LongAccumulator counter = jsc.sc().longAccumulator("resnetmc trials");
        Progress progress = progressOut == null ? null
                : new Progress(bins, cfg.cells().size(), cfg.totalTrials(), counter.id(), progressOut, tty);
        if (progress != null) {
            spark.sparkContext().addSparkListener(progress);
            progress.start();
        }

        JavaRDD<CellTrial> trials = jsc.parallelize(bins, bins.size())
                .flatMap(bin -> new TrialIterator(bc.value(), bcProcesses.value(), bin, counter))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            JavaRDD<Row> trialRows = trials.map(t -> {
                RunConfig c = bc.value();
                Cell cell = c.cells().get(t.cell());
                return Tables.trialRow(c, cell, Trajectory.layers(cell.depth(), c.trajectoryPoints()), t.outcome(),
                        sparkVersion);
            });
            spark.createDataFrame(trialRows, Tables.TRIALS_SCHEMA).write().mode(SaveMode.ErrorIfExists)
                    .parquet(out.stagingTable(Tables.TRIALS));

            Map<Integer, CellBuffer> buffers = trials
                    .mapToPair(t -> new Tuple2<>(t.cell(), t.outcome()))
                    .aggregateByKey(new CellBuffer(), Math.max(1, Math.min(cfg.cells().size(), partitions)),
                            CellBuffer::add, CellBuffer::merge)
                    .collectAsMap();
            List<CellResult> results = new ArrayList<>();
            for (int i = 0; i < cfg.cells().size(); i++) {
                CellBuffer b = buffers.get(i);
                if (b == null || b.count() != cfg.trials()) {
                    throw new IllegalStateException("cell " + i + " has " + (b == null ? 0 : b.count())
                            + " trials, expected " + cfg.trials());
                }
                results.add(CellResult.of(i, cfg.cells().get(i), b.log10RFwd.sortedByTrial(),
                        b.log10RBwd.sortedByTrial(), cfg.confidence(), cfg.histogramBins()));
            }
            double wall = (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0;

            List<Row> cellRows = new ArrayList<>();
            for (CellResult r : results) {
                cellRows.add(Tables.cellRow(cfg, r, sparkVersion));
            }
            spark.createDataFrame(cellRows, Tables.CELLS_SCHEMA).coalesce(1).write()
                    .parquet(out.stagingTable(Tables.CELLS));

            CheckEvaluator evaluator = new CheckEvaluator(cfg.deltas(), cfg.confidence(), cfg.cKind());
            List<CheckRow> checks = evaluator.evaluate(results);
            List<Row> checkRows = new ArrayList<>();
            long violated = 0;
            for (CheckRow k : checks) {
                checkRows.add(Tables.checkRow(cfg, cfg.cells().get(k.cell()), k, evaluator.familyConfidence(), sparkVersion));
                violated += k.verdict() == Verdict.VIOLATED ? 1 : 0;
            }
            spark.createDataFrame(checkRows, Tables.CHECKS_SCHEMA).coalesce(1).write()
                    .parquet(out.stagingTable(Tables.CHECKS));

            Instant finished = Instant.now();
            double tps = cfg.totalTrials() / Math.max(wall, 1e-3);
            Row run = RowFactory.create(cfg.runId(), "complete", cfg.rendered(), cfg.seed(), cfg.cells().size(),
                    cfg.trials(), cfg.totalTrials(), Versions.PROJECT, sparkVersion, Versions.java(),
                    spark.sparkContext().master(), bins.size(), units, Timestamp.from(started),
                    Timestamp.from(finished), wall, tps);
            spark.createDataFrame(List.of(run), Tables.RUNS_SCHEMA).coalesce(1).write()
                    .parquet(out.stagingTable(Tables.RUNS));
            out.commit();
            return new Result(out.runPath(), cfg.cells().size(), cfg.totalTrials(), bins.size(), wall, tps, violated);
        } catch (Exception | Error e) {
            out.abort();
            throw e;
        } finally {
            if (progress != null) {
                progress.stop();
                spark.sparkContext().removeSparkListener(progress);
            }
            trials.unpersist(false);
            bc.destroy();
            bcProcesses.destroy();
        }
    }

    /**
     * Runs the trials of a partition's units lazily, one at a time. A new iterator starts from the
     * units again, so a recomputed task produces the same trials (each from its own stream).
     */
    static final class TrialIterator implements Iterator<CellTrial> {
        private final RunConfig cfg;
        private final List<WorkUnit> units;
        private int samplerCell = -1;
        private ResidualKernel sampler;
        private int unit;
        private long trial;

        private final LongAccumulator counter;

        private final Map<Integer, Serializable> processes;

        TrialIterator(RunConfig cfg, Map<Integer, Serializable> processes, List<WorkUnit> units,
                      LongAccumulator counter) {
            this.cfg = cfg;
            this.processes = processes;
            this.units = units;
            this.counter = counter;
            this.trial = units.isEmpty() ? 0 : units.get(0).firstTrial();
        }

        @Override
        public boolean hasNext() {
            while (unit < units.size() && trial >= units.get(unit).endTrial()) {
                unit++;
                if (unit < units.size()) {
                    trial = units.get(unit).firstTrial();
                }
            }
            return unit < units.size();
        }

        @Override
        public CellTrial next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            WorkUnit u = units.get(unit);
            Cell cell = cfg.cells().get(u.cell());
            if (u.cell() != samplerCell) {
                // One workspace at a time: O(L d) memory per task whatever the number of cells.
                sampler = Kernels.of(cell, cfg.trajectoryPoints(), processes.get(u.cell()));
                samplerCell = u.cell();
            }
            long t = trial++;
            CellTrial result = new CellTrial(u.cell(), sampler.run(RandomStreams.of(cfg.seed(), cell.id(), t)));
            counter.add(1);
            return result;
        }
    }
}
