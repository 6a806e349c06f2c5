package resnetmc.config;

import com.typesafe.config.ConfigObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.Grid;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.model.WeightProcess;

/**
 * The keys of the res-* grid (Marion et al., arXiv 2206.06929, eq. (res-1)-(res-3)), shared by the Monte
 * Carlo and training modes: {@code grid.*} and {@code weights.*}, read into the lists of a
 * {@link Grid}. Problems are {@link BadInputException}s naming the key.
 */
public final class GridKeys {
    /** Labels of the mean-field mode, refused here with the mode to set. */
    private static final Map<String, String> MEAN_FIELD_ARCHS = Map.of(
            "frn", "frn is a mean-field architecture: set mode = meanfield",
            "rrn", "rrn is a mean-field architecture: set mode = meanfield");
    private static final Map<String, String> MEAN_FIELD_ACTIVATIONS = Map.of(
            "alpha-relu", "alpha-relu is a mean-field activation: set mode = meanfield");

    private GridKeys() {
    }

    /** The whole Monte Carlo grid: the lists below and input, loss, distribution and sampler. */
    public static Grid grid(ConfigReader r) {
        List<Architecture> archs = archs(r);
        List<Activation> activations = activations(r);
        List<WeightDistribution> laws = r.enumList("grid.distribution", WeightDistribution.class);
        List<Integer> widths = r.intList("grid.width", 1);
        List<Integer> depths = r.intList("grid.depth", 1);
        List<Scaling> scalings = scalings(r);
        InputKind input = r.enumValue("input", InputKind.class);
        LossKind loss = r.enumValue("loss", LossKind.class);
        Optional<Sampler> sampler = r.enumOrAuto("sampler", Sampler.class);
        List<WeightProcess> weights = weights(r, r.enumList("weights.regularity", WeightProcess.Kind.class));
        return build(() -> new Grid(archs, activations, laws, widths, depths, scalings, weights, input, loss, sampler));
    }

    /**
     * The cells of a run: those of {@code grid}, then those of each object of {@code extra-grids} (grid keys
     * overriding {@code grid}'s, e.g. a longer depth list for one beta), duplicates dropped, first kept.
     */
    public static List<Cell> cells(ConfigReader r) {
        Set<Cell> cells = new LinkedHashSet<>(grid(r).cells());
        List<ConfigObject> extra = r.objectList("extra-grids", "grid keys, e.g. [{beta = [0.5], depth = [1000000]}]");
        for (int i = 0; i < extra.size(); i++) {
            try {
                cells.addAll(grid(r.withGrid(extra.get(i))).cells());
            } catch (BadInputException e) {
                throw new BadInputException("extra-grids[" + i + "]", e.getMessage());
            }
        }
        return List.copyOf(cells);
    }

    /** Builds a grid, naming the key of the list a {@link Grid.Invalid} is about. */
    public static Grid build(java.util.function.Supplier<Grid> grid) {
        try {
            return grid.get();
        } catch (Grid.Invalid e) {
            throw new BadInputException(key(e.axis()), e.getMessage());
        }
    }

    private static String key(Grid.Axis axis) {
        return switch (axis) {
            case ARCH -> "grid.arch";
            case ACTIVATION -> "grid.activation";
            case DISTRIBUTION -> "grid.distribution";
            case WIDTH -> "grid.width";
            case DEPTH -> "grid.depth";
            case SCALING -> "grid.beta";
            case WEIGHTS -> "weights.regularity";
            case SAMPLER -> "sampler";
            case ALL -> "grid";
        };
    }

    /** {@code grid.arch}: res-1, res-2, res-3. */
    public static List<Architecture> archs(ConfigReader r) {
        return r.enumList("grid.arch", Architecture.class, MEAN_FIELD_ARCHS);
    }

    /** {@code grid.activation}, leaky-relu once per {@code grid.leaky-slope} (each in [0, 1]). */
    public static List<Activation> activations(ConfigReader r) {
        List<Double> slopes = r.numberList("grid.leaky-slope", Range.CLOSED_UNIT);
        List<Activation> activations = new ArrayList<>();
        for (Activation.Kind k : r.enumList("grid.activation", Activation.Kind.class, MEAN_FIELD_ACTIVATIONS)) {
            switch (k) {
                case IDENTITY -> activations.add(Activation.IDENTITY);
                case RELU -> activations.add(Activation.RELU);
                case TANH -> activations.add(Activation.TANH);
                case LEAKY_RELU -> slopes.forEach(sl -> activations.add(Activation.leakyRelu(sl)));
            }
        }
        return activations;
    }

    /**
     * {@code grid.beta} (alpha_L = L^-beta) or, when non-empty, {@code grid.alpha} (explicit alpha_L);
     * setting both in the user's config is an error.
     */
    public static List<Scaling> scalings(ConfigReader r) {
        List<Double> betas = r.numberList("grid.beta", Range.POSITIVE);
        List<Double> alphas = r.numberList("grid.alpha", Range.POSITIVE);
        if (!alphas.isEmpty() && r.isSet("grid.beta")) {
            throw new BadInputException("grid.alpha", "set either grid.beta or grid.alpha, not both");
        }
        if (alphas.isEmpty() && betas.isEmpty()) {
            throw new BadInputException("grid.beta", "is empty; give at least one beta > 0 (or grid.alpha)");
        }
        return alphas.isEmpty()
                ? betas.stream().<Scaling>map(Scaling.Beta::new).toList()
                : alphas.stream().<Scaling>map(Scaling.Explicit::new).toList();
    }

    /**
     * The weight processes of {@code kinds}: i.i.d. once, rbf once per {@code weights.length-scale} (each
     * > 0), fbm once per {@code weights.hurst} (each in (0, 1)); both lists are validated whatever the kinds.
     */
    public static List<WeightProcess> weights(ConfigReader r, List<WeightProcess.Kind> kinds) {
        List<Double> lengthScales = r.numberList("weights.length-scale", Range.POSITIVE);
        List<Double> hursts = r.numberList("weights.hurst", Range.OPEN_UNIT);
        List<WeightProcess> out = new ArrayList<>();
        for (WeightProcess.Kind k : kinds) {
            switch (k) {
                case IID -> out.add(WeightProcess.IID);
                case RBF -> lengthScales.forEach(l -> out.add(new WeightProcess.Rbf(l)));
                case FBM -> hursts.forEach(h -> out.add(new WeightProcess.Fbm(h)));
            }
        }
        return out;
    }
}
