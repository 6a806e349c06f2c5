package resnetmc.job;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import resnetmc.config.BadInputException;
import resnetmc.config.ConfigReader;
import resnetmc.job.meanfield.MeanFieldMode;
import resnetmc.job.montecarlo.MonteCarloMode;
import resnetmc.job.run.Mode;
import resnetmc.job.run.RunLifecycle;
import resnetmc.job.run.TaskMemory;
import resnetmc.job.run.Versions;
import resnetmc.job.training.TrainingMode;

/**
 * Entry point of the job: {@code Main CONFIG [key=value ...] [--resume] [--dry-run]}, or {@code --help},
 * {@code --version}; run by {@code submit/local}
 * on an embedded {@code local[*]} Spark and by {@code spark-submit} on a cluster. Reads the config,
 * picks the mode its {@code mode} key names and hands it to the {@link RunLifecycle}.
 *
 * <p>Exit codes: 0 success, 2 bad input (config, override, path; nothing written), 1 failure during
 * the run (nothing of this run visible; a previous run of the same id untouched).
 */
public final class Main {
    public static final int OK = RunLifecycle.OK;
    public static final int FAILED = RunLifecycle.FAILED;
    public static final int BAD_INPUT = RunLifecycle.BAD_INPUT;

    static final String USAGE = "usage: submit/local CONFIG [key=value ...] [--resume] [--dry-run]   (keys: see reference.conf)";
    static final String HELP = String.join("\n",
            USAGE,
            "  Runs the experiment of CONFIG (a HOCON file; key=value overrides it) on Spark: spark.master from",
            "  spark-submit or -Dspark.master, else local[*].",
            "  --resume    continue an interrupted run of the same run-id (the override resume=true)",
            "  --dry-run   validate, print the plan (cells, trials, samplers, estimated core-seconds, peak memory",
            "              per task against the executors' memory, output size) and exit; nothing is run or written",
            "  --version   print the version (the runs table's project_version) and exit",
            "  --help      print this help",
            "  Every run prints the plan first and refuses (exit 2) a cell that cannot fit a task's memory.",
            "  Exit codes: 0 success, 2 bad input (nothing written), 1 failure during the run.");
    /** Command-line form of {@code resume=true}: continue an interrupted run of the same run-id. */
    static final String RESUME_FLAG = "--resume";
    /** Validate and print the plan, run nothing. */
    static final String DRY_RUN_FLAG = "--dry-run";
    /** The wrappers' check before a cluster-mode submission: the plan lines only, exit 0 or 2. */
    static final String CHECK_FLAG = "--check";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the job and returns the exit code; tests call it directly. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return BAD_INPUT;
        }
        List<String> given = List.of(args);
        if (given.contains("--help") || given.contains("-h")) {
            out.println(HELP);
            return OK;
        }
        if (given.contains("--version")) {
            out.println(version());
            return OK;
        }
        boolean dryRun = given.contains(DRY_RUN_FLAG);
        boolean check = given.contains(CHECK_FLAG);
        if (dryRun || check) {
            List<String> rest = new ArrayList<>(given);
            rest.removeIf(a -> a.equals(DRY_RUN_FLAG) || a.equals(CHECK_FLAG));
            if (rest.isEmpty()) {
                err.println(USAGE);
                return BAD_INPUT;
            }
            args = rest.toArray(new String[0]);
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
        Mode<?> mode;
        try {
            mode = mode(args[0], new ArrayList<>(List.of(args).subList(1, args.length)));
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        }
        if (dryRun || check) {
            return plan(mode, out, err, dryRun);
        }
        return RunLifecycle.run(mode, out, err);
    }

    /** The same text as the {@code runs} table's {@code project_version}, and the build's Spark. */
    static String version() {
        return "resnetmc " + Versions.PROJECT + " (built for Spark " + Versions.SPARK_BUILD + ", running on Java "
                + Versions.java() + ")";
    }

    /** {@code --dry-run} and {@code --check} (the same lines, without the closing note): the plan against the configured executors. */
    private static int plan(Mode<?> mode, PrintStream out, PrintStream err, boolean dryRun) {
        try {
            for (String line : mode.plan(TaskMemory.fromSystem(), true)) {
                out.println(line);
            }
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        }
        if (dryRun) {
            out.println("dry run: the config is valid and fits; nothing was computed or written");
        }
        return OK;
    }

    /** The mode the config names, built from it (bad input refused here, before any session). */
    static Mode<?> mode(String configPath, List<String> overrides) {
        ConfigReader.Source source = ConfigReader.source(configPath, overrides);
        String mode = ConfigReader.mode(source.user());
        return switch (mode) {
            case "montecarlo" -> MonteCarloMode.parse(source);
            case "meanfield" -> MeanFieldMode.parse(source);
            case "training" -> TrainingMode.parse(source);
            default -> throw new IllegalStateException("mode " + mode + " passed validation but has no job");
        };
    }
}
