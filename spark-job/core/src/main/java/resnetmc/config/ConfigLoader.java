package resnetmc.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;
import java.util.stream.Stream;
import resnetmc.model.Cell;
import resnetmc.theory.HypothesisConstants;

/**
 * The builder of a {@code mode = montecarlo} run: reads every key through {@link ConfigReader} and
 * returns the typed {@link RunConfig}, whose cells are those of the {@link resnetmc.model.Grid}. Every
 * problem is a {@link BadInputException} that names the key and what is allowed; nothing is read lazily
 * later.
 */
public final class ConfigLoader {
    /** Keys a user may set only in {@code mode = meanfield}. */
    static final List<String> MEANFIELD_ONLY = List.of("grid.init", "grid.sigma-w", "grid.sigma-v", "grid.sigma-a",
            "grid.sigma-b", "grid.alpha-relu-exponent", "meanfield");

    /** Keys of the other modes that a Monte Carlo run does not read. */
    static final List<String> NOT_MONTECARLO = Stream.concat(MEANFIELD_ONLY.stream(), Stream.of("training")).toList();

    private ConfigLoader() {
    }

    /** Loads {@code path} with the overrides; throws {@link BadInputException} on any bad input. */
    public static RunConfig load(String path, List<String> overrides) {
        ConfigReader.Source src = ConfigReader.source(path, overrides);
        return fromConfig(src.user(), src.name());
    }

    /** Validates a user config (file and overrides, without the reference) and builds the typed record. */
    public static RunConfig fromConfig(Config user, String configName) {
        try {
            return from(ConfigReader.of(user, configName));
        } catch (ConfigException e) {
            throw new BadInputException(null, e.getMessage());
        }
    }

    /** Builds the typed record from a reader (the lifecycle's "parse config" step). */
    public static RunConfig from(ConfigReader r) {
        r.rejectKeys("montecarlo", NOT_MONTECARLO);
        String runId = r.runId();
        String output = r.output();
        long seed = r.integer("seed");
        int trialsKey; // 0: auto
        try {
            trialsKey = r.intOrAuto("trials", 1);
        } catch (BadInputException e) {
            try {
                trialsKey = r.intAtLeast("trials", 1);
            } catch (BadInputException notInteger) { // its rule (an integer >= 1), and the other choice
                throw new BadInputException("trials", notInteger.getMessage().substring("trials: ".length())
                        + ", or auto");
            }
        }
        boolean auto = trialsKey == 0;
        int trialsMin = r.intAtLeast("trials-min", 1);
        int trialsMax = r.intAtLeast("trials-max", 1);
        if (trialsMax < trialsMin) {
            throw new BadInputException("trials-max", "'" + trialsMax + "' is not allowed; must be >= trials-min ("
                    + trialsMin + ")");
        }
        int trials = auto ? trialsMin : trialsKey;
        RunConfig.TrialsTable table = switch (r.choice("trials-table", List.of("all", "sample", "none"))) {
            case "sample" -> RunConfig.TrialsTable.SAMPLE;
            case "none" -> RunConfig.TrialsTable.NONE;
            default -> RunConfig.TrialsTable.ALL;
        };
        int sample = r.intAtLeast("trials-table-sample", 1);
        int trajectoryPoints = r.intAtLeast("trajectory-points", 2);
        int bins = r.intAtLeast("histogram-bins", 1);
        double[] deltas = r.numberList("checks.delta", Range.OPEN_UNIT).stream()
                .mapToDouble(Double::doubleValue).toArray();
        double confidence = r.number("checks.confidence", Range.OPEN_UNIT);
        HypothesisConstants.CKind cKind = switch (r.choice("checks.c-constant", List.of("dimension", "universal"))) {
            case "dimension" -> HypothesisConstants.CKind.DIMENSION;
            default -> HypothesisConstants.CKind.UNIVERSAL;
        };
        double tolerance = r.number("checks.tolerance", Range.UNIT_CLOSED_OPEN);
        int meanMinTrials = r.intAtLeast("checks.mean-min-trials", 2);
        int partitions = r.intOrAuto("partitions", 1);
        List<Cell> cells = GridKeys.cells(r);
        return new RunConfig(runId, output, seed, trials, cells, trajectoryPoints, deltas, confidence, cKind, tolerance,
                meanMinTrials, bins,
                partitions, r.bool("progress"), r.bool("backward"), r.rendered(runId), auto, trialsMin, trialsMax, table,
                sample);
    }
}
