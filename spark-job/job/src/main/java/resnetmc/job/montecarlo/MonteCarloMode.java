package resnetmc.job.montecarlo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import resnetmc.checks.CellResult;
import resnetmc.checks.CheckEvaluator;
import resnetmc.checks.CheckRow;
import resnetmc.checks.ExceedanceCount;
import resnetmc.checks.TrialRounds;
import resnetmc.checks.Verdict;
import resnetmc.config.ConfigLoader;
import resnetmc.config.ConfigReader;
import resnetmc.config.RunConfig;
import resnetmc.io.OutputOptions;
import resnetmc.io.SparkSchemas;
import resnetmc.job.run.Mode;
import resnetmc.job.run.RunContext;
import resnetmc.job.run.RunCounts;
import resnetmc.job.run.RunSettings;
import resnetmc.job.run.RunTiming;
import resnetmc.job.run.Versions;
import resnetmc.job.run.WorkUnit;
import resnetmc.kernel.WeightField;
import resnetmc.process.LayerProcess;
import resnetmc.schema.TableNames;

/**
 * {@code mode = montecarlo}: the trials of every cell, spread over the executors in balanced work units,
 * each computed by the Spark-free kernels from its own random streams; the {@code trials} rows of each
 * checkpoint group written as soon as the group is complete ({@link GroupPlan}), so a resumed run skips
 * the groups already done; then the cell statistics from the stored rows of all groups, in trial order
 * ({@link CellStatistics}), so they are the same whether a group was computed now or before an
 * interruption; then the {@code cells} and {@code checks} tables. Under {@code trials = auto} this
 * repeats in rounds ({@link TrialRounds}) over the cells still undecided.
 */
public final class MonteCarloMode implements Mode<MonteCarloMode.Result> {

    /** What a finished run reports beyond its counts. */
    public record Result(long checksViolated) {
    }

    private final RunConfig cfg;
    private final OutputOptions options;
    /** The {@code checkpoint-groups} key: a positive count, or 0 for auto. */
    private final int checkpointGroups;
    /** The {@code checks.rare-event-trials} key: importance-sampled trials per side of a tails row (0: none). */
    private final int rareEventTrials;

    MonteCarloMode(RunConfig cfg, OutputOptions options, int checkpointGroups) {
        this(cfg, options, checkpointGroups, 0);
    }

    MonteCarloMode(RunConfig cfg, OutputOptions options, int checkpointGroups, int rareEventTrials) {
        this.cfg = cfg;
        this.options = options;
        this.checkpointGroups = checkpointGroups;
        this.rareEventTrials = rareEventTrials;
    }

    /** The mode of a config with {@code mode = montecarlo}; bad input throws naming the key. */
    public static MonteCarloMode parse(ConfigReader.Source source) {
        ConfigReader reader = ConfigReader.of(source);
        RunConfig cfg = ConfigLoader.from(reader);
        // checkpoint-groups: auto (0) or a positive integer
        int rare = resnetmc.rare.Tails.rareEventTrials(reader);
        return new MonteCarloMode(cfg, OutputOptions.of(reader), reader.intOrAuto("checkpoint-groups", 1), rare);
    }

    @Override
    public RunSettings settings() {
        return new RunSettings(cfg.runId(), cfg.output(), cfg.progress(), cfg.seed(), cfg.rendered());
    }

    @Override
    public OutputOptions outputOptions() {
        return options;
    }

    @Override
    public List<String> plan(resnetmc.job.run.TaskMemory memory, boolean probe) {
        return MonteCarloPlan.lines(cfg, memory, probe);
    }

    @Override
    public void check(SparkSession spark) {
        MemoryBudget.check(cfg, spark.sparkContext());
    }

    @Override
    public String banner(String master) {
        String trials = cfg.auto() ? "auto " + cfg.trialsMin() + ".." + cfg.trialsMax() : Integer.toString(cfg.trials());
        return String.format("resnetmc %s: run %s, %d cells x %s trials on %s", Versions.PROJECT, cfg.runId(),
                cfg.cells().size(), trials, master);
    }

    @Override
    public Outcome<Result> execute(RunContext run) throws Exception {
        int partitions = run.partitions(cfg.partitions(), cfg.totalTrials());
        TrialRounds rounds = cfg.rounds();
        int roundCount = rounds == null ? 1 : rounds.rounds();
        CheckEvaluator evaluator = new CheckEvaluator(cfg.checkSettings(), rounds);
        Broadcast<RunConfig> bcCfg = run.broadcast(cfg);
        LongAccumulator counter = run.trialCounter();
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < cfg.cells().size(); i++) {
            active.add(i);
        }
        long[] trials = new long[cfg.cells().size()];
        List<String> checkpoints = new ArrayList<>();
        List<CellResult> results = List.of();
        int workUnits = 0;
        int cellsReused = 0;
        int cellsComputed = 0;
        long trialsComputed = 0;
        // A fixed count is one round. Under auto, round k adds trials [n_{k-1}, n_k) to the cells with a
        // count-based row still undecided; the decision reads only stored trials, so a resume (which
        // skips the completed checkpoints of each round) takes the same path.
        for (int k = 0; k < roundCount && !active.isEmpty(); k++) {
            long end = rounds == null ? cfg.trials() : rounds.end(k);
            GroupPlan plan = GroupPlan.of(cfg, checkpointGroups, partitions, run, k, end, active);
            if (k == 0) {
                cellsReused = plan.cellsReused();
                cellsComputed = plan.cellsComputed();
            }
            if (plan.cellsReused() > 0 && run.progressOut() != null) {
                run.progressOut().printf("resume: %d of %d cells%s reused from the interrupted run, %d to compute%n",
                        plan.cellsReused(), active.size(), rounds == null ? "" : " of round " + (k + 1),
                        plan.cellsComputed());
            }
            if (k > 0 && run.progressOut() != null) {
                run.progressOut().printf("trials = auto: round %d of %d, %d cell(s) undecided, trials %d to %d%n",
                        k + 1, roundCount, active.size(), plan.start(), end);
            }
            boolean firstRound = k == 0;
            run.phases().time("groups", () -> {
                computeGroups(run, plan, bcCfg, counter, firstRound);
                return null;
            });
            checkpoints.addAll(plan.checkpointNames());
            for (int c : active) {
                trials[c] = end;
            }
            workUnits += plan.workUnits();
            trialsComputed += plan.trialsComputed();
            List<String> done = List.copyOf(checkpoints);
            results = run.phases().time("statistics", () -> CellStatistics.of(run, cfg, done, trials, partitions));
            if (k + 1 < roundCount) {
                active = undecided(evaluator.evaluate(results), active);
            }
        }
        long violated = writeTables(run, checkpoints, trials, results, evaluator, bcCfg, partitions);
        long total = 0;
        long most = 0;
        for (long n : trials) {
            total += n;
            most = Math.max(most, n);
        }
        RunCounts counts = new RunCounts(cfg.cells().size(), (int) most, total, partitions, workUnits, cellsComputed,
                cellsReused, trialsComputed);
        return new Outcome<>(counts, new Result(violated),
                new ChecksFamily(evaluator.familyConfidence(), evaluator.decidingRows()));
    }

    /** The cells of {@code active} with a count-based row not yet decided. */
    static List<Integer> undecided(List<CheckRow> rows, List<Integer> active) {
        Set<Integer> open = new HashSet<>();
        for (CheckRow r : rows) {
            if (ExceedanceCount.METHOD.equals(r.method()) && !r.verdict().decided()) {
                open.add(r.cell());
            }
        }
        return active.stream().filter(open::contains).toList();
    }

    /**
     * Across-layer processes of correlated cells (an FFT or an eigendecomposition each), computed once on
     * the driver and shared by all trials of the cell.
     */
    private Broadcast<HashMap<Integer, LayerProcess>> processes(RunContext run, List<Integer> cells) {
        HashMap<Integer, LayerProcess> processes = new HashMap<>();
        for (int i : cells) {
            LayerProcess p = WeightField.processFor(cfg.cells().get(i));
            if (p != null) {
                processes.put(i, p);
            }
        }
        return run.broadcast(processes);
    }

    /** The pending groups, their trials rows written to checkpoints as each completes. */
    private void computeGroups(RunContext run, GroupPlan plan, Broadcast<RunConfig> bcCfg, LongAccumulator counter,
                               boolean showProgress) throws Exception {
        if (plan.pending().isEmpty()) {
            return;
        }
        Broadcast<HashMap<Integer, LayerProcess>> bcProcesses = processes(run, plan.pendingCells());
        if (showProgress) {
            run.showProgress(plan.allBins(), cfg.cells().size(), plan.trialsComputed(), counter);
        }
        GroupRunner.run(run, cfg.runId(), plan, bcCfg, bcProcesses, counter);
        run.output().lock().check();
    }

    /** The trials table as {@code trials-table} asks, then cells and checks; returns the violated checks. */
    private long writeTables(RunContext run, List<String> checkpoints, long[] trials, List<CellResult> results,
                             CheckEvaluator evaluator, Broadcast<RunConfig> bcCfg, int partitions) throws Exception {
        long t0 = System.nanoTime();
        switch (cfg.trialsTable()) {
            case ALL -> {
                for (String name : checkpoints) {
                    run.output().moveIntoTable(name, TableNames.TRIALS);
                }
            }
            case SAMPLE -> writeSample(run, trials, bcCfg, partitions);
            case NONE -> run.writeTable(TableNames.TRIALS, SparkSchemas.TRIALS, List.of()); // the schema, no rows
        }
        run.phases().add("move-trials", (System.nanoTime() - t0) / 1e9);
        String sparkVersion = run.spark().version();
        List<double[]> exact = run.phases().time("exact-quantiles", () -> ExactQuantiles.of(run, cfg));
        List<Row> cellRows = new ArrayList<>();
        for (CellResult r : results) {
            cellRows.add(MonteCarloRows.cellRow(cfg, r, exact.get(r.index()), sparkVersion));
        }
        t0 = System.nanoTime();
        run.writeTable(TableNames.CELLS, SparkSchemas.CELLS, cellRows);
        run.phases().add("write-cells-checks", (System.nanoTime() - t0) / 1e9);

        List<Row> checkRows = new ArrayList<>();
        long violated = 0;
        List<CheckRow> checks = run.phases().time("checks", () -> evaluator.evaluate(results));
        for (CheckRow k : checks) {
            checkRows.add(MonteCarloRows.checkRow(cfg, cfg.cells().get(k.cell()), k, sparkVersion));
            violated += k.verdict() == Verdict.VIOLATED ? 1 : 0;
        }
        t0 = System.nanoTime();
        run.writeTable(TableNames.CHECKS, SparkSchemas.CHECKS, checkRows);
        run.phases().add("write-cells-checks", (System.nanoTime() - t0) / 1e9);

        List<Row> tailRows = new ArrayList<>();
        List<resnetmc.rare.TailRow> tails = run.phases().time("tails",
                () -> TailsTable.rows(run.jsc(), checks, cfg.cells(), rareEventTrials, cfg.seed()));
        for (resnetmc.rare.TailRow t : tails) {
            tailRows.add(MonteCarloRows.tailRow(cfg, cfg.cells().get(t.cell()), t, sparkVersion));
        }
        t0 = System.nanoTime();
        run.writeTable(TableNames.TAILS, SparkSchemas.TAILS, tailRows);
        run.phases().add("write-tails", (System.nanoTime() - t0) / 1e9);
        return violated;
    }

    /**
     * {@code trials-table = sample}: the full rows of each cell's first trials-table-sample trials (all
     * of a smaller cell), recomputed from their streams (the checkpoints hold only the statistics'
     * columns); the same rows as those of {@code all}.
     */
    private void writeSample(RunContext run, long[] trials, Broadcast<RunConfig> bcCfg, int partitions) {
        Map<Long, List<Integer>> bySize = new TreeMap<>();
        for (int c = 0; c < trials.length; c++) {
            bySize.computeIfAbsent(Math.min(cfg.trialsTableSample(), trials[c]), x -> new ArrayList<>()).add(c);
        }
        List<List<WorkUnit>> bins = new ArrayList<>();
        for (Map.Entry<Long, List<Integer>> e : bySize.entrySet()) {
            bins.addAll(GroupPlan.plan(cfg, e.getValue(), 0, e.getKey(), partitions));
        }
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < trials.length; c++) {
            all.add(c);
        }
        run.spark().sparkContext().setJobDescription("resnetmc " + cfg.runId() + " trials sample");
        run.spark().createDataFrame(GroupRunner.rows(run, bins, bcCfg, processes(run, all), run.trialCounter(), true),
                SparkSchemas.TRIALS).write().parquet(run.output().stagingTable(TableNames.TRIALS));
    }

    @Override
    public void printSummary(PrintStream out, Outcome<Result> outcome, RunTiming timing, String runPath) {
        RunCounts c = outcome.counts();
        out.printf("done: %d trials in %.1f s (%.1f trials/s, %d partitions); %d check(s) violated%n",
                c.totalTrials(), timing.wallSeconds(), timing.trialsPerSecond(), c.partitions(),
                outcome.result().checksViolated());
        out.printf("cells: %d computed, %d reused from an interrupted run%n", c.cellsComputed(), c.cellsReused());
        out.println("tables: " + runPath + "/{trials,cells,checks,tails,runs}");
    }
}
