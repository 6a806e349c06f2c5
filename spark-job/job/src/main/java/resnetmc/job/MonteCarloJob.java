package resnetmc.job;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
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
import resnetmc.process.LayerProcess;
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
                         double trialsPerSecond, long checksViolated, int cellsComputed, int cellsReused) {
    }

    /**
     * Most checkpoint groups of {@code checkpoint-groups = auto}: a crash loses at most about 1/16 of the
     * work.
     */
    static final int MAX_AUTO_GROUPS = 16;
    /**
     * Estimated cost ({@link Cell#cost()} units) per core of one auto group: about 20 s of wall time on
     * the cluster's cores (the conditional sampler runs 546 res-3 trials/s of cost 5.8e5 at d = 64,
     * L = 1000 on one core, 3.2e8 units/s; the dense sampler is slower per unit, so its groups are
     * longer). A group costs one Spark job and Parquet commit, measured 0.45 s on 2 local cores
     * (quickstart, dense, 200 trials: 36.8 s of job in 16 groups against 29.7 s in one), so groups of
     * 20 s keep that under about 2% while a crash loses at most two groups' time.
     */
    static final double AUTO_GROUP_COST_PER_CORE = 20 * 3.2e8;
    /** Groups computed at once, so the next group's tasks fill the cores idle at the end of one. */
    static final int GROUPS_IN_FLIGHT = 2;
    /** Local property carrying a group's offset into the run's partition list, for {@link Progress}. */
    static final String BIN_OFFSET = "resnetmc.binOffset";
    /** First line of a run's checkpoint fingerprint: the number of groups asked for. */
    static final String GROUP_COUNT = "group-count=";

    private MonteCarloJob() {
    }

    public static Result run(SparkSession spark, RunConfig cfg, RunOutput out) throws Exception {
        return run(spark, cfg, out, null, false);
    }

    /**
     * The trials are computed one checkpoint group of cells at a time ({@link WorkPlan#checkpointGroups});
     * each group's {@code trials} rows are written to a checkpoint of the run's staging folder as soon as
     * the group is complete, so a resumed run ({@link RunOutput#resumed}) skips the groups already done.
     * The cell statistics are then computed from the stored rows of all groups, in trial order, so they
     * are the same whether a group was computed now or before an interruption.
     *
     * <p>With live progress printed to {@code progressOut} (none when null), as a terminal line if {@code tty}.
     */
    public static Result run(SparkSession spark, RunConfig cfg, RunOutput out, java.io.PrintStream progressOut,
                             boolean tty) throws Exception {
        return run(spark, cfg, out, progressOut, tty, 0);
    }

    /**
     * The number of checkpoint groups of {@code checkpoint-groups} ({@code requested}, 0 for auto) on a
     * cluster of {@code cores} cores (Spark's default parallelism).
     */
    static int checkpointGroups(RunConfig cfg, int requested, int cores) {
        if (requested > 0) {
            return Math.min(requested, cfg.cells().size());
        }
        double total = 0;
        for (Cell c : cfg.cells()) {
            total += c.cost() * cfg.trials();
        }
        double groups = total / (AUTO_GROUP_COST_PER_CORE * Math.max(1, cores));
        return (int) Math.max(1, Math.min(Math.min(MAX_AUTO_GROUPS, cfg.cells().size()), groups));
    }

    /** The same with {@code checkpointGroups} groups (0: auto, see reference.conf). */
    public static Result run(SparkSession spark, RunConfig cfg, RunOutput out, java.io.PrintStream progressOut,
                             boolean tty, int checkpointGroups) throws Exception {
        Instant started = Instant.now();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String sparkVersion = spark.version();
        int partitions = cfg.partitions() > 0 ? cfg.partitions()
                : WorkPlan.autoPartitions(jsc.defaultParallelism(), cfg.totalTrials());
        int groupCount = checkpointGroups(cfg, checkpointGroups, jsc.defaultParallelism());
        if (checkpointGroups == 0) {
            // auto depends on the cluster's cores: a resume on another cluster keeps the interrupted run's groups.
            groupCount = out.storedFingerprint().flatMap(f -> f.lines().filter(l -> l.startsWith(GROUP_COUNT))
                    .map(l -> Integer.parseInt(l.substring(GROUP_COUNT.length()))).findFirst()).orElse(groupCount);
        }
        List<List<Integer>> groups = WorkPlan.checkpointGroups(cfg.cells(), groupCount);
        Broadcast<RunConfig> bc = null;
        Broadcast<HashMap<Integer, LayerProcess>> bcProcesses = null;
        Progress progress = null;
        try {
            out.bindFingerprint(GROUP_COUNT + groupCount + "\n" + fingerprint(cfg, groups));
            java.util.Set<String> done = new java.util.HashSet<>(out.checkpoints());
            List<Integer> todo = new ArrayList<>();
            int cellsReused = 0;
            for (int g = 0; g < groups.size(); g++) {
                if (done.contains(groupName(g))) {
                    cellsReused += groups.get(g).size();
                } else {
                    todo.add(g);
                }
            }
            int cellsComputed = cfg.cells().size() - cellsReused;
            if (cellsReused > 0 && progressOut != null) {
                progressOut.printf("resume: %d of %d cells reused from the interrupted run, %d to compute%n",
                        cellsReused, cfg.cells().size(), cellsComputed);
            }

            // Each pending group gets its own work plan over the run's partition count; the plans are
            // laid end to end for the progress line.
            List<List<List<WorkUnit>>> plans = new ArrayList<>();
            List<List<WorkUnit>> allBins = new ArrayList<>();
            for (int g : todo) {
                List<Integer> idx = groups.get(g);
                List<Cell> sub = new ArrayList<>();
                for (int i : idx) {
                    sub.add(cfg.cells().get(i));
                }
                long groupTrials = (long) cfg.trials() * idx.size();
                List<List<WorkUnit>> bins = new ArrayList<>();
                for (List<WorkUnit> bin : WorkPlan.plan(sub, cfg.trials(), (int) Math.min(partitions, groupTrials))) {
                    List<WorkUnit> global = new ArrayList<>();
                    for (WorkUnit u : bin) {
                        global.add(new WorkUnit(idx.get(u.cell()), u.firstTrial(), u.endTrial(), u.cost()));
                    }
                    bins.add(global);
                }
                plans.add(bins);
                allBins.addAll(bins);
            }
            int units = allBins.stream().mapToInt(List::size).sum();
            long trialsComputed = (long) cfg.trials() * cellsComputed;

            bc = jsc.broadcast(cfg);
            // Across-layer processes of correlated cells (an FFT or an eigendecomposition each), computed
            // once on the driver and shared by all trials of the cell.
            HashMap<Integer, LayerProcess> processes = new HashMap<>();
            for (int g : todo) {
                for (int i : groups.get(g)) {
                    LayerProcess p = WeightField.processFor(cfg.cells().get(i));
                    if (p != null) {
                        processes.put(i, p);
                    }
                }
            }
            bcProcesses = jsc.broadcast(processes);
            LongAccumulator counter = jsc.sc().longAccumulator("resnetmc trials");
            if (progressOut != null && !todo.isEmpty()) {
                progress = new Progress(allBins, cfg.cells().size(), trialsComputed, counter.id(), progressOut, tty);
                spark.sparkContext().addSparkListener(progress);
                progress.start();
            }

            Broadcast<RunConfig> bcf = bc;
            Broadcast<HashMap<Integer, LayerProcess>> bpf = bcProcesses;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                    GROUPS_IN_FLIGHT, r -> {
                        Thread t = new Thread(r, "resnetmc-group");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
                int offset = 0;
                for (int k = 0; k < todo.size(); k++) {
                    int g = todo.get(k);
                    List<List<WorkUnit>> bins = plans.get(k);
                    int binOffset = offset;
                    offset += bins.size();
                    futures.add(pool.submit(() -> {
                        out.checkLock();
                        spark.sparkContext().setLocalProperty(BIN_OFFSET, Integer.toString(binOffset));
                        spark.sparkContext().setJobDescription("resnetmc " + cfg.runId() + " " + groupName(g));
                        try {
                            JavaRDD<Row> rows = jsc.parallelize(bins, bins.size())
                                    .flatMap(bin -> new TrialIterator(bcf.value(), bpf.value(), bin, counter))
                                    .map(t -> {
                                        RunConfig c = bcf.value();
                                        Cell cell = c.cells().get(t.cell());
                                        return Tables.trialRow(c, cell, Trajectory.layers(cell.depth(), c.trajectoryPoints()),
                                                t.outcome(), sparkVersion);
                                    });
                            String temp = out.checkpointTemp(groupName(g));
                            spark.createDataFrame(rows, Tables.TRIALS_SCHEMA).write().mode(SaveMode.ErrorIfExists)
                                    .parquet(temp);
                            out.completeCheckpoint(groupName(g), temp);
                        } finally {
                            spark.sparkContext().setLocalProperty(BIN_OFFSET, null);
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        futures.forEach(x -> x.cancel(false));
                        if (e.getCause() instanceof Exception ex) {
                            throw ex;
                        }
                        throw e;
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            out.checkLock();

            // Cell statistics from the stored rows of every group (computed now or reused).
            List<String> paths = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                paths.add(out.checkpointPath(groupName(g)));
            }
            Map<Long, Integer> cellIndex = new HashMap<>();
            for (int i = 0; i < cfg.cells().size(); i++) {
                cellIndex.put(cfg.cells().get(i).id(), i);
            }
            Broadcast<Map<Long, Integer>> bcIndex = jsc.broadcast(cellIndex);
            Map<Integer, CellBuffer> buffers = spark.read().parquet(paths.toArray(new String[0]))
                    .select("cell_id", "trial", "log10_r_fwd", "log10_r_bwd").javaRDD()
                    .mapToPair(r -> new Tuple2<>(bcIndex.value().get(r.getLong(0)),
                            new double[] {r.getLong(1), r.getDouble(2), r.getDouble(3)}))
                    .aggregateByKey(new CellBuffer(), Math.max(1, Math.min(cfg.cells().size(), partitions)),
                            (b, v) -> b.add((long) v[0], v[1], v[2]), CellBuffer::merge)
                    .collectAsMap();
            bcIndex.destroy();
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

            for (int g = 0; g < groups.size(); g++) {
                out.moveIntoTable(groupName(g), Tables.TRIALS);
            }

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
            // Trials computed by this job: after a resume, the reused ones took no time here.
            double tps = trialsComputed / Math.max(wall, 1e-3);
            Row run = RowFactory.create(cfg.runId(), "complete", cfg.rendered(), cfg.seed(), cfg.cells().size(),
                    cfg.trials(), cfg.totalTrials(), Versions.PROJECT, sparkVersion, Versions.java(),
                    spark.sparkContext().master(), partitions, units, Timestamp.from(started),
                    Timestamp.from(finished), wall, tps, cellsComputed, cellsReused, cellsReused > 0);
            spark.createDataFrame(List.of(run), Tables.RUNS_SCHEMA).coalesce(1).write()
                    .parquet(out.stagingTable(Tables.RUNS));
            out.commit();
            return new Result(out.runPath(), cfg.cells().size(), cfg.totalTrials(), partitions, wall, tps, violated,
                    cellsComputed, cellsReused);
        } catch (Exception | Error e) {
            out.abort();
            throw e;
        } finally {
            if (progress != null) {
                progress.stop();
                spark.sparkContext().removeSparkListener(progress);
            }
            if (bc != null) {
                bc.destroy();
            }
            if (bcProcesses != null) {
                bcProcesses.destroy();
            }
        }
    }

    static String groupName(int g) {
        return String.format(java.util.Locale.ROOT, "trials-group-%04d", g);
    }

    /**
     * What a run's checkpoints depend on: the resolved config without the keys that do not change any
     * number (where and how the run is executed), the checkpoint grouping and the project version.
     */
    static String fingerprint(RunConfig cfg, List<List<Integer>> groups) {
        com.typesafe.config.Config c = com.typesafe.config.ConfigFactory.parseString(cfg.rendered());
        for (String k : List.of("output", "partitions", "progress", "resume", "lock-timeout", "checkpoint-groups")) {
            c = c.withoutPath(k);
        }
        return "version=" + Versions.PROJECT + "\ngroups=" + groups + "\nconfig="
                + c.root().render(com.typesafe.config.ConfigRenderOptions.concise()) + "\n";
    }

    /** The Monte Carlo trials of a partition's units ({@link UnitTrials}). */
    static final class TrialIterator extends UnitTrials<CellTrial> {
        private final RunConfig cfg;
        private final Map<Integer, LayerProcess> processes;
        private int samplerCell = -1;
        private ResidualKernel sampler;

        TrialIterator(RunConfig cfg, Map<Integer, LayerProcess> processes, List<WorkUnit> units,
                      LongAccumulator counter) {
            super(units, counter);
            this.cfg = cfg;
            this.processes = processes;
        }

        @Override
        protected CellTrial compute(int cellIndex, long trial) {
            Cell cell = cfg.cells().get(cellIndex);
            if (cellIndex != samplerCell) {
                sampler = Kernels.of(cell, cfg.trajectoryPoints(), processes.get(cellIndex));
                samplerCell = cellIndex;
            }
            return new CellTrial(cellIndex, sampler.run(RandomStreams.of(cfg.seed(), cell.id(), trial)));
        }
    }
}
