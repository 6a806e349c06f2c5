package resnetmc.job.training;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import resnetmc.config.BadInputException;
import resnetmc.config.ConfigReader;
import resnetmc.io.SparkSchemas;
import resnetmc.job.run.Mode;
import resnetmc.job.run.RunContext;
import resnetmc.job.run.RunCounts;
import resnetmc.job.run.RunSettings;
import resnetmc.job.run.RunTiming;
import resnetmc.job.run.Versions;
import resnetmc.schema.TableNames;
import resnetmc.training.Gemm;
import resnetmc.training.NetworkRun;
import resnetmc.training.Trainer;
import resnetmc.training.TrainingConfig;
import resnetmc.training.TrainingResult;
import resnetmc.training.data.Dataset;

/**
 * {@code mode = training}: loads the data set once on the driver and broadcasts it (one copy per
 * executor), trains one network per task with the Spark-free {@link Trainer}, and writes
 * {@code training_runs} and {@code training_curves} ({@link TrainingRows}). A network's numbers depend
 * only on the seed and its own settings, so the tables are the same whatever the partitioning (only
 * wall_seconds varies).
 */
public final class TrainingMode implements Mode<TrainingMode.Result> {

    /** What a finished run reports beyond its counts. */
    public record Result(long diverged) {
    }

    private final TrainingConfig cfg;
    /** The data set, loaded by {@link #check} (bad input before anything is written). */
    private Dataset data;

    TrainingMode(TrainingConfig cfg) {
        this.cfg = cfg;
    }

    /** The mode of a config with {@code mode = training}; bad input throws naming the key. */
    public static TrainingMode parse(ConfigReader.Source source) {
        return new TrainingMode(TrainingConfig.fromConfig(source.user(), source.name()));
    }

    @Override
    public RunSettings settings() {
        return new RunSettings(cfg.runId(), cfg.output(), cfg.progress(), cfg.seed(), cfg.rendered());
    }

    /** Loads the data set and checks the batch size against it. */
    @Override
    public void check(SparkSession spark) {
        data = cfg.data().load(cfg.seed());
        int batch = cfg.networks().get(0).batchSize();
        if (batch > data.trainSize()) {
            throw new BadInputException("training.batch-size", batch + " is not allowed; the training set has "
                    + data.trainSize() + " examples");
        }
    }

    @Override
    public String banner(String master) {
        return String.format("resnetmc %s: training run %s, %d networks on %s (%s: %d train, %d test examples)",
                Versions.PROJECT, cfg.runId(), cfg.networks().size(), master, data.name(), data.trainSize(),
                data.testSize());
    }

    @Override
    public Outcome<Result> execute(RunContext run) {
        List<NetworkRun> nets = cfg.networks();
        int partitions = cfg.partitions() > 0 ? Math.min(cfg.partitions(), nets.size()) : nets.size();
        List<List<Integer>> bins = bins(nets, partitions);
        Broadcast<Dataset> bcData = run.broadcast(data);
        Broadcast<TrainingConfig> bcCfg = run.broadcast(cfg);
        LongAccumulator done = run.jsc().sc().longAccumulator("resnetmc networks");
        if (run.progressOut() != null) {
            run.onClose(NetworkTicker.start(run.progressOut(), done, nets.size()));
        }
        long seed = cfg.seed();
        List<TrainingResult> results = new ArrayList<>(run.jsc().parallelize(bins, partitions)
                .flatMap(bin -> {
                    List<TrainingResult> rs = new ArrayList<>(bin.size());
                    for (int idx : bin) {
                        rs.add(Trainer.train(bcCfg.value().networks().get(idx), bcData.value(), seed, Gemm.BLAS));
                        done.add(1);
                    }
                    return rs.iterator();
                })
                .collect());
        results.sort(Comparator.comparingInt(r -> r.run().index()));
        if (results.size() != nets.size()) {
            throw new IllegalStateException(results.size() + " networks trained, expected " + nets.size());
        }
        long diverged = writeTables(run, results);
        return new Outcome<>(RunCounts.whole(nets.size(), 1, nets.size(), partitions, nets.size()),
                new Result(diverged));
    }

    /**
     * The networks of each partition: longest first, dealt round-robin, since Spark starts partitions in
     * order, so the big ones do not finish last.
     */
    private List<List<Integer>> bins(List<NetworkRun> nets, int partitions) {
        List<NetworkRun> byCost = new ArrayList<>(nets);
        byCost.sort(Comparator.comparingDouble((NetworkRun n) -> -n.cost(data.inputs()))
                .thenComparingInt(NetworkRun::index));
        List<List<Integer>> bins = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            bins.add(new ArrayList<>());
        }
        for (int i = 0; i < byCost.size(); i++) {
            bins.get(i % partitions).add(byCost.get(i).index());
        }
        return bins;
    }

    /** Writes training_runs and training_curves; returns the networks that diverged. */
    private long writeTables(RunContext run, List<TrainingResult> results) {
        String sparkVersion = run.spark().version();
        List<Row> runRows = new ArrayList<>();
        List<Row> curveRows = new ArrayList<>();
        long diverged = 0;
        for (TrainingResult r : results) {
            runRows.add(TrainingRows.runRow(cfg, data.name(), r, sparkVersion));
            curveRows.addAll(TrainingRows.curveRows(cfg, r));
            diverged += r.diverged() ? 1 : 0;
        }
        run.writeTable(TableNames.TRAINING_RUNS, SparkSchemas.TRAINING_RUNS, runRows);
        run.writeTable(TableNames.TRAINING_CURVES, SparkSchemas.TRAINING_CURVES, curveRows);
        return diverged;
    }

    @Override
    public void printSummary(PrintStream out, Outcome<Result> outcome, RunTiming timing, String runPath) {
        out.printf("done: %d networks in %.1f s (%d partitions); %d diverged%n", outcome.counts().cells(),
                timing.wallSeconds(), outcome.counts().partitions(), outcome.result().diverged());
        out.println("tables: " + runPath + "/{training_runs,training_curves,runs}");
    }
}
