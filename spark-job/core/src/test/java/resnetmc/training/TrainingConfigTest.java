package resnetmc.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import resnetmc.config.ConfigReader;
import resnetmc.model.WeightProcess;

/** Parsing of training configs: the shipped experiments and the sweep product. */
class TrainingConfigTest {

    private static TrainingConfig load(String file, String... overrides) {
        // The project root holds conf/; tests run in the module's folder, two levels below it.
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!java.nio.file.Files.isDirectory(root.resolve("conf"))) {
            root = root.getParent();
        }
        ConfigReader.Source src = ConfigReader.source(root.resolve(file).toString(), List.of(overrides));
        assertEquals("training", ConfigReader.mode(src.user()));
        return TrainingConfig.fromConfig(src.user(), src.name());
    }

    @Test
    void shippedExperimentsParse() {
        TrainingConfig betaLr = load("conf/train-beta-lr.conf");
        assertEquals(25, betaLr.networks().size());
        assertEquals("fashion-mnist", betaLr.data().dataset());
        assertTrue(betaLr.networks().stream().allMatch(n -> n.depth() == 100 && n.width() == 30));
        TrainingConfig opt = load("conf/train-optimizers.conf");
        assertEquals(3 * 7 * 4 * 2, opt.networks().size());
        assertEquals(7, opt.networks().stream().map(n -> n.optimizer().name()).distinct().count());
        assertEquals(4, opt.networks().stream().map(n -> n.schedule().name()).distinct().count());
    }

    /**
     * The networks are the product network x optimizer x schedule x lr x replicate, indexed in order,
     * with distinct ids; replicates of one shape share nothing but runs differing only in rate share
     * the initial weights (same init id).
     */
    @Test
    void sweepIsTheProduct() {
        TrainingConfig c = load("conf/train-beta-lr.conf", "grid.beta=[0.5, 1]", "training.lr=[0.01, 0.1, 1]",
                "training.replicates=2", "weights.regularity=[iid, fbm]", "weights.hurst=[0.3, 0.7]");
        List<NetworkRun> nets = c.networks();
        assertEquals(3 * 2 * 3 * 2, nets.size());
        for (int i = 0; i < nets.size(); i++) {
            assertEquals(i, nets.get(i).index());
        }
        assertEquals(nets.size(), nets.stream().map(NetworkRun::id).collect(Collectors.toSet()).size());
        NetworkRun a = nets.get(0);
        NetworkRun b = nets.stream().filter(n -> n.lr() != a.lr() && n.replicate() == a.replicate()
                && n.cell().equals(a.cell())).findFirst().orElseThrow();
        assertEquals(a.initId(), b.initId());
        assertNotEquals(a.id(), b.id());
        assertTrue(nets.stream().anyMatch(n -> n.weights().equals(new WeightProcess.Fbm(0.3))));
    }
}
