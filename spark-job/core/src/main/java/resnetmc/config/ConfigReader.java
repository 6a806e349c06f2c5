package resnetmc.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import resnetmc.model.Labelled;

/**
 * The one reader of a run's configuration: the run's HOCON file and {@code key=value} overrides merged
 * over our {@code reference.conf}, with unknown keys rejected, and typed accessors. Every problem is a
 * {@link BadInputException} that names the key and what is allowed (the job exits with code 2); the
 * mode builders ({@link ConfigLoader}, {@code MeanFieldConfigs}, {@code TrainingConfig}) read every key
 * through these accessors, once, on the driver.
 *
 * <p>Integers are never truncated: Typesafe Config's {@code getInt}/{@code getLong} turn 1.5 into 1, so
 * the accessors here take the number and reject anything that is not an exact integer in range.
 */
public final class ConfigReader {
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]+");
    /** The modes of the job, as the {@code mode} key names them. */
    public static final List<String> MODES = List.of("montecarlo", "meanfield", "training");
    /** 2^53: above it a double no longer holds every integer, so an integer key given as one is refused. */
    private static final double EXACT_INTEGER_LIMIT = 9007199254740992.0;

    private final Config user;
    private final Config merged;
    private final String name;

    private ConfigReader(Config user, String name) {
        this.user = user;
        this.name = name;
        this.merged = merge(user);
    }

    /**
     * The user's config (file and overrides, without the reference) and its name (the file's base name,
     * the default run-id).
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
        return new Source(parseOverrides(overrides).withFallback(fileConfig),
                file.getName().replaceFirst("\\.[^.]*$", ""));
    }

    /** A reader of the user's config merged over the reference; rejects unknown keys and wrong types. */
    public static ConfigReader of(Config user, String configName) {
        return new ConfigReader(user, configName);
    }

    /** A reader of a source. */
    public static ConfigReader of(Source source) {
        return of(source.user(), source.name());
    }

    /** Our own reference.conf, the one packaged with this class (other jars may ship one too). */
    public static Config reference() {
        try {
            URL ours = null;
            var src = ConfigReader.class.getProtectionDomain().getCodeSource();
            String home = src == null ? null : src.getLocation().toString();
            var urls = ConfigReader.class.getClassLoader().getResources("reference.conf");
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
                if (raw.startsWith("[") || raw.startsWith("{") || raw.startsWith("\"")
                        || raw.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
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

    /** The run's mode key ({@code montecarlo}, {@code meanfield}, {@code training}), validated. */
    public static String mode(Config user) {
        String mode = user.hasPath("mode") ? String.valueOf(user.getValue("mode").unwrapped())
                : reference().getString("mode");
        if (!MODES.contains(mode)) {
            throw new BadInputException("mode", "'" + mode + "' is not allowed; use montecarlo, meanfield or training");
        }
        return mode;
    }

    /**
     * The user's config merged over the reference, with unknown keys rejected, single values taken as
     * one-element lists where the reference has a list, and every type checked against the reference.
     */
    private static Config merge(Config user) {
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
            rejectObjectForValue(path, reference);
            if (!reference.hasPathOrNull(path)) {
                String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
                boolean scoped = !parent.isEmpty() && reference.hasPath(parent);
                Set<String> known = new TreeSet<>();
                Config scope = scoped ? reference.getConfig(parent) : reference;
                scope.root().keySet().forEach(k -> known.add(scoped ? parent + "." + k : k));
                throw new BadInputException(path, "unknown key; known keys" + (scoped ? " under " + parent : "")
                        + ": " + String.join(", ", known));
            }
        }
    }

    /**
     * An object where the reference has a value ({@code run-id = {a = 1}}) shows up as the leaf
     * {@code run-id.a}; Typesafe Config would throw on the walk through {@code run-id}, so name the key here.
     */
    private static void rejectObjectForValue(String path, Config reference) {
        List<String> parts = com.typesafe.config.ConfigUtil.splitPath(path);
        for (int i = 1; i < parts.size(); i++) {
            String prefix = com.typesafe.config.ConfigUtil.joinPath(parts.subList(0, i));
            if (!reference.hasPathOrNull(prefix)) {
                return;
            }
            ConfigValueType type = reference.getValue(prefix).valueType();
            if (type != ConfigValueType.OBJECT) {
                throw new BadInputException(prefix, "expected a " + type.name().toLowerCase() + ", got an object");
            }
        }
    }

    // ------------------------------------------------------------------ the whole config

    /** The merged config (user over reference), validated against the reference's keys and types. */
    public Config merged() {
        return merged;
    }

    /**
     * The objects of the list {@code key} (e.g. {@code extra-grids}); anything else is bad input naming
     * the key.
     */
    public List<ConfigObject> objectList(String key, String what) {
        try {
            return List.copyOf(merged.getObjectList(key));
        } catch (ConfigException e) {
            throw new BadInputException(key, "must be a list of objects (" + what + ")");
        }
    }

    /** A reader of the same config with {@code grid} replaced by {@code grid}'s keys overridden by {@code over}. */
    public ConfigReader withGrid(ConfigObject over) {
        Config base = user.hasPath("grid") ? user.getConfig("grid") : ConfigFactory.empty();
        return new ConfigReader(user.withValue("grid", over.withFallback(base.root())), name);
    }

    /** Whether the user's config (file or overrides) sets {@code key}, as opposed to the reference. */
    public boolean isSet(String key) {
        return user.hasPath(key);
    }

    /** Rejects keys the user set that {@code mode} does not read, naming the first one. */
    public void rejectKeys(String mode, List<String> keys) {
        for (String k : keys) {
            if (user.hasPath(k)) {
                String key = k;
                if (user.getValue(k).valueType() == ConfigValueType.OBJECT) {
                    key = k + "." + user.getConfig(k).entrySet().iterator().next().getKey();
                }
                throw new BadInputException(key, "is not read in mode = " + mode
                        + "; remove it or set the mode that uses it");
            }
        }
    }

    /** {@code run-id}, or the config's base name when empty; letters, digits, '.', '_', '-'. */
    public String runId() {
        String runId = string("run-id").isEmpty() ? name : string("run-id");
        if (!RUN_ID.matcher(runId).matches()) {
            throw new BadInputException("run-id", "'" + runId + "' is not allowed; use letters, digits, '.', '_', '-'");
        }
        return runId;
    }

    /** {@code output}: a folder path or URI, not empty. */
    public String output() {
        String output = string("output");
        if (output.isBlank()) {
            throw new BadInputException("output", "must be a folder path or URI, got an empty string");
        }
        return output;
    }

    /** The resolved config as one-line JSON, with the effective run-id, for the {@code runs} table. */
    public String rendered(String runId) {
        return merged.root().withOnlyKey("run-id").withFallback(merged.root())
                .withValue("run-id", ConfigValueFactory.fromAnyRef(runId))
                .render(ConfigRenderOptions.concise().setFormatted(false));
    }

    // ------------------------------------------------------------------ scalars

    /** A string value; a number or boolean is taken as its text ({@code run-id=2024} is the id "2024"). */
    public String string(String key) {
        try {
            return merged.getString(key);
        } catch (ConfigException e) {
            throw new BadInputException(key, "expected a string, got "
                    + merged.getValue(key).render(ConfigRenderOptions.concise()));
        }
    }

    /** A string among {@code allowed}. */
    public String choice(String key, List<String> allowed) {
        String s = string(key);
        if (!allowed.contains(s)) {
            throw new BadInputException(key, "'" + s + "' is not allowed; use " + String.join(" or ", allowed));
        }
        return s;
    }

    /** {@code true} or {@code false}. */
    public boolean bool(String key) {
        try {
            return merged.getBoolean(key);
        } catch (ConfigException e) {
            throw new BadInputException(key, "'" + merged.getValue(key).unwrapped()
                    + "' is not allowed; use true or false");
        }
    }

    /** Any integer that a long holds exactly (a seed). */
    public long integer(String key) {
        return integerOf(key, merged.getValue(key), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** An integer in [min, Integer.MAX_VALUE]. */
    public int intAtLeast(String key, int min) {
        return (int) integerOf(key, merged.getValue(key), min, Integer.MAX_VALUE);
    }

    /** An integer in [min, Long.MAX_VALUE]. */
    public long longAtLeast(String key, long min) {
        return integerOf(key, merged.getValue(key), min, Long.MAX_VALUE);
    }

    /** {@code auto} (returned as 0) or an integer in [min, Integer.MAX_VALUE]. */
    public int intOrAuto(String key, int min) {
        ConfigValue v = merged.getValue(key);
        if (v.valueType() == ConfigValueType.STRING && "auto".equals(v.unwrapped())) {
            return 0;
        }
        Long x = exactInteger(v);
        if (x == null || x < min || x > Integer.MAX_VALUE) {
            throw new BadInputException(key, "'" + text(v) + "' is not allowed; use auto or a positive integer");
        }
        return (int) (long) x;
    }

    /** A finite number in {@code range}. */
    public double number(String key, Range range) {
        return numberOf(key, merged.getValue(key), range);
    }

    /** A duration with a unit (a bare number has none), at least {@code min}. */
    public Duration duration(String key, Duration min) {
        ConfigValue v = merged.getValue(key);
        Duration d;
        try {
            if (v.valueType() != ConfigValueType.STRING) {
                throw new ConfigException.BadValue(key, "no unit");
            }
            d = merged.getDuration(key);
        } catch (ConfigException e) {
            throw new BadInputException(key, "'" + v.unwrapped()
                    + "' is not allowed; use a duration with a unit, e.g. 60s or 5m");
        }
        if (d.compareTo(min) < 0) {
            throw new BadInputException(key, "'" + v.unwrapped() + "' is not allowed; must be >= " + describe(min));
        }
        return d;
    }

    /** The constant of {@code type} whose label the key holds. */
    public <E extends Enum<E> & Labelled> E enumValue(String key, Class<E> type) {
        return label(key, string(key), type, Map.of());
    }

    /** {@code auto} (empty) or the constant of {@code type} whose label the key holds. */
    public <E extends Enum<E> & Labelled> Optional<E> enumOrAuto(String key, Class<E> type) {
        String s = string(key);
        if (s.equals("auto")) {
            return Optional.empty();
        }
        return Optional.of(Labelled.find(type, s).orElseThrow(() ->
                new BadInputException(key, "'" + s + "' is not allowed; allowed: auto, " + Labelled.allowed(type))));
    }

    // ------------------------------------------------------------------ lists (sweeps)

    /** A list of labels of {@code type} (possibly empty). */
    public <E extends Enum<E> & Labelled> List<E> enumList(String key, Class<E> type) {
        return enumList(key, type, Map.of());
    }

    /**
     * A list of labels of {@code type} (possibly empty); a label that is not allowed but is a key of
     * {@code hints} gets that hint as its message (e.g. a label that belongs to another mode).
     */
    public <E extends Enum<E> & Labelled> List<E> enumList(String key, Class<E> type, Map<String, String> hints) {
        List<E> out = new ArrayList<>();
        for (String s : stringList(key)) {
            out.add(label(key, s, type, hints));
        }
        return out;
    }

    /** The one message for a label that is not allowed: "KEY: 'X' is not allowed; allowed: a, b, c". */
    private static <E extends Enum<E> & Labelled> E label(String key, String s, Class<E> type,
                                                          Map<String, String> hints) {
        return Labelled.find(type, s).orElseThrow(() -> new BadInputException(key, hints.containsKey(s) ? hints.get(s)
                : "'" + s + "' is not allowed; allowed: " + Labelled.allowed(type)));
    }

    /** A list of strings (possibly empty), or a single string taken as a one-element list. */
    public List<String> stringList(String key) {
        List<String> out = new ArrayList<>();
        for (ConfigValue v : values(key)) {
            if (v.valueType() != ConfigValueType.STRING) {
                throw new BadInputException(key, "expected a string or a list of strings, got " + v.render());
            }
            out.add((String) v.unwrapped());
        }
        return out;
    }

    /** A list of finite numbers in {@code range} (possibly empty). */
    public List<Double> numberList(String key, Range range) {
        List<Double> out = new ArrayList<>();
        for (ConfigValue v : values(key)) {
            out.add(numberOf(key, v, range));
        }
        return out;
    }

    /** A non-empty list of integers in [min, Integer.MAX_VALUE]. */
    public List<Integer> intList(String key, int min) {
        List<Integer> out = new ArrayList<>();
        for (ConfigValue v : values(key)) {
            out.add((int) integerOf(key, v, min, Integer.MAX_VALUE));
        }
        if (out.isEmpty()) {
            throw new BadInputException(key, "is empty; give at least one integer >= " + min);
        }
        return out;
    }

    /** A list, or a single value taken as a one-element list. */
    private List<ConfigValue> values(String key) {
        ConfigValue v = merged.getValue(key);
        if (v.valueType() == ConfigValueType.LIST) {
            return merged.getList(key);
        }
        return List.of(v);
    }

    // ------------------------------------------------------------------ value conversion

    private static long integerOf(String key, ConfigValue v, long min, long max) {
        String rule = "must be an integer" + (min == Long.MIN_VALUE ? "" : " >= " + min)
                + (max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "" : " <= " + max);
        if (!(v.unwrapped() instanceof Number) && !(v.unwrapped() instanceof String)) {
            throw new BadInputException(key, "'" + text(v) + "' is not allowed; " + rule + " (got a "
                    + v.valueType() + ", not a NUMBER)");
        }
        Long x = exactInteger(v);
        if (x == null && v.unwrapped() instanceof String s && parseDouble(s) == null) {
            throw new BadInputException(key, "'" + s + "' is not allowed; " + rule + " (got a STRING, not a NUMBER)");
        }
        if (x == null || x < min || x > max) {
            throw new BadInputException(key, text(v) + " is not allowed; " + rule);
        }
        return x;
    }

    /** The value as a long if it is exactly an integer a long holds (1e3 is, 1.5 and 1e-3 are not), else null. */
    private static Long exactInteger(ConfigValue v) {
        Object o = v.unwrapped();
        if (o instanceof Integer || o instanceof Long) {
            return ((Number) o).longValue();
        }
        if (o instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // not a plain integer: perhaps 1e3, taken below like a number
            }
        }
        Double d = o instanceof Number n ? Double.valueOf(n.doubleValue())
                : o instanceof String s ? parseDouble(s) : null;
        if (d == null || d != Math.rint(d) || Math.abs(d) > EXACT_INTEGER_LIMIT) {
            return null;
        }
        return d.longValue();
    }

    private static Double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double numberOf(String key, ConfigValue v, Range range) {
        Object o = v.unwrapped();
        Double x = o instanceof Number n ? Double.valueOf(n.doubleValue())
                : o instanceof String s ? parseDouble(s) : null;
        if (x == null) {
            throw new BadInputException(key, "'" + text(v) + "' is not allowed; must be a number " + range.describe()
                    + " (got a " + v.valueType() + ", not a NUMBER)");
        }
        if (!range.contains(x)) {
            throw new BadInputException(key, x + " is not allowed; must be " + range.describe());
        }
        return x;
    }

    /** The value as the user wrote it (1e-3 stays 1e-3), strings without quotes. */
    private static String text(ConfigValue v) {
        return v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped()
                : v.render(ConfigRenderOptions.concise());
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
