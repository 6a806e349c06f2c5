package resnetmc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import resnetmc.meanfield.Initialisation;
import resnetmc.meanfield.MeanFieldArchitecture;
import resnetmc.meanfield.MeanFieldCell;
import resnetmc.theory.meanfield.Phi;
import resnetmc.training.NetworkRun;
import resnetmc.training.optim.OptimizerSpec;
import resnetmc.training.optim.ScheduleSpec;

/**
 * Pins {@link Cell#key()} and {@link Cell#id()} of diverse cells (and the keys of a mean-field cell and a
 * training network): the id seeds every random stream of the cell, so a changed byte would change every
 * number of every run. The expected strings, ids and alpha bits were printed by the code as it stood
 * before the model was retyped (sealed weight process, scaling type) and hard-coded here.
 */
class CellKeyTest {
    private static Cell cell(Architecture arch, Activation act, WeightDistribution law, int width, int depth,
                             Scaling scaling, InputKind input, LossKind loss, Sampler sampler, WeightProcess weights) {
        return new Cell(arch, act, law, width, depth, scaling, input, loss, sampler, weights);
    }

    static List<Cell> cells() {
        WeightDistribution gaussian = WeightDistribution.GAUSSIAN;
        return List.of(
                cell(Architecture.RES_1, Activation.IDENTITY, gaussian, 16, 64, new Scaling.Beta(0.5),
                        InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.CONDITIONAL, WeightProcess.IID),
                cell(Architecture.RES_2, Activation.leakyRelu(0.8), WeightDistribution.UNIFORM, 40, 100,
                        new Scaling.Beta(1.0), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE, WeightProcess.IID),
                cell(Architecture.RES_3, Activation.RELU, WeightDistribution.RADEMACHER, 32, 1000, new Scaling.Beta(0.25),
                        InputKind.UNIT, LossKind.QUADRATIC, Sampler.DENSE, WeightProcess.IID),
                cell(Architecture.RES_2, Activation.TANH, gaussian, 8, 50, new Scaling.Explicit(0.1),
                        InputKind.DATA, LossKind.QUADRATIC, Sampler.DENSE, WeightProcess.IID),
                cell(Architecture.RES_3, Activation.RELU, gaussian, 8, 128, new Scaling.Beta(0.5),
                        InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE, new WeightProcess.Rbf(0.1)),
                cell(Architecture.RES_2, Activation.RELU, gaussian, 12, 256, new Scaling.Beta(0.75),
                        InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE, new WeightProcess.Fbm(0.35)),
                cell(Architecture.RES_1, Activation.leakyRelu(0.8), gaussian, 64, 10, new Scaling.Beta(0.5),
                        InputKind.DATA, LossKind.RANDOM_DIRECTION, Sampler.CONDITIONAL, WeightProcess.IID),
                cell(Architecture.RES_3, Activation.RELU, gaussian, 1000, 10000, new Scaling.Beta(1.0),
                        InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, Sampler.CONDITIONAL, WeightProcess.IID));
    }

    static MeanFieldCell meanField() {
        return new MeanFieldCell(MeanFieldArchitecture.FRN, Phi.alphaRelu(0.7),
                Initialisation.HE_NORMAL, Initialisation.HE_NORMAL.sigma(), Initialisation.HE_NORMAL.sigma(), 0.0, 0.0,
                WeightDistribution.GAUSSIAN, 100, 50, new Scaling.Explicit(1.0), 0.5, 1.0, Sampler.CONDITIONAL);
    }

    static NetworkRun network() {
        var o = new OptimizerSpec("adam", 0.9, 0.9, 0.999, 1e-8, 0.9, 0, "l2");
        var s = new ScheduleSpec("constant", 1e-3, 0, 1000, 0.1, 200, 2, 0.01, 200);
        Cell cell = NetworkRun.cellOf(Architecture.RES_2, Activation.leakyRelu(0.8), 16, 32, new Scaling.Beta(0.5),
                new WeightProcess.Fbm(0.3));
        return new NetworkRun(3, cell, o, s, 1, 0.1, true, 0, 32, 100, 8, 64, 1e3);
    }

    /** key, id, and the bits of alpha. */
    private static final Object[][] EXPECTED = {
        {"arch=res-1;activation=identity;distribution=gaussian;width=16;depth=64;beta=0.5;input=gaussian;loss=quadratic;sampler=conditional", 8784848263528213907L, 4593671619917905920L},
        {"arch=res-2;activation=leaky-relu;slope=0.8;distribution=uniform;width=40;depth=100;beta=1.0;input=gaussian;loss=quadratic;sampler=dense", -2054552578452966650L, 4576918229304087675L},
        {"arch=res-3;activation=relu;distribution=rademacher;width=32;depth=1000;beta=0.25;input=unit;loss=quadratic;sampler=dense", 4394487587620108968L, 4595574947081264958L},
        {"arch=res-2;activation=tanh;distribution=gaussian;width=8;depth=50;alpha=0.1;input=data;loss=quadratic;sampler=dense", -111989737355808031L, 4591870180066957722L},
        {"arch=res-3;activation=relu;distribution=gaussian;width=8;depth=128;beta=0.5;input=gaussian;loss=quadratic;sampler=dense;regularity=rbf;length-scale=0.1", -3958882608998112215L, 4591033472335690700L},
        {"arch=res-2;activation=relu;distribution=gaussian;width=12;depth=256;beta=0.75;input=gaussian;loss=quadratic;sampler=dense;regularity=fbm;hurst=0.35", -5752868229837647702L, 4580160821035794432L},
        {"arch=res-1;activation=leaky-relu;slope=0.8;distribution=gaussian;width=64;depth=10;beta=0.5;input=data;loss=random-direction;sampler=conditional", 6518632523355062187L, 4599368272914696463L},
        {"arch=res-3;activation=relu;distribution=gaussian;width=1000;depth=10000;beta=1.0;input=gaussian;loss=random-direction;sampler=conditional", -5556426493633821952L, 4547007122018943789L},
    };

    @Test
    void cellKeysIdsAndAlphasAreUnchanged() {
        List<Cell> cells = cells();
        assertEquals(EXPECTED.length, cells.size());
        for (int i = 0; i < EXPECTED.length; i++) {
            Cell c = cells.get(i);
            assertEquals(EXPECTED[i][0], c.key(), "key of cell " + i);
            assertEquals(EXPECTED[i][1], c.id(), "id of cell " + i);
            assertEquals(EXPECTED[i][2], Double.doubleToLongBits(c.alpha()), "alpha bits of cell " + i);
        }
    }

    @Test
    void meanFieldCellKeyAndIdAreUnchanged() {
        MeanFieldCell c = meanField();
        assertEquals("meanfield;arch=frn;phi=alpha-relu;exponent=0.7;init=he-normal;sigma-w=1.4142135623730951;"
                + "sigma-v=1.4142135623730951;sigma-a=0.0;sigma-b=0.0;distribution=gaussian;width=100;depth=50;"
                + "alpha=1.0;cosine=0.5;length=1.0;sampler=conditional", c.key());
        assertEquals(3850274450237616002L, c.id());
    }

    @Test
    void networkKeyAndIdsAreUnchanged() {
        var n = network();
        assertEquals("arch=res-2;activation=leaky-relu;slope=0.8;distribution=gaussian;width=16;depth=32;beta=0.5;"
                + "input=data;loss=quadratic;sampler=dense;regularity=fbm;hurst=0.3;optimizer=OptimizerSpec[name=adam, "
                + "momentum=0.9, beta1=0.9, beta2=0.999, epsilon=1.0E-8, rho=0.9, weightDecay=0.0, decay=l2];"
                + "schedule=ScheduleSpec[name=constant, baseLr=0.001, warmupSteps=0, stepEvery=1000, stepGamma=0.1, "
                + "sgdrPeriod=200, sgdrMult=2.0, minLrRatio=0.01, halfCycle=200];replicate=1;dropout=0.1;"
                + "batch-norm=true;clip-norm=0.0;batch-size=32;steps=100;eval-points=8;probe-size=64;"
                + "divergence-bound=1000.0", n.key());
        assertEquals(-5920163383122727646L, n.id());
        assertEquals(5686897868710396546L, n.initId());
    }
}
