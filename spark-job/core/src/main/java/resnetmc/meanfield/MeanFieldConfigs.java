package resnetmc.meanfield;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import resnetmc.config.BadInputException;
import resnetmc.config.ConfigReader;
import resnetmc.config.Range;
import resnetmc.model.Grid;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.theory.meanfield.Phi;

/**
 * The builder of a {@code mode = meanfield} run: the grid of FRN/RRN cells (Yang and Schoenholz,
 * NeurIPS 2017; THEORY.md section 3) and the {@code meanfield} block, read through
 * {@link ConfigReader}. Every problem is a {@link BadInputException} naming the key.
 */
public final class MeanFieldConfigs {
    /** Keys of the Monte Carlo mode that this mode does not read; setting one is an error. */
    static final List<String> MONTECARLO_ONLY = List.of("input", "loss", "trajectory-points", "histogram-bins",
            "checks.delta", "checks.c-constant", "grid.leaky-slope", "weights", "training", "resume", "checkpoint-groups",
            "backward", "extra-grids", "checks.tolerance", "checks.mean-min-trials",
            "trials-min", "trials-max", "trials-table", "trials-table-sample");

    private MeanFieldConfigs() {
    }

    /** Validates a user config (file and overrides, without the reference) of mode meanfield. */
    public static MeanFieldConfig from(Config user, String configName) {
        return from(ConfigReader.of(user, configName));
    }

    /** Builds the typed record from a reader. */
    public static MeanFieldConfig from(ConfigReader r) {
        r.rejectKeys("meanfield", MONTECARLO_ONLY);
        String runId = r.runId();
        String output = r.output();
        int trials = r.intAtLeast("trials", 1);
        int layerPoints = r.intAtLeast("meanfield.layer-points", 2);
        return new MeanFieldConfig(runId, output, r.integer("seed"), trials, cells(r), layerPoints,
                r.number("checks.confidence", Range.OPEN_UNIT), r.intOrAuto("partitions", 1), r.bool("progress"),
                r.rendered(runId));
    }

    private static List<MeanFieldCell> cells(ConfigReader r) {
        // The reference's default (res-3) is a Monte Carlo architecture: this mode defaults to frn.
        List<MeanFieldArchitecture> archs = r.isSet("grid.arch")
                ? r.enumList("grid.arch", MeanFieldArchitecture.class) : List.of(MeanFieldArchitecture.FRN);
        List<Double> exponents = r.numberList("grid.alpha-relu-exponent", Range.OPEN_UNIT);
        List<Phi> phis = new ArrayList<>();
        for (MeanFieldActivation a : r.enumList("grid.activation", MeanFieldActivation.class)) {
            switch (a) {
                case TANH -> phis.add(Phi.TANH);
                case RELU -> phis.add(Phi.RELU);
                case ALPHA_RELU -> exponents.forEach(x -> phis.add(Phi.alphaRelu(x)));
            }
        }
        List<Initialisation> inits = r.enumList("grid.init", Initialisation.class);
        List<Double> sw = scales(r, "grid.sigma-w");
        List<Double> sv = scales(r, "grid.sigma-v");
        List<Double> sa = scales(r, "grid.sigma-a");
        List<Double> sb = scales(r, "grid.sigma-b");
        List<WeightDistribution> laws = r.enumList("grid.distribution", WeightDistribution.class);
        Optional<Sampler> sampler = r.enumOrAuto("sampler", Sampler.class);
        List<Integer> widths = r.intList("grid.width", 1);
        List<Integer> depths = r.intList("grid.depth", 1);
        List<Scaling> scalings = scalings(r);
        List<Double> cosines = r.numberList("meanfield.input-cosine", Range.closed(-1, 1));
        if (cosines.isEmpty()) {
            throw new BadInputException("meanfield.input-cosine", "is empty; give at least one cosine in [-1, 1]");
        }
        double length = r.number("meanfield.input-length", Range.POSITIVE);
        List<MeanFieldCell> cells;
        try {
            cells = new MeanFieldGrid(archs, phis, inits, sw, sv, sa, sb, laws, widths, depths, scalings, cosines,
                    length, sampler).cells();
        } catch (Grid.Invalid e) {
            throw new BadInputException(e.axis() == Grid.Axis.SAMPLER ? "sampler" : "grid", e.getMessage());
        }
        if (cells.isEmpty()) {
            throw new BadInputException("grid", "the grid has no cell: every list must have at least one value");
        }
        return List.copyOf(cells);
    }

    /**
     * The branch factor: 1 (Yang and Schoenholz's networks) unless the user's config sets grid.beta
     * (alpha_L = L^-beta) or a non-empty grid.alpha; not both.
     */
    private static List<Scaling> scalings(ConfigReader r) {
        boolean hasBeta = r.isSet("grid.beta");
        boolean hasAlpha = r.isSet("grid.alpha") && !r.numberList("grid.alpha", Range.FINITE).isEmpty();
        if (hasBeta && hasAlpha) {
            throw new BadInputException("grid.alpha", "set either grid.beta or grid.alpha, not both");
        }
        if (hasBeta) {
            List<Double> betas = r.numberList("grid.beta", Range.POSITIVE);
            if (betas.isEmpty()) {
                throw new BadInputException("grid.beta", "is empty; give at least one beta > 0, or remove the key for alpha = 1");
            }
            return betas.stream().<Scaling>map(Scaling.Beta::new).toList();
        }
        List<Double> alphas = hasAlpha ? r.numberList("grid.alpha", Range.POSITIVE) : List.of(1.0);
        return alphas.stream().<Scaling>map(Scaling.Explicit::new).toList();
    }

    /** A non-empty list of scales >= 0. */
    private static List<Double> scales(ConfigReader r, String key) {
        List<Double> out = r.numberList(key, Range.NON_NEGATIVE);
        if (out.isEmpty()) {
            throw new BadInputException(key, "is empty; give at least one value >= 0");
        }
        return out;
    }
}
