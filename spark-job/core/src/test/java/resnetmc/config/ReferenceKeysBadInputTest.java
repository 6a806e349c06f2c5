package resnetmc.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import resnetmc.meanfield.MeanFieldConfigs;
import resnetmc.training.TrainingConfig;

/**
 * Bad input for every key of {@code reference.conf}: for each leaf path, at least one value of the wrong
 * type and one out of range (or, for booleans and free strings, a second wrong value and the reason there
 * is no range), each run through the builder of a mode that reads the key, must raise a
 * {@link BadInputException} whose {@code key()} names that path. The table below is keyed by path, and
 * {@link #tableCoversEveryLeafOfReferenceConf} fails for a key added to {@code reference.conf} without a
 * case, so a new key cannot go unchecked. Each case also sets the key to its reference default in the
 * same mode and context and expects no error: a case cannot pass because the mode refuses the key.
 * Integer keys all reject 1.5 (Typesafe Config's getInt/getLong would truncate it).
 */
class ReferenceKeysBadInputTest {

    /** How a config is built: the mode's builder, or the accessor with which the job module reads the key. */
    private enum Build {
        MONTECARLO(u -> ConfigLoader.from(ConfigReader.of(u, "bad"))),
        MEANFIELD(u -> MeanFieldConfigs.from(ConfigReader.of(u, "bad"))),
        TRAINING(u -> TrainingConfig.from(ConfigReader.of(u, "bad"))),
        /** The data set is opened on the driver at the start of a training run. */
        TRAINING_DATA(u -> TrainingConfig.from(ConfigReader.of(u, "bad")).data().load(1)),
        /** Read by the job module: ConfigReader.mode in Main. */
        MODE(ConfigReader::mode),
        /** Read by the job module's OutputOptions and MonteCarloMode with these accessors and bounds. */
        RESUME(u -> ConfigReader.of(u, "bad").bool("resume")),
        LOCK_TIMEOUT(u -> ConfigReader.of(u, "bad").duration("lock-timeout", Duration.ofSeconds(1))),
        CHECKPOINT_GROUPS(u -> ConfigReader.of(u, "bad").intOrAuto("checkpoint-groups", 1)),
        RARE_EVENT_TRIALS(u -> resnetmc.rare.Tails.rareEventTrials(ConfigReader.of(u, "bad")));

        final Consumer<Config> run;

        Build(Consumer<Config> run) {
            this.run = run;
        }

        String mode() {
            return switch (this) {
                case MEANFIELD -> "meanfield";
                case TRAINING, TRAINING_DATA -> "training";
                default -> "montecarlo";
            };
        }
    }

    /**
     * One way a key is read: the builder, extra settings that make the key matter (e.g. leaky-slope needs a
     * leaky-relu cell), values of the wrong type, values out of range, and why there is no range if none.
     */
    private record Case(Build build, String context, List<String> wrongType, List<String> outOfRange, String noRange,
                        String good) {
    }

    /** Number keys whose reference default happens to be integral (1.0 and 0 parse as integers). */
    private static final List<String> REAL_WITH_INTEGRAL_DEFAULT = List.of("meanfield.input-length",
            "training.weight-decay", "training.dropout", "training.clip-norm", "training.divergence-bound",
            "training.sgdr-mult");

    private static final Map<String, List<Case>> TABLE = new LinkedHashMap<>();

    private static void add(String path, Build b, String context, List<String> wrong, List<String> range) {
        TABLE.computeIfAbsent(path, k -> new ArrayList<>()).add(new Case(b, context, wrong, range, null, DEFAULT));
    }

    /** The control value is the reference default. */
    private static final String DEFAULT = "<default>";

    /** A case whose control value is not the default ({@code null}: no control, the bad values prove the key is read). */
    private static void addWithGood(String path, Build b, String context, List<String> wrong, List<String> range,
                                    String good) {
        TABLE.computeIfAbsent(path, k -> new ArrayList<>()).add(new Case(b, context, wrong, range, null, good));
    }

    private static void add(String path, Build b, List<String> wrong, List<String> range) {
        add(path, b, "", wrong, range);
    }

    private static void noRange(String path, Build b, List<String> wrong, String why) {
        TABLE.computeIfAbsent(path, k -> new ArrayList<>()).add(new Case(b, "", wrong, List.of(), why, DEFAULT));
    }

    private static final List<String> INT = List.of("0", "1.5", "-3");
    private static final List<String> INT2 = List.of("1", "2.5");

    static {
        Build mc = Build.MONTECARLO;
        Build mf = Build.MEANFIELD;
        Build tr = Build.TRAINING;
        add("mode", Build.MODE, List.of("[montecarlo]", "{a = 1}"), List.of("simulate"));
        for (Build b : List.of(mc, mf, tr)) {
            add("run-id", b, List.of("{a = 1}", "[x]"), List.of("\"a/b\"", "\"has space\""));
            add("output", b, List.of("{a = 1}", "[x]"), List.of("\"\"", "\"  \""));
            add("seed", b, List.of("abc", "[1]"), List.of("1.5", "1e30"));
            add("partitions", b, List.of("[2]", "autos"), INT);
            noRange("progress", b, List.of("maybe", "[true]"), "a boolean has no range");
        }
        for (Build b : List.of(mc, mf)) {
            add("trials", b, List.of("abc", "[5]"), INT);
            add("checks.confidence", b, List.of("high"), List.of("0", "1", "1.5"));
        }
        add("trials", mc, List.of("autos"), List.of());
        add("trials-min", mc, List.of("abc", "[5]"), INT);
        add("trials-max", mc, "trials-min = 10", List.of("abc", "auto"), List.of("0", "1.5", "9"));
        add("trials-table", mc, List.of("[all]", "{a = 1}"), List.of("some"));
        add("trials-table-sample", mc, List.of("abc"), INT);
        add("trajectory-points", mc, List.of("abc"), INT2);
        add("histogram-bins", mc, List.of("abc"), INT);
        add("checks.delta", mc, List.of("[abc]", "{a = 1}"), List.of("[0]", "[0.01, 1]"));
        add("checks.tolerance", mc, List.of("x"), List.of("1", "-0.1"));
        add("checks.mean-min-trials", mc, List.of("x"), INT2);
        add("checks.c-constant", mc, List.of("[dimension]"), List.of("other"));
        add("grid.arch", mc, List.of("{a = 1}"), List.of("[res-9]", "[frn]"));
        addWithGood("grid.arch", mf, "", List.of("{a = 1}"), List.of("[res-3]"), "[rrn]");
        add("grid.activation", mc, List.of("{a = 1}"), List.of("[sigmoid]", "[alpha-relu]"));
        add("grid.activation", mf, List.of("{a = 1}"), List.of("[sigmoid]", "[leaky-relu]"));
        add("grid.leaky-slope", mc, "grid { arch = [res-1], activation = [leaky-relu] }", List.of("[x]"),
                List.of("[1.5]", "[-0.1]"));
        add("grid.distribution", mc, List.of("{a = 1}"), List.of("[cauchy]"));
        for (String k : List.of("grid.width", "grid.depth")) {
            add(k, mc, List.of("[x]", "{a = 1}"), List.of("[0]", "[1.5]", "[]"));
            add(k, mf, List.of("[x]"), List.of("[0]", "[1.5]"));
        }
        add("grid.beta", mc, List.of("[x]"), List.of("[0]", "[-1]"));
        add("grid.alpha", mc, List.of("[x]"), List.of("[0]", "[-0.5]"));
        add("weights.regularity", mc, List.of("{a = 1}"), List.of("[smooth]"));
        add("weights.regularity", tr, List.of("{a = 1}"), List.of("[rbf]"));
        add("weights.length-scale", mc, "weights.regularity = [rbf]", List.of("[x]"), List.of("[0]", "[-1]"));
        add("weights.hurst", mc, "weights.regularity = [fbm]", List.of("[x]"), List.of("[0]", "[1]"));
        add("input", mc, List.of("[gaussian]"), List.of("images"));
        add("loss", mc, List.of("[quadratic]"), List.of("absolute"));
        add("extra-grids", mc, List.of("5", "[5]"), List.of("[{depth = [0]}]", "[{beta = [-1]}]"));
        add("sampler", mc, List.of("[auto]"), List.of("fastest"));
        noRange("backward", mc, List.of("maybe", "[true]"), "a boolean has no range");
        noRange("resume", Build.RESUME, List.of("maybe", "[true]"), "a boolean has no range");
        add("checkpoint-groups", Build.CHECKPOINT_GROUPS, List.of("[auto]", "autox"), INT);
        add("checks.rare-event-trials", Build.RARE_EVENT_TRIALS, List.of("x"), List.of("1", "1.5", "-3"));
        add("lock-timeout", Build.LOCK_TIMEOUT, List.of("[60s]", "60"), List.of("500ms", "-5s"));

        add("grid.alpha-relu-exponent", mf, "grid.activation = [alpha-relu]", List.of("[x]"), List.of("[0]", "[1]"));
        add("grid.init", mf, List.of("{a = 1}"), List.of("[lecun]"));
        for (String s : List.of("grid.sigma-w", "grid.sigma-v", "grid.sigma-a", "grid.sigma-b")) {
            add(s, mf, List.of("[x]"), List.of("[-1]", "[]"));
        }
        add("meanfield.input-cosine", mf, List.of("[x]"), List.of("[1.5]", "[]"));
        add("meanfield.input-length", mf, List.of("x"), List.of("0", "-1"));
        add("meanfield.layer-points", mf, List.of("x"), INT2);

        add("training.dataset", tr, List.of("[teacher]"), List.of("cifar"));
        // No control: the Fashion-MNIST files need not be installed where the tests run.
        addWithGood("training.data-dir", Build.TRAINING_DATA, "training.dataset = fashion-mnist", List.of("{a = 1}"),
                List.of("\"/nonexistent/fashion\""), null);
        for (String k : List.of("train-size", "test-size", "steps", "batch-size", "probe-size", "replicates",
                "teacher.inputs", "teacher.outputs", "teacher.train", "teacher.test")) {
            add("training." + k, tr, List.of("x", "[1]"), INT);
        }
        add("training.eval-points", tr, List.of("x"), INT2);
        add("training.warmup-steps", tr, List.of("x"), List.of("-1", "1.5"));
        add("training.lr", tr, List.of("[x]"), List.of("[0]", "[-0.1]", "[]"));
        add("training.optimizer", tr, List.of("{a = 1}"), List.of("[lbfgs]", "[]"));
        add("training.schedule", tr, List.of("{a = 1}"), List.of("[exp]", "[]"));
        add("training.momentum", tr, "training.optimizer = [momentum]", List.of("x"), List.of("1", "-0.1"));
        add("training.beta1", tr, List.of("x"), List.of("1", "-0.1"));
        add("training.beta2", tr, List.of("x"), List.of("1", "-0.1"));
        add("training.epsilon", tr, List.of("x"), List.of("0", "-1"));
        add("training.rho", tr, "training.optimizer = [rmsprop]", List.of("x"), List.of("1", "-0.1"));
        add("training.weight-decay", tr, List.of("x"), List.of("-1"));
        add("training.decay", tr, List.of("[l2]"), List.of("l1"));
        add("training.step-every", tr, "training.schedule = [step]", List.of("x"), INT);
        add("training.step-gamma", tr, "training.schedule = [step]", List.of("x"), List.of("0", "1.5"));
        add("training.sgdr-period", tr, "training.schedule = [sgdr]", List.of("x"), INT);
        add("training.sgdr-mult", tr, "training.schedule = [sgdr]", List.of("x"), List.of("0.5", "-1"));
        add("training.min-lr-ratio", tr, "training.schedule = [sgdr]", List.of("x"), List.of("1.5", "-0.1"));
        add("training.half-cycle", tr, "training.schedule = [triangular]", List.of("x"), INT);
        add("training.dropout", tr, List.of("x"), List.of("1", "-0.1"));
        noRange("training.batch-norm", tr, List.of("maybe", "[true]"), "a boolean has no range");
        add("training.clip-norm", tr, List.of("x"), List.of("-1"));
        add("training.divergence-bound", tr, List.of("x"), List.of("0", "-1"));
        add("training.teacher.noise", tr, List.of("x"), List.of("-0.1"));
    }

    /** Every leaf path of reference.conf (lists are leaves), in order. */
    private static TreeSet<String> leaves() {
        TreeSet<String> paths = new TreeSet<>();
        ConfigReader.reference().entrySet().forEach(e -> paths.add(e.getKey()));
        return paths;
    }

    @Test
    void tableCoversEveryLeafOfReferenceConf() {
        TreeSet<String> missing = leaves();
        missing.removeAll(TABLE.keySet());
        assertTrue(missing.isEmpty(), "keys of reference.conf without bad-input cases: " + missing);
        TreeSet<String> stale = new TreeSet<>(TABLE.keySet());
        stale.removeAll(leaves());
        assertTrue(stale.isEmpty(), "cases for keys that reference.conf no longer has: " + stale);
        for (var e : TABLE.entrySet()) {
            boolean wrong = e.getValue().stream().anyMatch(c -> !c.wrongType().isEmpty());
            boolean range = e.getValue().stream().anyMatch(c -> !c.outOfRange().isEmpty() || c.noRange() != null);
            assertTrue(wrong && range, e.getKey() + " needs a wrong-type and an out-of-range case");
            boolean integer = ConfigReader.reference().getValue(e.getKey()).unwrapped() instanceof Integer;
            if (integer && !REAL_WITH_INTEGRAL_DEFAULT.contains(e.getKey())) {
                assertTrue(e.getValue().stream().anyMatch(c -> c.outOfRange().stream().anyMatch(v -> v.endsWith(".5"))),
                        e.getKey() + " is an integer key: it needs a non-integer case");
            }
        }
    }

    private static Config user(Build b, String context, String path, String value) {
        String text = "mode = " + b.mode() + "\n" + context + "\n" + path + " = " + value;
        return ConfigFactory.parseString(text);
    }

    @TestFactory
    Stream<DynamicTest> everyKeyRejectsBadValuesNamingTheKey() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var e : TABLE.entrySet()) {
            String path = e.getKey();
            for (Case c : e.getValue()) {
                String where = path + " (" + c.build().name().toLowerCase() + ")";
                if (!path.equals("mode") && c.good() != null) {
                    String good = !c.good().equals(DEFAULT) ? c.good()
                            : ConfigReader.reference().getValue(path).render(ConfigRenderOptions.concise());
                    tests.add(DynamicTest.dynamicTest(where + " = default is accepted", () ->
                            assertDoesNotThrow(() -> c.build().run.accept(user(c.build(), c.context(), path, good)))));
                }
                List<String> values = new ArrayList<>(c.wrongType());
                values.addAll(c.outOfRange());
                for (String v : values) {
                    tests.add(DynamicTest.dynamicTest(where + " = " + v, () -> {
                        Config u;
                        if (path.equals("mode")) {
                            u = ConfigFactory.parseString("mode = " + v);
                        } else {
                            u = user(c.build(), c.context(), path, v);
                        }
                        BadInputException x = assertThrows(BadInputException.class, () -> c.build().run.accept(u),
                                path + " = " + v + " was accepted");
                        assertTrue(x.key() != null && (x.key().equals(path) || x.key().startsWith(path + "[")
                                || x.key().startsWith(path + ".")), path + " = " + v + ": the error names "
                                + x.key() + ": " + x.getMessage());
                        assertFalse(x.getMessage().contains("is not read in mode"), x.getMessage());
                    }));
                }
            }
        }
        return tests.stream();
    }

    /** A direct check of the truncation the table guards against, on the two keys where it was seen. */
    @Test
    void integerKeysRejectNonIntegers() {
        for (String k : List.of("trials", "seed")) {
            BadInputException x = assertThrows(BadInputException.class,
                    () -> ConfigLoader.from(ConfigReader.of(ConfigFactory.parseString(k + " = 1.5"), "bad")));
            assertEquals(k, x.key());
        }
        if (TABLE.isEmpty()) {
            fail("empty table");
        }
    }
}
