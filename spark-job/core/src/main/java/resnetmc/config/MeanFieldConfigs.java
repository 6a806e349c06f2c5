package resnetmc.config;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import resnetmc.model.Initialisation;
import resnetmc.model.MeanFieldArchitecture;
import resnetmc.model.MeanFieldCell;
import resnetmc.model.Sampler;
import resnetmc.model.WeightDistribution;
import resnetmc.theory.meanfield.Phi;

/**
 * Reads a {@code mode = meanfield} config: the grid of FRN/RRN cells (THEORY.md section 3) and the
 * {@code meanfield} block. Every problem is a {@link BadInputException} naming the key.
 */
public final class MeanFieldConfigs {
    /** Keys of the Monte Carlo mode that this mode does not read; setting one is an error. */
    static final List<String> MONTECARLO_ONLY = List.of("input", "loss", "trajectory-points", "histogram-bins",
            "checks.delta", "checks.c-constant", "grid.leaky-slope", "weights", "training", "resume", "checkpoint-groups");

    private MeanFieldConfigs() {
    }

    public static MeanFieldConfig from(Config user, String configName) {
        Config c = ConfigLoader.merged(user);
        ConfigLoader.rejectModeKeys(user, "meanfield", MONTECARLO_ONLY);
        String runId = ConfigLoader.runId(c, configName);
        String output = ConfigLoader.output(c);
        int trials = ConfigLoader.positiveInt(c, "trials", 1);
        int layerPoints = ConfigLoader.positiveInt(c, "meanfield.layer-points", 2);
        return new MeanFieldConfig(runId, output, c.getLong("seed"), trials, cells(c, user), layerPoints,
                ConfigLoader.confidence(c), ConfigLoader.partitions(c), c.getBoolean("progress"),
                ConfigLoader.rendered(c, runId));
    }

    private static List<MeanFieldCell> cells(Config c, Config user) {
        List<MeanFieldArchitecture> archs = new ArrayList<>();
        // The reference's default (res-3) is a Monte Carlo architecture: this mode defaults to frn.
        for (String s : user.hasPath("grid.arch") ? ConfigLoader.strings(c, "grid.arch") : List.of("frn")) {
            MeanFieldArchitecture a = MeanFieldArchitecture.parse(s);
            if (a == null) {
                throw new BadInputException("grid.arch", "'" + s + "' is not allowed in mode = meanfield; use "
                        + MeanFieldArchitecture.allowed());
            }
            archs.add(a);
        }
        List<Double> exponents = ConfigLoader.numbers(c, "grid.alpha-relu-exponent");
        for (double a : exponents) {
            if (!(a > 0 && a < 1)) {
                throw new BadInputException("grid.alpha-relu-exponent", a + " is not allowed; must be in (0, 1)");
            }
        }
        List<Phi> phis = new ArrayList<>();
        for (String s : ConfigLoader.strings(c, "grid.activation")) {
            switch (s) {
                case "tanh" -> phis.add(Phi.TANH);
                case "relu" -> phis.add(Phi.RELU);
                case "alpha-relu" -> exponents.forEach(a -> phis.add(Phi.alphaRelu(a)));
                default -> throw new BadInputException("grid.activation", "'" + s
                        + "' is not allowed in mode = meanfield; use tanh, relu, alpha-relu");
            }
        }
        List<Initialisation> inits = new ArrayList<>();
        for (String s : ConfigLoader.strings(c, "grid.init")) {
            Initialisation i = Initialisation.parse(s);
            if (i == null) {
                throw new BadInputException("grid.init", "'" + s + "' is not allowed; use one of " + Initialisation.allowed());
            }
            inits.add(i);
        }
        List<Double> sw = scales(c, "grid.sigma-w");
        List<Double> sv = scales(c, "grid.sigma-v");
        List<Double> sa = scales(c, "grid.sigma-a");
        List<Double> sb = scales(c, "grid.sigma-b");
        List<WeightDistribution> laws = ConfigLoader.distributions(c);
        String samplerName = c.getString("sampler");
        Sampler fixed = Sampler.parse(samplerName);
        if (fixed == null && !samplerName.equals("auto")) {
            throw new BadInputException("sampler", "'" + samplerName + "' is not allowed; use auto, dense or conditional");
        }
        List<Integer> widths = ConfigLoader.ints(c, "grid.width");
        List<Integer> depths = ConfigLoader.ints(c, "grid.depth");
        boolean hasBeta = user.hasPath("grid.beta");
        boolean hasAlpha = user.hasPath("grid.alpha") && !ConfigLoader.numbers(c, "grid.alpha").isEmpty();
        if (hasBeta && hasAlpha) {
            throw new BadInputException("grid.alpha", "set either grid.beta or grid.alpha, not both");
        }
        List<Double> betas = hasBeta ? ConfigLoader.positives(c, "grid.beta", "beta must be > 0 (alpha = L^-beta)") : List.of();
        List<Double> alphas = hasAlpha ? ConfigLoader.positives(c, "grid.alpha", "alpha must be > 0") : List.of(1.0);
        if (hasBeta && betas.isEmpty()) {
            throw new BadInputException("grid.beta", "is empty; give at least one beta > 0, or remove the key for alpha = 1");
        }
        List<Double> cosines = ConfigLoader.numbers(c, "meanfield.input-cosine");
        if (cosines.isEmpty()) {
            throw new BadInputException("meanfield.input-cosine", "is empty; give at least one cosine in [-1, 1]");
        }
        for (double e : cosines) {
            if (!(e >= -1 && e <= 1)) {
                throw new BadInputException("meanfield.input-cosine", e + " is not allowed; must be in [-1, 1]");
            }
        }
        double length = c.getDouble("meanfield.input-length");
        if (!(length > 0) || Double.isInfinite(length)) {
            throw new BadInputException("meanfield.input-length", length + " is not allowed; must be > 0");
        }

        Set<MeanFieldCell> cells = new LinkedHashSet<>();
        for (MeanFieldArchitecture arch : archs) {
            for (Phi phi : phis) {
                for (Initialisation init : inits) {
                    // (sigma_w, sigma_v, sigma_a, sigma_b, law): a preset fixes them, explicit sweeps them.
                    List<Object[]> settings = new ArrayList<>();
                    if (init == Initialisation.EXPLICIT) {
                        for (double w : sw) for (double v : sv) for (double a : sa) for (double b : sb) for (WeightDistribution law : laws) {
                            settings.add(new Object[] {w, v, a, b, law});
                        }
                    } else {
                        settings.add(new Object[] {init.sigma(), init.sigma(), 0.0, 0.0, init.law()});
                    }
                    for (Object[] st : settings) {
                        WeightDistribution law = (WeightDistribution) st[4];
                        if (fixed == Sampler.CONDITIONAL && law != WeightDistribution.GAUSSIAN) {
                            throw new BadInputException("sampler", "conditional is exact for Gaussian weights only, but "
                                    + (init == Initialisation.EXPLICIT ? "grid.distribution has " + law.label()
                                    : "grid.init has " + init.label()) + "; use auto or dense");
                        }
                        Sampler sampler = fixed != null ? fixed
                                : law == WeightDistribution.GAUSSIAN ? Sampler.CONDITIONAL : Sampler.DENSE;
                        for (int width : widths) {
                            for (int depth : depths) {
                                for (double bOrA : hasBeta ? betas : alphas) {
                                    double beta = hasBeta ? bOrA : Double.NaN;
                                    double branch = hasBeta ? resnetmc.model.Cell.alphaOf(depth, bOrA) : bOrA;
                                    for (double e : cosines) {
                                        cells.add(new MeanFieldCell(arch, phi, init, (double) st[0],
                                                arch == MeanFieldArchitecture.FRN ? (double) st[1] : 1.0,
                                                arch == MeanFieldArchitecture.FRN ? (double) st[2] : 0.0,
                                                (double) st[3], law, width, depth, beta, branch, e, length, sampler));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (cells.isEmpty()) {
            throw new BadInputException("grid", "the grid has no cell: every list must have at least one value");
        }
        return List.copyOf(cells);
    }

    private static List<Double> scales(Config c, String key) {
        List<Double> out = ConfigLoader.numbers(c, key);
        if (out.isEmpty()) {
            throw new BadInputException(key, "is empty; give at least one value >= 0");
        }
        for (double x : out) {
            if (!(x >= 0) || Double.isInfinite(x)) {
                throw new BadInputException(key, x + " is not allowed; must be >= 0");
            }
        }
        return out;
    }
}
