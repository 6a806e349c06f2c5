package resnetmc.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sweep of a run: the cells are the cartesian product of the lists, in the order arch, activation,
 * distribution, width, depth, weights, scaling (the last varies fastest), with two exceptions that
 * follow from the model: res-3's branch is ReLU by definition, so {@code activations} does not
 * multiply res-3 (its cells have activation relu), and correlated weights are drawn by the dense
 * sampler. Duplicates are dropped, first occurrence kept.
 *
 * <p>The combination rules of the lists are checked here, once, before any cell is built, and reported
 * with the {@link Axis} at fault so that the config reader can name its key.
 *
 * @param sampler the sampler of every i.i.d. cell, or empty for automatic: the chain where it applies
 *                (exact in law, O(1) per layer), conditional for the other Gaussian cells (exact in law,
 *                O(L d)), dense for the other laws
 */
public record Grid(List<Architecture> archs, List<Activation> activations, List<WeightDistribution> distributions,
                   List<Integer> widths, List<Integer> depths, List<Scaling> scalings, List<WeightProcess> weights,
                   InputKind input, LossKind loss, Optional<Sampler> sampler) {

    /** The list (or setting) of the grid a problem is about. */
    public enum Axis { ARCH, ACTIVATION, DISTRIBUTION, WIDTH, DEPTH, SCALING, WEIGHTS, SAMPLER, ALL }

    /** A grid whose lists cannot be combined; {@link #axis()} says which list to change. */
    public static final class Invalid extends IllegalArgumentException {
        private final Axis axis;

        public Invalid(Axis axis, String message) {
            super(message);
            this.axis = axis;
        }

        public Axis axis() {
            return axis;
        }
    }

    public Grid {
        archs = List.copyOf(archs);
        activations = List.copyOf(activations);
        distributions = List.copyOf(distributions);
        widths = List.copyOf(widths);
        depths = List.copyOf(depths);
        scalings = List.copyOf(scalings);
        weights = List.copyOf(weights);
        if (sampler.orElse(null) == Sampler.CONDITIONAL
                && distributions.stream().anyMatch(w -> w != WeightDistribution.GAUSSIAN)) {
            throw new Invalid(Axis.SAMPLER, "conditional is exact for Gaussian weights only, but the grid's "
                    + "distributions include " + distributions.stream().filter(w -> w != WeightDistribution.GAUSSIAN)
                    .map(WeightDistribution::label).collect(Collectors.joining(", "))
                    + "; use auto (conditional where Gaussian, dense elsewhere) or dense");
        }
        if (sampler.orElse(null) == Sampler.CHAIN) {
            requireChain(archs, activations, distributions, widths, weights);
        }
        for (WeightProcess w : weights) {
            for (WeightDistribution law : distributions) {
                String conflict = w.conflict(law, sampler.orElse(Sampler.DENSE));
                if (conflict != null) {
                    throw new Invalid(Axis.WEIGHTS,
                            conflict + " (use only gaussian distributions and sampler = auto or dense)");
                }
            }
        }
        for (int x : widths) {
            requirePositive(Axis.WIDTH, x);
        }
        for (int x : depths) {
            requirePositive(Axis.DEPTH, x);
        }
        if (archs.isEmpty() || activations.isEmpty() || distributions.isEmpty() || widths.isEmpty()
                || depths.isEmpty() || scalings.isEmpty() || weights.isEmpty()) {
            throw new Invalid(Axis.ALL, "the grid has no cell: every list must have at least one value");
        }
    }

    /** With {@code sampler = chain}, every cell must be one the chain samples exactly: the first that is not is named. */
    private static void requireChain(List<Architecture> archs, List<Activation> activations,
                                     List<WeightDistribution> distributions, List<Integer> widths,
                                     List<WeightProcess> weights) {
        for (Architecture arch : archs) {
            for (Activation act : arch == Architecture.RES_3 ? List.of(Activation.RELU) : activations) {
                for (WeightDistribution law : distributions) {
                    for (int width : widths) {
                        for (WeightProcess w : weights) {
                            String why = Sampler.chainConflict(arch, act, law, w, width);
                            if (why != null) {
                                throw new Invalid(Axis.SAMPLER, "chain cannot sample the cell arch=" + arch.label()
                                        + ", activation=" + act.label() + ", distribution=" + law.label() + ", width="
                                        + width + ", weights=" + w.label() + ": " + why + "; use sampler = auto (the "
                                        + "chain where it applies, conditional or dense elsewhere)");
                            }
                        }
                    }
                }
            }
        }
    }

    private static void requirePositive(Axis axis, int x) {
        if (x < 1) {
            throw new Invalid(axis, x + " is not allowed; must be an integer >= 1");
        }
    }

    /**
     * The sampler of a cell: the configured one, or for {@code auto} the cheapest that is exact: the chain
     * where it applies ({@link Sampler#chainConflict}), else conditional for Gaussian weights, else dense;
     * correlated weights always dense.
     */
    private Sampler samplerOf(Architecture arch, Activation act, WeightDistribution law, int width, WeightProcess w) {
        if (w.kind() != WeightProcess.Kind.IID) {
            return Sampler.DENSE;
        }
        if (sampler.isPresent()) {
            return sampler.get();
        }
        if (Sampler.chainConflict(arch, act, law, w, width) == null) {
            return Sampler.CHAIN;
        }
        return law == WeightDistribution.GAUSSIAN ? Sampler.CONDITIONAL : Sampler.DENSE;
    }

    /** The cells, in the order of the class comment, without duplicates. */
    public List<Cell> cells() {
        Set<Cell> cells = new LinkedHashSet<>();
        for (Architecture arch : archs) {
            List<Activation> acts = arch == Architecture.RES_3 ? List.of(Activation.RELU) : activations;
            for (Activation act : acts) {
                for (WeightDistribution law : distributions) {
                    for (int width : widths) {
                        for (int depth : depths) {
                            for (WeightProcess w : weights) {
                                for (Scaling s : scalings) {
                                    cells.add(new Cell(arch, act, law, width, depth, s, input, loss,
                                            samplerOf(arch, act, law, width, w), w));
                                }
                            }
                        }
                    }
                }
            }
        }
        return new ArrayList<>(cells);
    }
}
