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
import resnetmc.job.training.TrainingMode;

/**
 * Entry point of the job: {@code Main CONFIG [key=value ...] [--resume]}, run by {@code submit/local}
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
        Mode<?> mode;
        try {
            mode = mode(args[0], new ArrayList<>(List.of(args).subList(1, args.length)));
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        }
        return RunLifecycle.run(mode, out, err);
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
