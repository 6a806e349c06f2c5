package resnetmc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetmc.meanfield.MeanFieldConfigs;
import resnetmc.model.Architecture;
import resnetmc.model.Sampler;
import resnetmc.model.WeightDistribution;
import resnetmc.training.TrainingConfig;

/** The typed accessors of {@link ConfigReader}, and the integer keys of every mode's builder. */
class ConfigReaderTest {

    private static ConfigReader reader(String... overrides) {
        return ConfigReader.of(ConfigReader.parseOverrides(List.of(overrides)), "exp");
    }

    private static BadInputException bad(String key, Function<ConfigReader, ?> read, String... overrides) {
        BadInputException e = assertThrows(BadInputException.class, () -> read.apply(reader(overrides)));
        assertEquals(key, e.key(), e.getMessage());
        return e;
    }

    /** Typesafe Config's getInt would truncate these to 1, 0 and a wrapped long; the reader refuses them. */
    @Test
    void integersAreNeverTruncated() {
        assertTrue(bad("trials", r -> r.intAtLeast("trials", 1), "trials=1.5").getMessage()
                .contains("1.5 is not allowed; must be an integer >= 1"));
        assertTrue(bad("trials", r -> r.intAtLeast("trials", 1), "trials=1e-3").getMessage()
                .contains("is not allowed; must be an integer >= 1"));
        bad("seed", r -> r.integer("seed"), "seed=1.5");
        bad("seed", r -> r.integer("seed"), "seed=1e30");
        bad("trials", r -> r.intAtLeast("trials", 1), "trials=3000000000");
        assertTrue(bad("seed", r -> r.integer("seed"), "seed=abc").getMessage().contains("NUMBER"));
        // An integral value written as a double or a string is the integer.
        assertEquals(1000, reader("trials=1e3").intAtLeast("trials", 1));
        assertEquals(-7L, reader("seed=\"-7\"").integer("seed"));
        assertEquals(Long.MAX_VALUE, reader("seed=9223372036854775807").integer("seed"));
        assertEquals(Long.MIN_VALUE, reader("seed=\"-9223372036854775808\"").integer("seed"));
    }

    @Test
    void integerListsAndAuto() {
        assertEquals(List.of(16, 64), reader("grid.width=[16, 64]").intList("grid.width", 1));
        assertEquals(List.of(8), reader("grid.width=8").intList("grid.width", 1));
        assertTrue(bad("grid.width", r -> r.intList("grid.width", 1), "grid.width=[32.5]").getMessage()
                .contains("32.5 is not allowed"));
        assertTrue(bad("grid.width", r -> r.intList("grid.width", 1), "grid.width=[]").getMessage()
                .contains("at least one"));
        assertEquals(0, reader().intOrAuto("partitions", 1));
        assertEquals(7, reader("partitions=7").intOrAuto("partitions", 1));
        assertTrue(bad("partitions", r -> r.intOrAuto("partitions", 1), "partitions=2.5").getMessage()
                .contains("auto or a positive integer"));
        bad("checkpoint-groups", r -> r.intOrAuto("checkpoint-groups", 1), "checkpoint-groups=0");
    }

    @Test
    void numbersHaveRanges() {
        assertEquals(0.5, reader("checks.confidence=0.5").number("checks.confidence", Range.OPEN_UNIT));
        assertTrue(bad("checks.confidence", r -> r.number("checks.confidence", Range.OPEN_UNIT),
                "checks.confidence=1").getMessage().contains("must be in (0, 1)"));
        assertTrue(bad("grid.beta", r -> r.numberList("grid.beta", Range.POSITIVE), "grid.beta=[0.5, 0]")
                .getMessage().contains("must be > 0"));
        assertTrue(bad("grid.beta", r -> r.numberList("grid.beta", Range.POSITIVE), "grid.beta=[Infinity]")
                .getMessage().contains("> 0"));
        assertTrue(bad("meanfield.input-length", r -> r.number("meanfield.input-length", Range.POSITIVE),
                "meanfield.input-length=abc").getMessage().contains("NUMBER"));
        assertEquals("in [-1, 1]", Range.closed(-1, 1).describe());
        assertEquals(">= 0", Range.NON_NEGATIVE.describe());
        assertEquals("in [0, 1)", Range.UNIT_CLOSED_OPEN.describe());
    }

    @Test
    void booleansAndDurations() {
        assertTrue(reader("resume=true").bool("resume"));
        assertTrue(bad("resume", r -> r.bool("resume"), "resume=maybe").getMessage().contains("true or false"));
        assertEquals(Duration.ofMinutes(5), reader("lock-timeout=5m").duration("lock-timeout", Duration.ofSeconds(1)));
        assertTrue(bad("lock-timeout", r -> r.duration("lock-timeout", Duration.ofSeconds(1)), "lock-timeout=30")
                .getMessage().contains("with a unit"));
        assertTrue(bad("lock-timeout", r -> r.duration("lock-timeout", Duration.ofSeconds(1)), "lock-timeout=0s")
                .getMessage().contains(">= 1s"));
    }

    /** One message for a label that is not allowed: "KEY: 'X' is not allowed; allowed: a, b, c". */
    @Test
    void enumsNameTheKeyAndTheAllowedLabels() {
        assertEquals(List.of(Architecture.RES_1, Architecture.RES_3),
                reader("grid.arch=[res-1, res-3]").enumList("grid.arch", Architecture.class));
        assertEquals("grid.distribution: 'cauchy' is not allowed; allowed: gaussian, uniform, rademacher",
                bad("grid.distribution", r -> r.enumList("grid.distribution", WeightDistribution.class),
                        "grid.distribution=[gaussian, cauchy]").getMessage());
        assertEquals(Optional.empty(), reader().enumOrAuto("sampler", Sampler.class));
        assertEquals(Optional.of(Sampler.DENSE), reader("sampler=dense").enumOrAuto("sampler", Sampler.class));
        assertTrue(bad("sampler", r -> r.enumOrAuto("sampler", Sampler.class), "sampler=gibbs").getMessage()
                .contains("allowed: auto, dense, conditional"));
    }

    /** A number where a string is expected is its text, as Typesafe Config's getString gives it. */
    @Test
    void stringsAcceptNumbers() {
        assertEquals("2024", reader("run-id=2024").runId());
        assertEquals("exp", reader().runId());
        assertTrue(bad("run-id", ConfigReader::runId, "run-id=a/b").getMessage().contains("letters, digits"));
    }

    /**
     * extra-grids adds the cells of grids that override some of grid's keys: here beta 0.5 one decade
     * deeper. grid: res-3 x {10, 100} x {0.25, 0.5} = 4 cells; the extra grid: res-3 x {100, 1000} x {0.5}
     * adds (1000, 0.5) only, (100, 0.5) being already there. Errors name the extra grid.
     */
    @Test
    void extraGridsAddTheirCells() {
        List<resnetmc.model.Cell> cells = GridKeys.cells(reader("grid.depth=[10, 100]", "grid.beta=[0.25, 0.5]",
                "extra-grids=[{beta = [0.5], depth = [100, 1000]}]"));
        assertEquals(5, cells.size());
        assertEquals(1000, cells.get(4).depth());
        assertEquals(new resnetmc.model.Scaling.Beta(0.5), cells.get(4).scaling());
        assertEquals(4, GridKeys.cells(reader("grid.depth=[10, 100]", "grid.beta=[0.25, 0.5]")).size());
        BadInputException e = bad("extra-grids[1]", GridKeys::cells,
                "extra-grids=[{beta = [0.5]}, {width = [0]}]");
        assertTrue(e.getMessage().contains("grid.width"), e.getMessage());
        bad("extra-grids", GridKeys::cells, "extra-grids=[3]");
        assertTrue(bad("extra-grids[0]", GridKeys::cells, "extra-grids=[{depht = [5]}]").getMessage()
                .contains("grid.depht: unknown key"));
    }

    @Test
    void unknownKeysAndModes() {
        BadInputException e = assertThrows(BadInputException.class, () -> reader("grid.widht=[8]"));
        assertEquals("grid.widht", e.key());
        assertTrue(e.getMessage().contains("known keys under grid"), e.getMessage());
        assertEquals("meanfield", ConfigReader.mode(ConfigFactory.parseString("mode = meanfield")));
        assertThrows(BadInputException.class, () -> ConfigReader.mode(ConfigFactory.parseString("mode = quantum")));
    }

    private static void build(String mode, String override) {
        Config user = ConfigReader.parseOverrides(List.of("mode=" + mode, override));
        switch (mode) {
            case "montecarlo" -> ConfigLoader.fromConfig(user, "exp");
            case "meanfield" -> MeanFieldConfigs.from(user, "exp");
            default -> TrainingConfig.fromConfig(user, "exp");
        }
    }

    /** Every integer key of every mode refuses a non-integer, naming the key (exit code 2 in the job). */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "montecarlo, trials=1.5, trials",
        "montecarlo, seed=1.5, seed",
        "montecarlo, grid.width=[32.5], grid.width",
        "montecarlo, 'grid.depth=[16, 1e-3]', grid.depth",
        "montecarlo, trajectory-points=2.5, trajectory-points",
        "montecarlo, histogram-bins=40.5, histogram-bins",
        "montecarlo, partitions=2.5, partitions",
        "meanfield, trials=1.5, trials",
        "meanfield, seed=1.5, seed",
        "meanfield, meanfield.layer-points=2.5, meanfield.layer-points",
        "meanfield, grid.width=[32.5], grid.width",
        "training, training.steps=10.5, training.steps",
        "training, training.batch-size=1.5, training.batch-size",
        "training, training.eval-points=2.5, training.eval-points",
        "training, training.probe-size=1.5, training.probe-size",
        "training, training.replicates=1.5, training.replicates",
        "training, training.warmup-steps=0.5, training.warmup-steps",
        "training, training.step-every=1.5, training.step-every",
        "training, training.sgdr-period=1.5, training.sgdr-period",
        "training, training.half-cycle=1.5, training.half-cycle",
        "training, training.train-size=1.5, training.train-size",
        "training, training.teacher.inputs=1.5, training.teacher.inputs",
        "training, seed=1.5, seed",
        "training, grid.depth=[2.5], grid.depth",
    })
    void everyIntegerKeyRejectsNonIntegers(String mode, String override, String key) {
        BadInputException e = assertThrows(BadInputException.class, () -> build(mode, override));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains("integer"), e.getMessage());
    }
}
