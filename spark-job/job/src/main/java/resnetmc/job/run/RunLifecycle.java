package resnetmc.job.run;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import resnetmc.config.BadInputException;
import resnetmc.io.RunOutput;
import resnetmc.io.SparkSchemas;
import resnetmc.schema.TableNames;

/**
 * The one way a run goes, whatever its {@link Mode}: session, the mode's checks, open the output (lock,
 * staging folder), banner, execute (with progress and broadcasts), the {@code runs} row, commit (or
 * abort on any failure), release what the run acquired, summary. Exit codes: 0 success; 2 bad input
 * (the message names the key; nothing written); 1 a failure during the run (nothing of it visible, a
 * previous run of the same id untouched, and a hint when completed checkpoints allow {@code --resume}).
 */
public final class RunLifecycle {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    private RunLifecycle() {
    }

    /** Runs {@code mode} in the active session or a new one (stopped afterwards); returns the exit code. */
    public static <R> int run(Mode<R> mode, PrintStream out, PrintStream err) {
        RunSettings settings = mode.settings();
        boolean ownSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = null;
        RunOutput output = null;
        try {
            // The plan first: a cell that cannot fit a task is refused here, before Spark starts.
            for (String line : mode.plan(planMemory(), true)) {
                out.println(line);
            }
            long t0 = System.nanoTime();
            spark = session(settings.runId(), settings.progress());
            double sessionSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            mode.check(spark);
            output = RunOutput.open(settings.output(), settings.runId(), spark.sparkContext().hadoopConfiguration(),
                    mode.outputOptions(), out);
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            out.println(mode.banner(spark.sparkContext().master()));
            boolean tty = System.console() != null && out == System.out;
            execute(mode, spark, output, settings.progress() ? out : null, tty, out, sessionSeconds, openSeconds);
            return OK;
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (Exception e) {
            err.println("error: the run failed, nothing of it was written: " + e);
            e.printStackTrace(err);
            resumeHint(output, err);
            return FAILED;
        } finally {
            if (output != null) {
                output.close(); // releases the lock on a path that neither committed nor aborted
            }
            if (ownSession && spark != null) {
                spark.stop();
            }
        }
    }

    /** Execute, the {@code runs} row, commit or abort, release, then the summary. */
    private static <R> void execute(Mode<R> mode, SparkSession spark, RunOutput output, PrintStream progressOut,
                                    boolean tty, PrintStream out, double sessionSeconds, double openSeconds)
            throws Exception {
        Mode.Outcome<R> outcome;
        RunTiming timing;
        RunContext context = new RunContext(spark, output, progressOut, tty);
        PhaseTimes phases = context.phases();
        phases.add("session", sessionSeconds);
        phases.add("check-open", openSeconds);
        try {
            Instant started = Instant.now();
            long t0 = System.nanoTime();
            outcome = mode.execute(context);
            phases.add("execute", (System.nanoTime() - t0) / 1e9);
            timing = new RunTiming(started, Instant.now(), outcome.counts().trialsComputed());
            t0 = System.nanoTime();
            context.writeTable(TableNames.RUNS, SparkSchemas.RUNS, List.of(RunsRow.of(mode.settings(),
                    outcome.counts(), outcome.checks(), timing, spark.version(), spark.sparkContext().master())));
            output.commit();
            phases.add("runs-commit", (System.nanoTime() - t0) / 1e9);
        } catch (Exception | Error e) {
            output.abort();
            throw e;
        } finally {
            context.close();
        }
        mode.printSummary(out, outcome, timing, output.runPath());
        if (System.getenv(PhaseTimes.ENV) != null) {
            out.println(phases.line());
        }
    }

    /** After a failure, says how to continue from the completed checkpoints, if any were kept. */
    private static void resumeHint(RunOutput output, PrintStream err) {
        if (output == null) {
            return;
        }
        try {
            int kept = output.checkpoints().names().size();
            if (kept > 0) {
                err.println("note: " + kept + " completed checkpoint(s) are kept in " + output.stagingPath()
                        + "; run the same command with --resume to continue from them");
            }
        } catch (IOException ignored) {
            // the hint is optional
        }
    }

    /** The executors of the active session if there is one (tests), else those the run is configured with. */
    private static TaskMemory planMemory() {
        return SparkSession.getActiveSession().isDefined()
                ? TaskMemory.of(SparkSession.getActiveSession().get().sparkContext().getConf().getAll(),
                        SparkSession.getActiveSession().get().sparkContext().defaultParallelism())
                : TaskMemory.fromSystem();
    }

    /** The active session, or a new one on local[*] when no master is set (spark-submit sets one). */
    static SparkSession session(String runId, boolean progress) {
        SparkConf conf = new SparkConf();
        SparkSession.Builder b = SparkSession.builder().appName("resnetmc " + runId)
                // Spark's console bar would interleave with the job's own lines (progress, done:), on or off;
                // heartbeats carry running tasks' counts to the progress line.
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.executor.heartbeatInterval", conf.get("spark.executor.heartbeatInterval", "3s"))
                // Plain Parquet types only, so pandas/pyarrow and DuckDB read the tables.
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                .config("spark.sql.debug.maxToStringFields", "200");
        if (!conf.contains("spark.master")) {
            b.master("local[*]");
        }
        return b.getOrCreate();
    }
}
