package resnetmc.job.montecarlo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import resnetmc.checks.CellResult;
import resnetmc.checks.CheckEvaluator;
import resnetmc.checks.CheckRow;
import resnetmc.checks.Verdict;
import resnetmc.config.ConfigLoader;
import resnetmc.config.ConfigReader;
import resnetmc.config.RunConfig;
import resnetmc.io.OutputOptions;
import resnetmc.io.SparkSchemas;
import resnetmc.job.run.Mode;
import resnetmc.job.run.PhaseTimes;
import resnetmc.job.run.RunContext;
import resnetmc.job.run.RunCounts;
import resnetmc.job.run.RunSettings;
import resnetmc.job.run.RunTiming;
import resnetmc.job.run.Versions;
import resnetmc.kernel.WeightField;
import resnetmc.process.LayerProcess;
import resnetmc.schema.TableNames;

/**
 * {@code mode = montecarlo}: the trials of every cell, spread over the executors in balanced work units,
 * each computed by the Spark-free kernels from its own random streams; the {@code trials} rows of each
 * checkpoint group written as soon as the group is complete ({@link GroupPlan}), so a resumed run skips
 * the groups already done; then the cell statistics from the stored rows of all groups, in trial order
 * ({@link CellStatistics}), so they are the same whether a group was computed now or before an
 * interruption; then the {@code cells} and {@code checks} tables.
 */
public final class MonteCarloMode implements Mode<MonteCarloMode.Result> {

    /** What a finished run reports beyond its counts. */
    public record Result(long checksViolated) {
    }

    private final RunConfig cfg;
    private final OutputOptions options;
    /** The {@code checkpoint-groups} key: a positive count, or 0 for auto. */
    private final int checkpointGroups;

    MonteCarloMode(RunConfig cfg, OutputOptions options, int checkpointGroups) {
        this.cfg = cfg;
        this.options = options;
        this.checkpointGroups = checkpointGroups;
    }

    /** The mode of a config with {@code mode = montecarlo}; bad input throws naming the key. */
    public static MonteCarloMode parse(ConfigReader.Source source) {
        ConfigReader reader = ConfigReader.of(source);
        RunConfig cfg = ConfigLoader.from(reader);
        // checkpoint-groups: auto (0) or a positive integer
        return new MonteCarloMode(cfg, OutputOptions.of(reader), reader.intOrAuto("checkpoint-groups", 1));
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
    public void check(SparkSession spark) {
        MemoryBudget.check(cfg, spark.sparkContext());
    }

    @Override
    public String banner(String master) {
        return String.format("resnetmc %s: run %s, %d cells x %d trials on %s", Versions.PROJECT, cfg.runId(),
                cfg.cells().size(), cfg.trials(), master);
    }

    @Override
    public Outcome<Result> execute(RunContext run) throws Exception {
        int partitions = run.partitions(cfg.partitions(), cfg.totalTrials());
        GroupPlan plan = GroupPlan.of(cfg, checkpointGroups, partitions, run);
        if (plan.cellsReused() > 0 && run.progressOut() != null) {
            run.progressOut().printf("resume: %d of %d cells reused from the interrupted run, %d to compute%n",
                    plan.cellsReused(), cfg.cells().size(), plan.cellsComputed());
        }
        PhaseTimes phases = run.phases();
        phases.time("groups", () -> {
            computeGroups(run, plan);
            return null;
        });
        List<CellResult> results = phases.time("statistics", () -> CellStatistics.of(run, cfg, plan, partitions));
        CheckEvaluator evaluator = new CheckEvaluator(cfg.checkSettings());
        long violated = writeTables(run, plan, results, evaluator);
        RunCounts counts = new RunCounts(cfg.cells().size(), cfg.trials(), cfg.totalTrials(), partitions,
                plan.workUnits(), plan.cellsComputed(), plan.cellsReused(),
                (long) cfg.trials() * plan.cellsComputed());
        return new Outcome<>(counts, new Result(violated),
                new ChecksFamily(evaluator.familyConfidence(), evaluator.decidingRows()));
    }

    /** The pending groups, their trials rows written to checkpoints as each completes. */
    private void computeGroups(RunContext run, GroupPlan plan) throws Exception {
        Broadcast<RunConfig> bcCfg = run.broadcast(cfg);
        // Across-layer processes of correlated cells (an FFT or an eigendecomposition each), computed once
        // on the driver and shared by all trials of the cell.
        HashMap<Integer, LayerProcess> processes = new HashMap<>();
        for (int i : plan.pendingCells()) {
            LayerProcess p = WeightField.processFor(cfg.cells().get(i));
            if (p != null) {
                processes.put(i, p);
            }
        }
        Broadcast<HashMap<Integer, LayerProcess>> bcProcesses = run.broadcast(processes);
        LongAccumulator counter = run.trialCounter();
        if (!plan.pending().isEmpty()) {
            run.showProgress(plan.allBins(), cfg.cells().size(), (long) cfg.trials() * plan.cellsComputed(), counter);
        }
        GroupRunner.run(run, cfg.runId(), plan, bcCfg, bcProcesses, counter);
        run.output().lock().check();
    }

    /** Moves the trials into their table, writes cells and checks; returns the violated checks. */
    private long writeTables(RunContext run, GroupPlan plan, List<CellResult> results, CheckEvaluator evaluator)
            throws Exception {
        long t0 = System.nanoTime();
        for (int g = 0; g < plan.groups().size(); g++) {
            run.output().moveIntoTable(GroupPlan.groupName(g), TableNames.TRIALS);
        }
        run.phases().add("move-trials", (System.nanoTime() - t0) / 1e9);
        String sparkVersion = run.spark().version();
        List<Row> cellRows = new ArrayList<>();
        for (CellResult r : results) {
            cellRows.add(MonteCarloRows.cellRow(cfg, r, sparkVersion));
        }
        t0 = System.nanoTime();
        run.writeTable(TableNames.CELLS, SparkSchemas.CELLS, cellRows);
        run.phases().add("write-cells-checks", (System.nanoTime() - t0) / 1e9);

        List<Row> checkRows = new ArrayList<>();
        long violated = 0;
        List<CheckRow> evaluated = run.phases().time("checks", () -> evaluator.evaluate(results));
        for (CheckRow k : evaluated) {
            checkRows.add(MonteCarloRows.checkRow(cfg, cfg.cells().get(k.cell()), k, sparkVersion));
            violated += k.verdict() == Verdict.VIOLATED ? 1 : 0;
        }
        t0 = System.nanoTime();
        run.writeTable(TableNames.CHECKS, SparkSchemas.CHECKS, checkRows);
        run.phases().add("write-cells-checks", (System.nanoTime() - t0) / 1e9);
        return violated;
    }

    @Override
    public void printSummary(PrintStream out, Outcome<Result> outcome, RunTiming timing, String runPath) {
        RunCounts c = outcome.counts();
        out.printf("done: %d trials in %.1f s (%.1f trials/s, %d partitions); %d check(s) violated%n",
                c.totalTrials(), timing.wallSeconds(), timing.trialsPerSecond(), c.partitions(),
                outcome.result().checksViolated());
        out.printf("cells: %d computed, %d reused from an interrupted run%n", c.cellsComputed(), c.cellsReused());
        out.println("tables: " + runPath + "/{trials,cells,checks,runs}");
    }
}
