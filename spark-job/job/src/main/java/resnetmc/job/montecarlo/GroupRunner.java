package resnetmc.job.montecarlo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.util.LongAccumulator;
import resnetmc.config.RunConfig;
import resnetmc.io.RunOutput;
import resnetmc.io.SparkSchemas;
import resnetmc.job.run.RunContext;
import resnetmc.job.run.WorkUnit;
import resnetmc.kernel.Trajectory;
import resnetmc.model.Cell;
import resnetmc.process.LayerProcess;

/**
 * Computes the pending checkpoint groups of a {@link GroupPlan}, one Spark job each, a few at a time so
 * that the next group's tasks fill the cores idle at the end of one; each group's {@code trials} rows are
 * written to a temporary folder and made a checkpoint when complete. Under {@code trials-table = sample}
 * or {@code none} a checkpoint holds only the columns the statistics read
 * ({@link MonteCarloRows#VALUES}), about 40 bytes a trial instead of a full row with its trajectories.
 */
final class GroupRunner {
    /** Groups computed at once. */
    static final int GROUPS_IN_FLIGHT = 2;

    private GroupRunner() {
    }

    static void run(RunContext run, String runId, GroupPlan plan, Broadcast<RunConfig> cfg,
                    Broadcast<HashMap<Integer, LayerProcess>> processes, LongAccumulator counter) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(GROUPS_IN_FLIGHT, r -> {
            Thread t = new Thread(r, "resnetmc-group");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            int offset = 0;
            for (int k = 0; k < plan.pending().size(); k++) {
                int g = plan.pending().get(k);
                List<List<WorkUnit>> bins = plan.plans().get(k);
                int binOffset = offset;
                offset += bins.size();
                futures.add(pool.submit(() -> {
                    group(run, runId, GroupPlan.checkpointName(g, plan.round()), bins, binOffset, cfg, processes,
                            counter);
                    return null;
                }));
            }
            awaitAll(futures);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for every group; on the first failure cancels the others and throws its cause. */
    private static void awaitAll(List<Future<?>> futures) throws Exception {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                futures.forEach(x -> x.cancel(false));
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw e;
            }
        }
    }

    /**
     * The rows of the trials of {@code bins}, one partition per bin: full {@code trials} rows, or only
     * the {@link MonteCarloRows#VALUES} columns.
     */
    static JavaRDD<Row> rows(RunContext run, List<List<WorkUnit>> bins, Broadcast<RunConfig> bcCfg,
                             Broadcast<HashMap<Integer, LayerProcess>> bcProcesses, LongAccumulator counter,
                             boolean fullRows) {
        String sparkVersion = run.spark().version();
        LongAccumulator sampling = run.phases().samplingClock();
        LongAccumulator samplingCpu = run.phases().samplingCpuClock();
        return run.jsc().parallelize(bins, bins.size())
                .flatMap(bin -> new TrialIterator(bcCfg.value(), bcProcesses.value(), bin, counter, sampling,
                        samplingCpu))
                .map(t -> {
                    RunConfig c = bcCfg.value();
                    Cell cell = c.cells().get(t.cell());
                    return fullRows ? MonteCarloRows.trialRow(c, cell, Trajectory.layers(cell.depth(),
                            c.trajectoryPoints()), t.outcome(), sparkVersion)
                            : MonteCarloRows.valuesRow(c, cell, t.outcome());
                });
    }

    /** One group's Spark job: its trials rows, written as checkpoint {@code name}. */
    private static void group(RunContext run, String runId, String name, List<List<WorkUnit>> bins, int binOffset,
                              Broadcast<RunConfig> bcCfg, Broadcast<HashMap<Integer, LayerProcess>> bcProcesses,
                              LongAccumulator counter) throws Exception {
        RunOutput out = run.output();
        out.lock().check();
        SparkContext sc = run.spark().sparkContext();
        sc.setLocalProperty(RunContext.BIN_OFFSET, Integer.toString(binOffset));
        sc.setJobDescription("resnetmc " + runId + " " + name);
        boolean fullRows = bcCfg.value().trialsTable() == RunConfig.TrialsTable.ALL;
        try {
            JavaRDD<Row> rows = rows(run, bins, bcCfg, bcProcesses, counter, fullRows);
            String temp = out.checkpoints().temp(name);
            run.spark().createDataFrame(rows, fullRows ? SparkSchemas.TRIALS : MonteCarloRows.VALUES).write()
                    .mode(SaveMode.ErrorIfExists).parquet(temp);
            out.checkpoints().complete(name, temp);
        } finally {
            sc.setLocalProperty(RunContext.BIN_OFFSET, null);
        }
    }
}
