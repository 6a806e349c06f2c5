package resnetmc.training;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import resnetmc.config.BadInputException;
import resnetmc.job.RunOutput;
import resnetmc.job.Tables;
import resnetmc.job.Versions;
import resnetmc.training.data.Dataset;

/**
 * The Spark side of a training run: loads the data set once on the driver and broadcasts it (one copy
 * per executor), trains one network per task with the Spark-free {@link Trainer}, and writes
 * {@code training_runs}, {@code training_curves} and {@code runs} through {@link RunOutput}. A network's
 * numbers depend only on the seed and its own settings, so the tables are the same whatever the
 * partitioning (only wall_seconds varies).
 */
public final class TrainingJob {

    /** What a finished run reports to the caller. */
    public record Result(String runPath, int networks, long diverged, int partitions, double wallSeconds) {
    }

    private TrainingJob() {
    }

    /** The data set, with the batch size checked against it: bad input before anything is written. */
    public static Dataset load(TrainingConfig cfg) {
        Dataset data = cfg.data().load(cfg.seed());
        int batch = cfg.networks().get(0).batchSize();
        if (batch > data.trainSize()) {
            throw new BadInputException("training.batch-size", batch + " is not allowed; the training set has "
                    + data.trainSize() + " examples");
        }
        return data;
    }

    public static Result run(SparkSession spark, TrainingConfig cfg, Dataset data, RunOutput out,
                             PrintStream progressOut) throws Exception {
        Instant started = Instant.now();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String sparkVersion = spark.version();
        List<NetworkRun> nets = cfg.networks();
        int partitions = cfg.partitions() > 0 ? Math.min(cfg.partitions(), nets.size()) : nets.size();
        // Longest networks first, dealt round-robin: Spark starts partitions in order, so the big ones
        // do not finish last.
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
        Broadcast<Dataset> bcData = jsc.broadcast(data);
        Broadcast<TrainingConfig> bcCfg = jsc.broadcast(cfg);
        LongAccumulator done = jsc.sc().longAccumulator("resnetmc networks");
        Thread ticker = progressOut == null ? null : ticker(progressOut, done, nets.size(), started);
        long seed = cfg.seed();
        try {
            List<TrainingResult> results = new ArrayList<>(jsc.parallelize(bins, partitions)
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
            List<Row> runRows = new ArrayList<>();
            List<Row> curveRows = new ArrayList<>();
            long diverged = 0;
            for (TrainingResult r : results) {
                runRows.add(TrainingTables.runRow(cfg, data.name(), r, sparkVersion));
                curveRows.addAll(TrainingTables.curveRows(cfg, r));
                diverged += r.diverged() ? 1 : 0;
            }
            spark.createDataFrame(runRows, TrainingTables.RUNS_SCHEMA).coalesce(1).write()
                    .parquet(out.stagingTable(TrainingTables.RUNS));
            spark.createDataFrame(curveRows, TrainingTables.CURVES_SCHEMA).coalesce(1).write()
                    .parquet(out.stagingTable(TrainingTables.CURVES));
            Instant finished = Instant.now();
            double wall = (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0;
            Row run = Tables.runRow(cfg.runId(), cfg.rendered(), cfg.seed(), nets.size(), 1, nets.size(), sparkVersion,
                    spark.sparkContext().master(), partitions, nets.size(), started, finished, nets.size(), 0);
            spark.createDataFrame(List.of(run), Tables.RUNS_SCHEMA).coalesce(1).write()
                    .parquet(out.stagingTable(Tables.RUNS));
            out.commit();
            return new Result(out.runPath(), nets.size(), diverged, partitions, wall);
        } catch (Exception | Error e) {
            out.abort();
            throw e;
        } finally {
            if (ticker != null) {
                ticker.interrupt();
            }
            bcData.destroy();
            bcCfg.destroy();
        }
    }

    /** A plain "progress: k/N networks" line every 15 s (networks report when their task ends). */
    private static Thread ticker(PrintStream out, LongAccumulator done, int total, Instant started) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(15_000);
                    long k = done.value();
                    double secs = (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0;
                    out.printf(Locale.ROOT, "progress: %d/%d networks trained, %.0f s%s%n", k, total, secs,
                            k > 0 && k < total ? String.format(Locale.ROOT, ", ETA %.0f s", secs * (total - k) / k) : "");
                }
            } catch (InterruptedException e) {
                // run finished
            }
        }, "resnetmc-training-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
