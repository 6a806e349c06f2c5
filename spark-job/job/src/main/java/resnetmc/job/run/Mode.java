package resnetmc.job.run;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import resnetmc.io.OutputOptions;

/**
 * What a mode of the job ({@code montecarlo}, {@code meanfield}, {@code training}) adds to the one
 * {@link RunLifecycle}: a mode is made from its parsed config (bad input already refused), checks what
 * needs the cluster, then {@link #execute}s: plans the work units, runs its Spark-free kernel on the
 * executors, aggregates each unit's results in add/merge buffers, turns them into rows and stages its
 * tables. The lifecycle does the rest (output, progress, broadcasts, the {@code runs} row, commit or
 * abort, clean-up, exit codes).
 *
 * @param <R> what a finished run reports beyond its {@link RunCounts}
 */
public interface Mode<R> {

    /** The run's id, output, seed and config. */
    RunSettings settings();

    /** How to open the output: only a resumable mode reads {@code resume} and {@code lock-timeout}. */
    default OutputOptions outputOptions() {
        return OutputOptions.FRESH;
    }

    /**
     * Refuses, before the output is opened, input that only the session can judge (memory per task,
     * a data set too small for the batch); throws {@link resnetmc.config.BadInputException}.
     */
    default void check(SparkSession spark) {
    }

    /**
     * What the run will cost and whether it fits, from the config alone (no session): the lines of
     * {@code --dry-run}, printed first by every run. Refuses a unit of work that cannot fit a task of
     * {@code memory} (throws {@link resnetmc.config.BadInputException}, naming the cell and the MiB), so
     * an impossible run stops before Spark starts. {@code probe}: calibrate the cost model by running a
     * few small trials on this machine (a fraction of a second); without it, no time estimate.
     */
    default java.util.List<String> plan(TaskMemory memory, boolean probe) {
        return java.util.List.of("plan: config valid; this mode has no cost estimate yet");
    }

    /** The first line printed once the output is open. */
    String banner(String master);

    /** Computes the run and stages its tables through {@code run}; the lifecycle commits them. */
    Outcome<R> execute(RunContext run) throws Exception;

    /** The lines printed after the commit. */
    void printSummary(PrintStream out, Outcome<R> outcome, RunTiming timing, String runPath);

    /**
     * What {@link #execute} returns: the run's counts, the mode's own result, and the family of its checks
     * table (null for modes without one).
     */
    record Outcome<R>(RunCounts counts, R result, ChecksFamily checks) {
        public Outcome(RunCounts counts, R result) {
            this(counts, result, null);
        }
    }

    /**
     * The error control of a checks table, stated in the {@code runs} row: the probability of any false
     * verdict in the table is at most 1 - {@code familyConfidence}, over {@code decidingRows} rows.
     */
    record ChecksFamily(double familyConfidence, int decidingRows) {
    }
}
