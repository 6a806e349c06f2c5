package resnetmc.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Regularity;
import resnetmc.model.Sampler;
import resnetmc.model.WeightDistribution;
import resnetmc.theory.HypothesisConstants;

/**
 * Reads a run's HOCON file and {@code key=value} overrides, merges them over our
 * {@code reference.conf}, validates everything, and returns a typed {@link RunConfig}. Every problem
 * is a {@link BadInputException} that names the key and what is allowed; nothing is read lazily later.
 */
public final class ConfigLoader {
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]+");

    private ConfigLoader() {
    }

    /** Our own reference.conf, the one packaged with this class (other jars may ship one too). */
    public static Config reference() {
        try {
            URL ours = null;
            var src = ConfigLoader.class.getProtectionDomain().getCodeSource();
            String home = src == null ? null : src.getLocation().toString();
            var urls = ConfigLoader.class.getClassLoader().getResources("reference.conf");
            while (urls.hasMoreElements()) {
                URL u = urls.nextElement();
                if (ours == null || (home != null && u.toString().contains(home.replaceFirst("^file:", "")))) {
                    ours = u;
                }
            }
            if (ours == null) {
                throw new IllegalStateException("reference.conf is missing from the class path");
            }
            try (InputStream in = ours.openStream(); Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return ConfigFactory.parseReader(r, ConfigParseOptions.defaults().setOriginDescription("reference.conf"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read reference.conf", e);
        }
    }

    /** Loads {@code path} with the overrides; throws {@link BadInputException} on any bad input. */
    public static RunConfig load(String path, List<String> overrides) {
        Source src = source(path, overrides);
        return fromConfig(src.user(), src.name());
    }

    /**
     * The user's config (file and overrides, without the reference) and its name; for modes whose
     * settings are not Monte Carlo cells ({@code mode = training}), which validate with {@link #merged}.
     */
    public record Source(Config user, String name) {
    }

    /** Reads {@code path} and the overrides without validating them beyond HOCON syntax. */
    public static Source source(String path, List<String> overrides) {
        File file = new File(path);
        if (!file.isFile()) {
            throw new BadInputException(null, "config file not found: " + path);
        }
        Config fileConfig;
        try {
            fileConfig = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new BadInputException(null, "cannot parse " + path + ": " + e.getMessage());
        }
        return new Source(parseOverrides(overrides).withFallback(fileConfig), file.getName().replaceFirst("\\.[^.]*$", ""));
    }

    /** The run's mode key ({@code montecarlo}, {@code meanfield}, {@code training}), validated. */
    public static String mode(Config user) {
        String mode = user.hasPath("mode") ? String.valueOf(user.getValue("mode").unwrapped()) : reference().getString("mode");
        if (!List.of("montecarlo", "meanfield", "training").contains(mode)) {
            throw new BadInputException("mode", "'" + mode + "' is not allowed; use montecarlo, meanfield or training");
        }
        return mode;
    }

    /**
     * The user's config merged over the reference, with unknown keys rejected, single values taken as
     * one-element lists where the reference has a list, and every type checked against the reference.
     */
    public static Config merged(Config user) {
        Config reference = reference();
        rejectUnknownKeys(user, reference);
        user = scalarsAsLists(user, reference);
        try {
            Config c = user.withFallback(reference).resolve();
            c.checkValid(reference);
            return c;
        } catch (ConfigException.ValidationFailed e) {
            var p = e.problems().iterator().next();
            throw new BadInputException(p.path(), p.problem());
        } catch (ConfigException e) {
            throw new BadInputException(null, e.getMessage());
        }
    }

    /**
     * Parses {@code key=value} overrides. Values that start like HOCON structures ([ { ") are parsed as
     * HOCON; anything else is a number, a boolean or a plain string, so paths such as
     * {@code output=hdfs://nn/x} need no quoting.
     */
    public static Config parseOverrides(List<String> overrides) {
        Config c = ConfigFactory.empty();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException(null, "override '" + o + "' is not of the form key=value");
            }
            String key = o.substring(0, eq).trim();
            String raw = o.substring(eq + 1).trim();
            ConfigValue value;
            try {
                if (raw.startsWith("[") || raw.startsWith("{") || raw.startsWith("\"")) {
                    value = ConfigFactory.parseString("v = " + raw).getValue("v");
                } else if (raw.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    value = ConfigFactory.parseString("v = " + raw).getValue("v");
                } else if (raw.equals("true") || raw.equals("false")) {
                    value = ConfigValueFactory.fromAnyRef(Boolean.parseBoolean(raw));
                } else {
                    value = ConfigValueFactory.fromAnyRef(raw);
                }
                c = c.withValue(key, value);
            } catch (ConfigException e) {
                throw new BadInputException(key, "cannot parse override value '" + raw + "': " + e.getMessage());
            }
        }
        return c;
    }

    /** Validates a user config (without the reference) and builds the typed record. */
    public static RunConfig fromConfig(Config user, String configName) {
        try {
            return typed(user, configName);
        } catch (ConfigException e) {
            throw new BadInputException(null, e.getMessage());
        }
    }

    private static RunConfig typed(Config user, String configName) {
        Config c = merged(user);
        rejectModeKeys(user, "montecarlo", NOT_MONTECARLO);
        String runId = runId(c, configName);
        String output = output(c);
        long seed = c.getLong("seed");
        int trials = positiveInt(c, "trials", 1);
        int trajectoryPoints = positiveInt(c, "trajectory-points", 2);
        int bins = positiveInt(c, "histogram-bins", 1);

        List<Double> deltaList = numbers(c, "checks.delta");
        for (double delta : deltaList) {
            if (!(delta > 0 && delta < 1)) {
                throw new BadInputException("checks.delta", delta + " is not allowed; each delta must be in (0, 1)");
            }
        }
        double confidence = confidence(c);
        String ck = c.getString("checks.c-constant");
        HypothesisConstants.CKind cKind = switch (ck) {
            case "dimension" -> HypothesisConstants.CKind.DIMENSION;
            case "universal" -> HypothesisConstants.CKind.UNIVERSAL;
            default -> throw new BadInputException("checks.c-constant", "'" + ck + "' is not allowed; use dimension or universal");
        };
        int partitions = partitions(c);
        List<Cell> cells = cells(c, user);
        String rendered = rendered(c, runId);
        return new RunConfig(runId, output, seed, trials, cells, trajectoryPoints,
                deltaList.stream().mapToDouble(Double::doubleValue).toArray(), confidence, cKind, bins, partitions,
                c.getBoolean("progress"), rendered);
    }

    /** Keys a user may set only in {@code mode = meanfield}. */
    static final List<String> MEANFIELD_ONLY = List.of("grid.init", "grid.sigma-w", "grid.sigma-v", "grid.sigma-a",
            "grid.sigma-b", "grid.alpha-relu-exponent", "meanfield");

    /** Keys of the other modes that a Monte Carlo run does not read. */
    static final List<String> NOT_MONTECARLO = java.util.stream.Stream.concat(MEANFIELD_ONLY.stream(),
            java.util.stream.Stream.of("training")).toList();

    /** Rejects keys the user set that the mode does not read, naming the first one. */
    public static void rejectModeKeys(Config user, String mode, List<String> keys) {
        for (String k : keys) {
            if (user.hasPath(k)) {
                String key = k;
                if (user.getValue(k).valueType() == ConfigValueType.OBJECT) {
                    key = k + "." + user.getConfig(k).entrySet().iterator().next().getKey();
                }
                throw new BadInputException(key, "is not read in mode = " + mode + "; remove it or set the mode that uses it");
            }
        }
    }

    /** run-id, or the config's base name when empty; letters, digits, '.', '_', '-'. */
    public static String runId(Config c, String configName) {
        String runId = c.getString("run-id").isEmpty() ? configName : c.getString("run-id");
        if (!RUN_ID.matcher(runId).matches()) {
            throw new BadInputException("run-id", "'" + runId + "' is not allowed; use letters, digits, '.', '_', '-'");
        }
        return runId;
    }

    public static String output(Config c) {
        String output = c.getString("output");
        if (output.isBlank()) {
            throw new BadInputException("output", "must be a folder path or URI, got an empty string");
        }
        return output;
    }

    public static double confidence(Config c) {
        double confidence = c.getDouble("checks.confidence");
        if (!(confidence > 0 && confidence < 1)) {
            throw new BadInputException("checks.confidence", confidence + " is not allowed; must be in (0, 1)");
        }
        return confidence;
    }

    /** {@code partitions}: 0 for auto, else a positive integer. */
    public static int partitions(Config c) {
        ConfigValue pv = c.getValue("partitions");
        if (pv.valueType() == ConfigValueType.STRING && "auto".equals(pv.unwrapped())) {
            return 0;
        }
        int partitions;
        try {
            partitions = c.getInt("partitions");
        } catch (ConfigException e) {
            partitions = -1;
        }
        if (partitions < 1) {
            throw new BadInputException("partitions", "'" + pv.unwrapped() + "' is not allowed; use auto or a positive integer");
        }
        return partitions;
    }

    /** The resolved config as one-line JSON, with the effective run-id, for the {@code runs} table. */
    public static String rendered(Config c, String runId) {
        return c.root().withOnlyKey("run-id").withFallback(c.root())
                .withValue("run-id", ConfigValueFactory.fromAnyRef(runId))
                .render(ConfigRenderOptions.concise().setFormatted(false));
    }

    /** {@code grid.arch} of the res-* family (Monte Carlo and training). */
    public static List<Architecture> architectures(Config c) {
        List<Architecture> archs = new ArrayList<>();
        for (String s : strings(c, "grid.arch")) {
            Architecture a = Architecture.parse(s);
            if (a == null && resnetmc.model.MeanFieldArchitecture.parse(s) != null) {
                throw new BadInputException("grid.arch", s + " is a mean-field architecture: set mode = meanfield");
            }
            if (a == null) {
                throw new BadInputException("grid.arch", "'" + s + "' is not allowed; use one of " + Architecture.allowed());
            }
            archs.add(a);
        }
        return archs;
    }

    /** {@code grid.activation}, leaky-relu multiplied by {@code grid.leaky-slope}. */
    public static List<Activation> activations(Config c) {
        List<Double> slopes = numbers(c, "grid.leaky-slope");
        for (double slope : slopes) {
            if (!(slope >= 0 && slope <= 1)) {
                throw new BadInputException("grid.leaky-slope", slope + " is not allowed; a slope must be in [0, 1]");
            }
        }
        List<Activation> activations = new ArrayList<>();
        for (String s : strings(c, "grid.activation")) {
            Activation.Kind k = Activation.Kind.parse(s);
            if (k == null && s.equals("alpha-relu")) {
                throw new BadInputException("grid.activation", "alpha-relu is a mean-field activation: set mode = meanfield");
            }
            if (k == null) {
                throw new BadInputException("grid.activation", "'" + s + "' is not allowed; use one of identity, relu, leaky-relu, tanh");
            }
            switch (k) {
                case IDENTITY -> activations.add(Activation.IDENTITY);
                case RELU -> activations.add(Activation.RELU);
                case TANH -> activations.add(Activation.TANH);
                case LEAKY_RELU -> slopes.forEach(sl -> activations.add(Activation.leakyRelu(sl)));
            }
        }
        return activations;
    }

    /** {@code grid.distribution}. */
    public static List<WeightDistribution> distributions(Config c) {
        List<WeightDistribution> laws = new ArrayList<>();
        for (String s : strings(c, "grid.distribution")) {
            WeightDistribution w = WeightDistribution.parse(s);
            if (w == null) {
                throw new BadInputException("grid.distribution", "'" + s + "' is not allowed; use one of " + WeightDistribution.allowed());
            }
            laws.add(w);
        }
        return laws;
    }

    /** The branch factors of a res-* grid: the betas (alpha_L = L^-beta), or explicit alphas. */
    public record BranchScales(List<Double> values, boolean explicitAlpha) {
    }

    /** {@code grid.beta} or {@code grid.alpha} (not both in the user's config; one non-empty). */
    public static BranchScales branchScales(Config c, Config user) {
        List<Double> betas = positives(c, "grid.beta", "beta must be > 0 (alpha = L^-beta)");
        List<Double> alphas = positives(c, "grid.alpha", "alpha must be > 0");
        boolean explicitAlpha = !alphas.isEmpty();
        if (explicitAlpha && user.hasPath("grid.beta")) {
            throw new BadInputException("grid.alpha", "set either grid.beta or grid.alpha, not both");
        }
        if (!explicitAlpha && betas.isEmpty()) {
            throw new BadInputException("grid.beta", "is empty; give at least one beta > 0 (or grid.alpha)");
        }
        return new BranchScales(explicitAlpha ? alphas : betas, explicitAlpha);
    }

    /** A list of finite numbers > 0 (possibly empty); {@code rule} ends the message for a bad one. */
    public static List<Double> positives(Config c, String key, String rule) {
        List<Double> out = numbers(c, key);
        for (double x : out) {
            if (!(x > 0) || Double.isInfinite(x)) {
                throw new BadInputException(key, x + " is not allowed; " + rule);
            }
        }
        return out;
    }

    private static List<Cell> cells(Config c, Config user) {
        List<Architecture> archs = architectures(c);
        List<Activation> activations = activations(c);
        List<WeightDistribution> laws = distributions(c);
        List<Integer> widths = ints(c, "grid.width");
        List<Integer> depths = ints(c, "grid.depth");
        BranchScales scales = branchScales(c, user);
        boolean explicitAlpha = scales.explicitAlpha();
        List<Double> betas = explicitAlpha ? List.of() : scales.values();
        List<Double> alphas = explicitAlpha ? scales.values() : List.of();
        InputKind input = InputKind.parse(c.getString("input"));
        if (input == null) {
            throw new BadInputException("input", "'" + c.getString("input") + "' is not allowed; use one of " + InputKind.allowed());
        }
        LossKind loss = LossKind.parse(c.getString("loss"));
        if (loss == null) {
            throw new BadInputException("loss", "'" + c.getString("loss") + "' is not allowed; use one of " + LossKind.allowed());
        }
        String samplerName = c.getString("sampler");
        Sampler fixedSampler = Sampler.parse(samplerName);
        if (fixedSampler == null && !samplerName.equals("auto")) {
            throw new BadInputException("sampler", "'" + samplerName + "' is not allowed; use auto, dense or conditional");
        }
        if (fixedSampler == Sampler.CONDITIONAL && laws.stream().anyMatch(w -> w != WeightDistribution.GAUSSIAN)) {
            throw new BadInputException("sampler", "conditional is exact for Gaussian weights only, but grid.distribution "
                    + "has " + laws.stream().filter(w -> w != WeightDistribution.GAUSSIAN).map(WeightDistribution::label)
                    .collect(Collectors.joining(", ")) + "; use auto (conditional where Gaussian, dense elsewhere) or dense");
        }
        List<Regularity> regularities = new ArrayList<>();
        for (String s : strings(c, "weights.regularity")) {
            Regularity r = Regularity.parse(s);
            if (r == null) {
                throw new BadInputException("weights.regularity", "'" + s + "' is not allowed; use one of " + Regularity.allowed());
            }
            if (r != Regularity.IID && laws.stream().anyMatch(w -> w != WeightDistribution.GAUSSIAN)) {
                throw new BadInputException("weights.regularity", s + " weights are Gaussian processes across layers; "
                        + "grid.distribution must be gaussian only");
            }
            if (r != Regularity.IID && fixedSampler == Sampler.CONDITIONAL) {
                throw new BadInputException("weights.regularity", s + " weights need the dense sampler; set sampler = auto or dense");
            }
            regularities.add(r);
        }
        List<Double> lengthScales = numbers(c, "weights.length-scale");
        for (double l : lengthScales) {
            if (!(l > 0) || Double.isInfinite(l)) {
                throw new BadInputException("weights.length-scale", l + " is not allowed; must be > 0");
            }
        }
        List<Double> hursts = numbers(c, "weights.hurst");
        for (double h : hursts) {
            if (!(h > 0 && h < 1)) {
                throw new BadInputException("weights.hurst", h + " is not allowed; must be in (0, 1)");
            }
        }
        // (regularity, length-scale, hurst) triples: the process parameter multiplies only its own kind.
        List<double[]> processes = new ArrayList<>();
        for (Regularity r : regularities) {
            switch (r) {
                case IID -> processes.add(new double[] {r.ordinal(), Double.NaN, Double.NaN});
                case RBF -> lengthScales.forEach(l -> processes.add(new double[] {r.ordinal(), l, Double.NaN}));
                case FBM -> hursts.forEach(h -> processes.add(new double[] {r.ordinal(), Double.NaN, h}));
            }
        }
        Set<Cell> cells = new LinkedHashSet<>();
        for (Architecture arch : archs) {
            List<Activation> acts = arch == Architecture.RES_3 ? List.of(Activation.RELU) : activations;
            for (Activation act : acts) {
                for (WeightDistribution law : laws) {
                    Sampler sampler = fixedSampler != null ? fixedSampler
                            : law == WeightDistribution.GAUSSIAN ? Sampler.CONDITIONAL : Sampler.DENSE;
                    for (int width : widths) {
                        for (int depth : depths) {
                            for (double[] pr : processes) {
                                Regularity reg = Regularity.values()[(int) pr[0]];
                                Sampler used = reg == Regularity.IID ? sampler : Sampler.DENSE;
                                for (double bOrA : explicitAlpha ? alphas : betas) {
                                    double beta = explicitAlpha ? Double.NaN : bOrA;
                                    double alpha = explicitAlpha ? bOrA : Cell.alphaOf(depth, bOrA);
                                    cells.add(new Cell(arch, act, law, width, depth, beta, alpha, input, loss, used, reg,
                                            pr[1], pr[2]));
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

    /** A single value where the reference has a list (grid.depth = 64) is a one-element list. */
    private static Config scalarsAsLists(Config user, Config reference) {
        for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
            String path = e.getKey();
            if (e.getValue().valueType() == ConfigValueType.LIST && user.hasPath(path)
                    && user.getValue(path).valueType() != ConfigValueType.LIST
                    && user.getValue(path).valueType() != ConfigValueType.OBJECT) {
                user = user.withValue(path, ConfigValueFactory.fromIterable(List.of(user.getValue(path).unwrapped())));
            }
        }
        return user;
    }

    private static void rejectUnknownKeys(Config user, Config reference) {
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String path = e.getKey();
            if (!reference.hasPathOrNull(path)) {
                String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
                Set<String> known = new TreeSet<>();
                Config scope = parent.isEmpty() ? reference : (reference.hasPath(parent) ? reference.getConfig(parent) : reference);
                scope.root().keySet().forEach(k -> known.add(parent.isEmpty() || !reference.hasPath(parent) ? k : parent + "." + k));
                throw new BadInputException(path, "unknown key; known keys" + (parent.isEmpty() || !reference.hasPath(parent)
                        ? "" : " under " + parent) + ": " + String.join(", ", known));
            }
        }
    }

    public static int positiveInt(Config c, String key, int min) {
        long v;
        try {
            v = c.getLong(key);
        } catch (ConfigException e) {
            throw new BadInputException(key, "must be an integer >= " + min);
        }
        if (v < min || v > Integer.MAX_VALUE) {
            throw new BadInputException(key, v + " is not allowed; must be an integer >= " + min);
        }
        return (int) v;
    }

    /** A list, or a single value taken as a one-element list. */
    private static List<ConfigValue> values(Config c, String key) {
        ConfigValue v = c.getValue(key);
        if (v.valueType() == ConfigValueType.LIST) {
            return c.getList(key);
        }
        return List.of(v);
    }

    public static List<String> strings(Config c, String key) {
        List<String> out = new ArrayList<>();
        for (ConfigValue v : values(c, key)) {
            if (v.valueType() != ConfigValueType.STRING) {
                throw new BadInputException(key, "expected a string or a list of strings, got " + v.render());
            }
            out.add((String) v.unwrapped());
        }
        return out;
    }

    public static List<Double> numbers(Config c, String key) {
        List<Double> out = new ArrayList<>();
        for (ConfigValue v : values(c, key)) {
            Object o = v.unwrapped();
            if (o instanceof Number n) {
                out.add(n.doubleValue());
            } else if (o instanceof String s) {
                try {
                    out.add(Double.parseDouble(s));
                } catch (NumberFormatException e) {
                    throw new BadInputException(key, "expected a number or a list of numbers, got '" + s + "'");
                }
            } else {
                throw new BadInputException(key, "expected a number or a list of numbers, got " + v.render());
            }
        }
        return out;
    }

    public static List<Integer> ints(Config c, String key) {
        List<Integer> out = new ArrayList<>();
        for (double x : numbers(c, key)) {
            if (x != Math.rint(x) || x < 1 || x > Integer.MAX_VALUE) {
                throw new BadInputException(key, x + " is not allowed; must be an integer >= 1");
            }
            out.add((int) x);
        }
        if (out.isEmpty()) {
            throw new BadInputException(key, "is empty; give at least one integer >= 1");
        }
        return out;
    }
}
