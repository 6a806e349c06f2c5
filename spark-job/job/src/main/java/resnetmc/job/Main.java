package resnetmc.job;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import resnetmc.config.BadInputException;
import resnetmc.config.ConfigLoader;
import resnetmc.config.ConfigReader;
import resnetmc.config.RunConfig;
import resnetmc.meanfield.MeanFieldConfig;
import resnetmc.meanfield.MeanFieldConfigs;

/**
 * Entry point of the job: {@code Main CONFIG [key=value ...]}, run by {@code submit/local} on an
 * embedded {@code local[*]} Spark and by {@code spark-submit} on a cluster.
 *
 * <p>Exit codes: 0 success, 2 bad input (config, override, path; nothing written), 1 failure during
 * the run (nothing of this run visible; a previous run of the same id untouched).
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    static final String USAGE = "usage: submit/local CONFIG [key=value ...] [--resume]   (keys: see reference.conf)";
    /** Command-line form of {@code resume=true}: continue an interrupted run of the same run-id. */
    static final String RESUME_FLAG = "--resume";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the job and returns the exit code; tests call it directly. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? BAD_INPUT : OK;
        }
        // --resume may stand anywhere among the arguments; it is the override resume=true.
        if (List.of(args).contains(RESUME_FLAG)) {
            List<String> rest = new ArrayList<>(List.of(args));
            rest.removeIf(RESUME_FLAG::equals);
            rest.add("resume=true");
            if (rest.size() == 1) {
                err.println(USAGE);
                return BAD_INPUT;
            }
            args = rest.toArray(new String[0]);
        }
        RunConfig cfg;
        RunOutput.Options outputOptions;
        try {
            List<String> overrides = new ArrayList<>(List.of(args).subList(1, args.length));
            ConfigReader.Source source = ConfigReader.source(args[0], overrides);
            String mode = ConfigReader.mode(source.user());
            switch (mode) {
                case "montecarlo" -> { }
                case "meanfield" -> {
                    return meanField(MeanFieldConfigs.from(source.user(), source.name()), out, err);
                }
                case "training" -> {
                    return training(resnetmc.training.TrainingConfig.fromConfig(source.user(), source.name()), out, err);
                }
                default -> throw new IllegalStateException("mode " + mode + " passed validation but has no job");
            }
            cfg = ConfigLoader.fromConfig(source.user(), source.name());
            outputOptions = RunOutput.Options.of(ConfigReader.of(source));
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        }
        return monteCarlo(cfg, outputOptions, out, err);
    }

    /** {@code mode = montecarlo}: trials, cells, checks and runs, resumable from checkpoint groups. */
    private static int monteCarlo(RunConfig cfg, RunOutput.Options options, PrintStream out, PrintStream err) {
        RunOutput[] opened = new RunOutput[1];
        return inSession(cfg.runId(), cfg.progress(), err, spark -> {
            MemoryBudget.check(cfg, spark.sparkContext());
            RunOutput output = RunOutput.open(cfg.output(), cfg.runId(), spark.sparkContext().hadoopConfiguration(),
                    options.resume(), options.lockTimeout(), out);
            opened[0] = output;
            out.printf("resnetmc %s: run %s, %d cells x %d trials on %s%n", Versions.PROJECT, cfg.runId(),
                    cfg.cells().size(), cfg.trials(), spark.sparkContext().master());
            MonteCarloJob.Result r = MonteCarloJob.run(spark, cfg, output, cfg.progress() ? out : null,
                    System.console() != null && out == System.out, options.checkpointGroups());
            out.printf("done: %d trials in %.1f s (%.1f trials/s, %d partitions); %d check(s) violated%n",
                    r.trials(), r.wallSeconds(), r.trialsPerSecond(), r.partitions(), r.checksViolated());
            out.printf("cells: %d computed, %d reused from an interrupted run%n", r.cellsComputed(), r.cellsReused());
            out.println("tables: " + r.runPath() + "/{trials,cells,checks,runs}");
            return OK;
        }, () -> {
            if (opened[0] == null) {
                return;
            }
            try {
                int kept = opened[0].checkpoints().size();
                if (kept > 0) {
                    err.println("note: " + kept + " completed checkpoint(s) are kept in " + opened[0].stagingPath()
                            + "; run the same command with --resume to continue from them");
                }
            } catch (java.io.IOException ignored) {
                // the hint is optional
            }
        });
    }

    /** {@code mode = meanfield}: the layers table (and runs), with the same exit codes. */
    private static int meanField(MeanFieldConfig cfg, PrintStream out, PrintStream err) {
        return inSession(cfg.runId(), cfg.progress(), err, spark -> {
            // Closing releases the run's lock on any path that neither committed nor aborted.
            try (RunOutput output = RunOutput.open(cfg.output(), cfg.runId(), spark.sparkContext().hadoopConfiguration())) {
                out.printf("resnetmc %s: mean-field run %s, %d cells x %d trials on %s%n", Versions.PROJECT, cfg.runId(),
                        cfg.cells().size(), cfg.trials(), spark.sparkContext().master());
                MeanFieldJob.Result r = MeanFieldJob.run(spark, cfg, output, cfg.progress() ? out : null,
                        System.console() != null && out == System.out);
                out.printf("done: %d trials in %.1f s (%d partitions)%n", r.trials(), r.wallSeconds(), r.partitions());
                out.println("tables: " + r.runPath() + "/{layers,runs}");
                return OK;
            }
        });
    }

    /** mode = training: data set, then output, then one task per network (resnetmc.training). */
    private static int training(resnetmc.training.TrainingConfig cfg, PrintStream out, PrintStream err) {
        return inSession(cfg.runId(), cfg.progress(), err, spark -> {
            resnetmc.training.data.Dataset data = resnetmc.training.TrainingJob.load(cfg);
            try (RunOutput output = RunOutput.open(cfg.output(), cfg.runId(), spark.sparkContext().hadoopConfiguration())) {
                out.printf("resnetmc %s: training run %s, %d networks on %s (%s: %d train, %d test examples)%n",
                        Versions.PROJECT, cfg.runId(), cfg.networks().size(), spark.sparkContext().master(), data.name(),
                        data.trainSize(), data.testSize());
                resnetmc.training.TrainingJob.Result r = resnetmc.training.TrainingJob.run(spark, cfg, data, output,
                        cfg.progress() ? out : null);
                out.printf("done: %d networks in %.1f s (%d partitions); %d diverged%n", r.networks(), r.wallSeconds(),
                        r.partitions(), r.diverged());
                out.println("tables: " + r.runPath() + "/{training_runs,training_curves,runs}");
                return OK;
            }
        });
    }

    /** What a mode does with its Spark session; a {@link BadInputException} from it means exit 2. */
    @FunctionalInterface
    private interface SessionBody {
        int run(SparkSession spark) throws Exception;
    }

    /**
     * Runs {@code body} in the active session or a new one (stopped afterwards), mapping bad input to
     * exit 2 and any other failure to exit 1 with its stack trace.
     */
    private static int inSession(String runId, boolean progress, PrintStream err, SessionBody body) {
        return inSession(runId, progress, err, body, () -> { });
    }

    /** The same, running {@code afterFailure} after the error of a failed run (exit 1) is printed. */
    private static int inSession(String runId, boolean progress, PrintStream err, SessionBody body,
                                 Runnable afterFailure) {
        boolean ownSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = null;
        try {
            spark = session(runId, progress);
            return body.run(spark);
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (Exception e) {
            err.println("error: the run failed, nothing of it was written: " + e);
            e.printStackTrace(err);
            afterFailure.run();
            return FAILED;
        } finally {
            if (ownSession && spark != null) {
                spark.stop();
            }
        }
    }

    /** The active session, or a new one on local[*] when no master is set (spark-submit sets one). */
    static SparkSession session(String runId, boolean progress) {
        SparkConf conf = new SparkConf();
        SparkSession.Builder b = SparkSession.builder().appName("resnetmc " + runId)
                // Our progress line replaces Spark's console bar; heartbeats carry running tasks' counts.
                .config("spark.ui.showConsoleProgress", Boolean.toString(!progress))
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
