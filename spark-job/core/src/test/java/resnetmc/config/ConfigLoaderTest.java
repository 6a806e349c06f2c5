package resnetmc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.Scaling;

class ConfigLoaderTest {

    private static RunConfig parse(String hocon, String... overrides) {
        Config user = ConfigReader.parseOverrides(List.of(overrides)).withFallback(ConfigFactory.parseString(hocon));
        return ConfigLoader.fromConfig(user, "exp");
    }

    /**
     * The grid is the cartesian product, except that res-3 is not multiplied by grid.activation and
     * leaky-slope multiplies only leaky-relu cells: res-1 x {identity, tanh, leaky 0.75, leaky 0.9} +
     * res-3 x {relu}, times 2 depths = 10 cells.
     */
    @Test
    void gridExpansion() {
        RunConfig c = parse("grid { arch = [res-1, res-3], activation = [identity, tanh, leaky-relu], "
                + "leaky-slope = [0.75, 0.9], depth = [8, 16], beta = 0.5 }");
        assertEquals(10, c.cells().size());
        Set<String> res3 = c.cells().stream().filter(x -> x.arch() == Architecture.RES_3)
                .map(x -> x.activation().label()).collect(Collectors.toSet());
        assertEquals(Set.of("relu"), res3);
        assertEquals(2, c.cells().stream().filter(x -> x.activation().kind() == Activation.Kind.LEAKY_RELU
                && x.activation().slope() == 0.9).count());
        Cell first = c.cells().get(0);
        assertEquals(Math.pow(8, -0.5), first.alpha(), 1e-15);
        assertEquals("exp", c.runId()); // default run-id: the config's base name
        assertEquals(10_000, c.totalTrials()); // 1000 trials per cell, the reference default
    }

    @Test
    void overridesAreHoconPathsAndPlainStrings() {
        RunConfig c = parse("trials = 3", "trials=200", "grid.depth=[16,64]", "output=hdfs://nn:8020/runs//x",
                "run-id=my-run_1.a");
        assertEquals(200, c.trials());
        assertEquals(List.of(16, 64), c.cells().stream().map(Cell::depth).distinct().toList());
        assertEquals("hdfs://nn:8020/runs//x", c.output());
        assertEquals("my-run_1.a", c.runId());
        assertTrue(c.rendered().contains("\"run-id\":\"my-run_1.a\""), c.rendered());
    }

    @Test
    void trialsAutoTakesTheRoundsFromTrialsMinAndMax() {
        RunConfig fixed = parse("trials = 300");
        assertFalse(fixed.auto());
        assertNull(fixed.rounds());
        assertEquals(300, fixed.trialsMin());
        assertEquals(300, fixed.trialsMax());
        assertEquals(RunConfig.TrialsTable.ALL, fixed.trialsTable()); // the reference default
        RunConfig auto = parse("trials = auto, trials-min = 50, trials-max = 500, trials-table = none");
        assertTrue(auto.auto());
        assertEquals(50, auto.trials()); // the first round
        assertEquals(50, auto.trialsMin());
        assertEquals(500, auto.trialsMax());
        assertEquals(5, auto.rounds().rounds()); // 50, 100, 200, 400, 500
        assertEquals(RunConfig.TrialsTable.NONE, auto.trialsTable());
        BadInputException e = assertThrows(BadInputException.class,
                () -> parse("trials = auto, trials-min = 50, trials-max = 20"));
        assertEquals("trials-max", e.key());
        assertTrue(e.getMessage().contains("trials-min"), e.getMessage());
        assertEquals("trials", assertThrows(BadInputException.class, () -> parse("trials = autox")).key());
    }

    @Test
    void explicitAlpha() {
        RunConfig c = parse("grid { alpha = [0.1, 0.2] }");
        assertEquals(2, c.cells().size());
        assertEquals(new Scaling.Explicit(0.1), c.cells().get(0).scaling());
        assertEquals(0.1, c.cells().get(0).alpha());
    }

    @Test
    void unknownKeyListsKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> parse("grid { depht = [3] }"));
        assertEquals("grid.depht", e.key());
        assertTrue(e.getMessage().contains("grid.depth"), e.getMessage());
    }

    /** Cell ids depend on the cell alone: adding cells to the grid does not change existing ids. */
    @Test
    void cellIdsAreStable() {
        RunConfig small = parse("grid { depth = [8] }");
        RunConfig large = parse("grid { depth = [4, 8, 16], arch = [res-2, res-3] }");
        long id = small.cells().get(0).id();
        assertTrue(large.cells().stream().anyMatch(x -> x.id() == id));
        assertEquals(large.cells().size(), large.cells().stream().map(Cell::id).distinct().count());
    }
}
