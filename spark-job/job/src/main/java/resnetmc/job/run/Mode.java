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

    /** The first line printed once the output is open. */
    String banner(String master);

    /** Computes the run and stages its tables through {@code run}; the lifecycle commits them. */
    Outcome<R> execute(RunContext run) throws Exception;

    /** The lines printed after the commit. */
    void printSummary(PrintStream out, Outcome<R> outcome, RunTiming timing, String runPath);

    /** What {@link #execute} returns: the run's counts and the mode's own result. */
    record Outcome<R>(RunCounts counts, R result) {
    }
}
