package resnetmc.job.run;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import resnetmc.io.RunOutput;

/**
 * What a {@link Mode} runs with: the session, the opened output, where progress goes, and the resources
 * it acquires (broadcasts, progress listeners, threads), which the lifecycle releases however the run
 * ends, in reverse order.
 */
public final class RunContext implements AutoCloseable {
    /** Local property carrying a Spark job's offset into the run's partition list, for {@link Progress}. */
    public static final String BIN_OFFSET = "resnetmc.binOffset";

    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final RunOutput output;
    private final PrintStream progressOut;
    private final boolean tty;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final PhaseTimes phases = new PhaseTimes();

    RunContext(SparkSession spark, RunOutput output, PrintStream progressOut, boolean tty) {
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.output = output;
        this.progressOut = progressOut;
        this.tty = tty;
        phases.samplingClock(jsc.sc().longAccumulator("resnetmc kernel nanoseconds"));
        if (System.getenv(PhaseTimes.ENV) != null) {
            // only when the phases line is printed: a thread CPU clock read costs about 0.7 us, two per trial,
            // as much as a whole chain trial at L = 8
            phases.samplingCpuClock(jsc.sc().longAccumulator("resnetmc kernel CPU nanoseconds"));
        }
    }

    /** The run's phase timings ({@link PhaseTimes}). */
    public PhaseTimes phases() {
        return phases;
    }

    public SparkSession spark() {
        return spark;
    }

    public JavaSparkContext jsc() {
        return jsc;
    }

    public RunOutput output() {
        return output;
    }

    /** Where progress lines go; null when {@code progress = false}. */
    public PrintStream progressOut() {
        return progressOut;
    }

    /** The partition count of a run with {@code configured} partitions (0: auto) of {@code totalTrials}. */
    public int partitions(int configured, long totalTrials) {
        return configured > 0 ? configured : WorkPlan.autoPartitions(jsc.defaultParallelism(), totalTrials);
    }

    /** A broadcast variable, destroyed when the run ends. */
    public <T> Broadcast<T> broadcast(T value) {
        Broadcast<T> b = jsc.broadcast(value);
        resources.push(b::destroy);
        return b;
    }

    /** A counter of trials done that the executors increment, read by the progress line. */
    public LongAccumulator trialCounter() {
        return jsc.sc().longAccumulator("resnetmc trials");
    }

    /**
     * Shows the live progress line over the partitions {@code bins} (laid end to end when the run is
     * several Spark jobs, each stage tagged with {@link #BIN_OFFSET}), when progress is on.
     */
    public void showProgress(List<List<WorkUnit>> bins, int cells, long trials, LongAccumulator counter) {
        if (progressOut == null) {
            return;
        }
        Progress progress = new Progress(bins, cells, trials, counter.id(), progressOut, tty);
        spark.sparkContext().addSparkListener(progress);
        progress.start();
        resources.push(() -> {
            progress.stop();
            spark.sparkContext().removeSparkListener(progress);
        });
    }

    /** Releases {@code resource} when the run ends (e.g. a progress thread). */
    public void onClose(AutoCloseable resource) {
        resources.push(resource);
    }

    /** Writes a table of driver-side rows, as one file, to the output's staging folder. */
    public void writeTable(String table, StructType schema, List<Row> rows) {
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(output.stagingTable(table));
    }

    /** Releases the resources, the last acquired first. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
