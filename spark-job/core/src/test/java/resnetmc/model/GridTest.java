package resnetmc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cartesian product of {@link Grid}, its exceptions, and the domain rules of the model records. */
class GridTest {

    private static Grid grid(List<Architecture> archs, List<Activation> acts, List<WeightDistribution> laws,
                             List<WeightProcess> weights, Optional<Sampler> sampler) {
        return new Grid(archs, acts, laws, List.of(8), List.of(4, 16), List.of(new Scaling.Beta(0.5),
                new Scaling.Beta(1.0)), weights, InputKind.GAUSSIAN, LossKind.QUADRATIC, sampler);
    }

    /**
     * res-2 x {identity, tanh} x {gaussian, uniform} + res-3 x {relu} x {gaussian, uniform}, times 2 depths
     * and 2 betas: (4 + 2) x 4 = 24 cells, the last list (scaling) varying fastest; auto picks the
     * chain where it is exact (Gaussian res-2 identity and res-3 at d = 8: THEORY.md section 6), the
     * conditional sampler for the other Gaussian cells (res-2 tanh) and the dense one for the others.
     */
    @Test
    void productOrderAndAutoSampler() {
        List<Cell> cells = grid(List.of(Architecture.RES_2, Architecture.RES_3),
                List.of(Activation.IDENTITY, Activation.TANH),
                List.of(WeightDistribution.GAUSSIAN, WeightDistribution.UNIFORM),
                List.of(WeightProcess.IID), Optional.empty()).cells();
        assertEquals(24, cells.size());
        assertEquals(new Scaling.Beta(0.5), cells.get(0).scaling());
        assertEquals(new Scaling.Beta(1.0), cells.get(1).scaling());
        assertEquals(16, cells.get(2).depth());
        assertEquals(WeightDistribution.UNIFORM, cells.get(4).distribution());
        assertEquals(Activation.TANH, cells.get(8).activation());
        assertTrue(cells.subList(16, 24).stream().allMatch(c -> c.arch() == Architecture.RES_3
                && c.activation().equals(Activation.RELU)));
        for (Cell c : cells) {
            Sampler expected = c.distribution() != WeightDistribution.GAUSSIAN ? Sampler.DENSE
                    : c.activation().equals(Activation.TANH) ? Sampler.CONDITIONAL : Sampler.CHAIN;
            assertEquals(expected, c.sampler(), c.key());
        }
        assertEquals(Math.pow(16, -1.0), cells.get(3).alpha(), 0.0);
    }

    /** Correlated weights are drawn by the dense sampler, even under auto; duplicates are dropped. */
    @Test
    void correlatedCellsAreDenseAndDuplicatesDropped() {
        List<Cell> cells = grid(List.of(Architecture.RES_3), List.of(Activation.IDENTITY, Activation.TANH),
                List.of(WeightDistribution.GAUSSIAN), List.of(WeightProcess.IID, new WeightProcess.Fbm(0.3),
                        new WeightProcess.Rbf(0.1)), Optional.empty()).cells();
        // res-3 ignores the two activations: 2 depths x 3 processes x 2 betas.
        assertEquals(12, cells.size());
        for (Cell c : cells) {
            assertEquals(c.weights() == WeightProcess.IID ? Sampler.CHAIN : Sampler.DENSE, c.sampler());
        }
    }

    @Test
    void invalidCombinationsNameTheirAxis() {
        Grid.Invalid conditional = assertThrows(Grid.Invalid.class, () -> grid(List.of(Architecture.RES_2),
                List.of(Activation.RELU), List.of(WeightDistribution.UNIFORM), List.of(WeightProcess.IID),
                Optional.of(Sampler.CONDITIONAL)));
        assertEquals(Grid.Axis.SAMPLER, conditional.axis());
        assertEquals(Grid.Axis.WEIGHTS, assertThrows(Grid.Invalid.class, () -> grid(List.of(Architecture.RES_2),
                List.of(Activation.RELU), List.of(WeightDistribution.RADEMACHER), List.of(new WeightProcess.Fbm(0.3)),
                Optional.empty())).axis());
        assertEquals(Grid.Axis.WEIGHTS, assertThrows(Grid.Invalid.class, () -> grid(List.of(Architecture.RES_2),
                List.of(Activation.RELU), List.of(WeightDistribution.GAUSSIAN), List.of(new WeightProcess.Rbf(0.1)),
                Optional.of(Sampler.CONDITIONAL))).axis());
        assertEquals(Grid.Axis.ALL, assertThrows(Grid.Invalid.class, () -> grid(List.of(), List.of(Activation.RELU),
                List.of(WeightDistribution.GAUSSIAN), List.of(WeightProcess.IID), Optional.empty())).axis());
    }

    /**
     * sampler = chain on a grid with a cell the chain cannot sample exactly is refused, the cell and the
     * reason named; auto falls back to the conditional sampler for it, and for the chain's smallest widths.
     */
    @Test
    void chainIsRefusedWhereItIsNotExact() {
        for (Activation act : List.of(Activation.TANH, Activation.RELU)) {
            Grid.Invalid e = assertThrows(Grid.Invalid.class, () -> grid(List.of(Architecture.RES_1),
                    List.of(act), List.of(WeightDistribution.GAUSSIAN), List.of(WeightProcess.IID),
                    Optional.of(Sampler.CHAIN)));
            assertEquals(Grid.Axis.SAMPLER, e.axis());
            assertTrue(e.getMessage().contains("arch=res-1, activation=" + act.label()), e.getMessage());
        }
        Grid.Invalid uniform = assertThrows(Grid.Invalid.class, () -> grid(List.of(Architecture.RES_3),
                List.of(Activation.RELU), List.of(WeightDistribution.UNIFORM), List.of(WeightProcess.IID),
                Optional.of(Sampler.CHAIN)));
        assertTrue(uniform.getMessage().contains("Gaussian weights only"), uniform.getMessage());
        Grid.Invalid fbm = assertThrows(Grid.Invalid.class, () -> grid(List.of(Architecture.RES_3),
                List.of(Activation.RELU), List.of(WeightDistribution.GAUSSIAN), List.of(new WeightProcess.Fbm(0.3)),
                Optional.of(Sampler.CHAIN)));
        assertTrue(fbm.getMessage().contains("correlated across layers"), fbm.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Cell(Architecture.RES_2, Activation.TANH,
                WeightDistribution.GAUSSIAN, 16, 4, new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC,
                Sampler.CHAIN));
        for (Cell c : grid(List.of(Architecture.RES_1, Architecture.RES_3), List.of(Activation.IDENTITY,
                Activation.leakyRelu(0.8)), List.of(WeightDistribution.GAUSSIAN), List.of(WeightProcess.IID),
                Optional.empty()).cells()) {
            boolean exact = c.arch() == Architecture.RES_3 || c.activation().equals(Activation.IDENTITY);
            assertEquals(exact ? Sampler.CHAIN : Sampler.CONDITIONAL, c.sampler(), c.key());
        }
        // d = 3 leaves the chain's backward frame no room: auto takes the conditional sampler.
        Grid narrow = new Grid(List.of(Architecture.RES_3), List.of(Activation.RELU),
                List.of(WeightDistribution.GAUSSIAN), List.of(3, 4), List.of(10), List.of(new Scaling.Beta(0.5)),
                List.of(WeightProcess.IID), InputKind.GAUSSIAN, LossKind.QUADRATIC, Optional.empty());
        assertEquals(List.of(Sampler.CONDITIONAL, Sampler.CHAIN), narrow.cells().stream().map(Cell::sampler).toList());
    }

    @Test
    void recordsHoldTheDomainRules() {
        assertThrows(IllegalArgumentException.class, () -> new Scaling.Beta(0));
        assertThrows(IllegalArgumentException.class, () -> new Scaling.Explicit(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new WeightProcess.Fbm(1.0));
        assertThrows(IllegalArgumentException.class, () -> new WeightProcess.Rbf(Double.NaN));
        // res-3's branch is ReLU; correlated weights need Gaussian entries and the dense sampler.
        assertThrows(IllegalArgumentException.class, () -> new Cell(Architecture.RES_3, Activation.TANH,
                WeightDistribution.GAUSSIAN, 4, 4, new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC,
                Sampler.DENSE));
        assertThrows(IllegalArgumentException.class, () -> new Cell(Architecture.RES_2, Activation.RELU,
                WeightDistribution.GAUSSIAN, 4, 4, new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC,
                Sampler.CONDITIONAL, new WeightProcess.Fbm(0.3)));
        assertTrue(new WeightProcess.Fbm(0.5).independentLayers());
        assertTrue(WeightProcess.IID.independentLayers());
        assertEquals(false, new WeightProcess.Rbf(0.1).independentLayers());
    }
}
