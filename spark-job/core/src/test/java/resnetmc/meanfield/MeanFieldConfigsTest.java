package resnetmc.meanfield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import resnetmc.config.BadInputException;
import resnetmc.config.ConfigLoader;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;

class MeanFieldConfigsTest {

    private static MeanFieldConfig parse(String hocon) {
        return MeanFieldConfigs.from(ConfigFactory.parseString("mode = meanfield\n" + hocon), "mf");
    }

    /**
     * frn x {tanh, alpha-relu 0.6, alpha-relu 0.8} x {explicit with 2 sigma-w, he-normal, xavier-uniform}
     * = 3 x (2 + 1 + 1) = 12 cells; presets fix sigma^2 (He 2, Xavier 1/2), zero biases and the law, and
     * pick the sampler (Gaussian: conditional; uniform: dense). The branch factor is 1 by default.
     */
    @Test
    void gridWithPresets() {
        MeanFieldConfig c = parse("grid { arch = frn, activation = [tanh, alpha-relu], alpha-relu-exponent = [0.6, 0.8], "
                + "init = [explicit, he-normal, xavier-uniform], sigma-w = [1, 2], sigma-b = 0.1 }");
        assertEquals(12, c.cells().size());
        for (MeanFieldCell cell : c.cells()) {
            assertEquals(1.0, cell.branch());
            assertEquals(new Scaling.Explicit(1.0), cell.scaling());
            switch (cell.init()) {
                case HE_NORMAL -> {
                    assertEquals(2.0, cell.sigmaW() * cell.sigmaW(), 1e-12);
                    assertEquals(2.0, cell.sigmaV() * cell.sigmaV(), 1e-12);
                    assertEquals(0.0, cell.sigmaB());
                    assertEquals(Sampler.CONDITIONAL, cell.sampler());
                }
                case XAVIER_UNIFORM -> {
                    assertEquals(0.5, cell.sigmaW() * cell.sigmaW(), 1e-12);
                    assertEquals(WeightDistribution.UNIFORM, cell.distribution());
                    assertEquals(Sampler.DENSE, cell.sampler());
                }
                case EXPLICIT -> assertEquals(0.1, cell.sigmaB());
                default -> throw new AssertionError(cell.init());
            }
        }
        assertEquals(c.cells().size(), c.cells().stream().map(MeanFieldCell::id).distinct().count());
    }

    /** grid.beta gives alpha_L = L^-beta per depth; RRN cells ignore sigma-v/sigma-a (no duplicates). */
    @Test
    void branchFactorAndRrn() {
        MeanFieldConfig c = parse("grid { arch = rrn, activation = relu, depth = [16, 64], beta = 0.5, sigma-v = [1, 2] }");
        assertEquals(2, c.cells().size());
        assertEquals(0.25, c.cells().get(0).branch(), 1e-15);
        assertEquals(0.125, c.cells().get(1).branch(), 1e-15);
        assertEquals(MeanFieldArchitecture.RRN, c.cells().get(0).arch());
        assertEquals(Initialisation.EXPLICIT, c.cells().get(0).init());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "grid.arch = res-2|grid.arch|frn, rrn",
        "grid.activation = leaky-relu|grid.activation|tanh, relu, alpha-relu",
        "grid { activation = alpha-relu, alpha-relu-exponent = 1.0 }|grid.alpha-relu-exponent|(0, 1)",
        "grid.init = glorot|grid.init|he-normal",
        "grid.sigma-w = -1|grid.sigma-w|>= 0",
        "grid.sigma-b = []|grid.sigma-b|at least one",
        "grid { beta = 0.5, alpha = 0.2 }|grid.alpha|not both",
        "meanfield.input-cosine = 1.5|meanfield.input-cosine|[-1, 1]",
        "meanfield.input-length = 0|meanfield.input-length|> 0",
        "meanfield.layer-points = 1|meanfield.layer-points|>= 2",
        "grid.init = he-uniform, sampler = conditional|sampler|Gaussian weights only",
        "loss = quadratic|loss|mode = meanfield",
        "weights.regularity = fbm|weights.regularity|mode = meanfield",
        "meanfield.bogus = 1|meanfield.bogus|unknown key",
    })
    void badInputNamesTheKey(String hocon, String key, String allowed) {
        BadInputException e = assertThrows(BadInputException.class, () -> parse(hocon));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(allowed), e.getMessage());
    }

    /** The mean-field keys and architectures are refused in the Monte Carlo mode, with the fix named. */
    @Test
    void meanFieldKeysRefusedInMonteCarloMode() {
        BadInputException a = assertThrows(BadInputException.class,
                () -> ConfigLoader.fromConfig(ConfigFactory.parseString("grid.arch = frn"), "x"));
        assertTrue(a.getMessage().contains("mode = meanfield"), a.getMessage());
        BadInputException b = assertThrows(BadInputException.class,
                () -> ConfigLoader.fromConfig(ConfigFactory.parseString("grid.sigma-w = 2"), "x"));
        assertEquals("grid.sigma-w", b.key());
        BadInputException c = assertThrows(BadInputException.class,
                () -> ConfigLoader.fromConfig(ConfigFactory.parseString("meanfield.input-cosine = 0.2"), "x"));
        assertEquals("meanfield.input-cosine", c.key());
    }
}
