package resnetmc.job.run;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import scala.Tuple2;

/**
 * The memory a task of the run may use, from the Spark properties the run is configured with (no
 * session needed, so a cell that cannot fit is refused before Spark starts): on a local master the
 * executor is the driver JVM (its heap, {@link Runtime#maxMemory()}, shared by the master's cores); on a
 * cluster it is {@code spark.executor.memory} (Spark's default 1g) shared by {@code spark.executor.cores}
 * (default 1: YARN's and Kubernetes' default; a standalone executor without it takes every core of its
 * worker, which this cannot see). A task may use {@value #USABLE_FRACTION} of its share (Spark keeps
 * the rest for storage, execution and its own structures).
 *
 * @param heapBytes the heap of one executor
 * @param cores     concurrent tasks of one executor
 * @param local     whether the executor is the driver JVM
 */
public record TaskMemory(long heapBytes, int cores, boolean local) {
    /** Fraction of an executor's heap a task's own objects may take. */
    public static final double USABLE_FRACTION = 0.5;

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*\\d+\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgtp]?)(b?)", Pattern.CASE_INSENSITIVE);

    /** Bytes one task may hold. */
    public long perTaskBytes() {
        return (long) (heapBytes * USABLE_FRACTION / Math.max(1, cores));
    }

    /** Where the numbers come from, for messages. */
    public String describe() {
        String heap = String.format(Locale.ROOT, "%.0f MiB", heapBytes / 1048576.0);
        return String.format(Locale.ROOT, "%s %s / %d core(s) x %.1f", local ? "driver heap" : "spark.executor.memory",
                heap, cores, USABLE_FRACTION);
    }

    /** From the JVM's system properties: what spark-submit and submit/local set ({@code spark.*}). */
    public static TaskMemory fromSystem() {
        Map<String, String> props = new HashMap<>();
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("spark.")) {
                props.put(k, System.getProperty(k));
            }
        }
        return of(props, -1);
    }

    /** From a running session's properties; {@code localCores} its default parallelism. */
    public static TaskMemory of(Tuple2<String, String>[] conf, int localCores) {
        Map<String, String> props = new HashMap<>();
        for (Tuple2<String, String> t : conf) {
            props.put(t._1(), t._2());
        }
        return of(props, localCores);
    }

    /**
     * From Spark properties; without {@code spark.master} the run is local[*] (as the job's session
     * builder does). {@code localCores} (if positive) overrides the cores parsed from a local master.
     */
    public static TaskMemory of(Map<String, String> props, int localCores) {
        String master = props.getOrDefault("spark.master", "local[*]").trim();
        Matcher m = LOCAL.matcher(master);
        if (m.matches()) {
            int cores = m.group(1) == null ? 1 : m.group(1).equals("*")
                    ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
            return new TaskMemory(Runtime.getRuntime().maxMemory(), localCores > 0 ? localCores : cores, true);
        }
        Matcher lc = LOCAL_CLUSTER.matcher(master);
        if (lc.matches()) {
            return new TaskMemory(Long.parseLong(lc.group(2)) << 20, Integer.parseInt(lc.group(1)), false);
        }
        long heap = bytes(props.getOrDefault("spark.executor.memory", "1g"), "spark.executor.memory");
        int cores;
        try {
            cores = Integer.parseInt(props.getOrDefault("spark.executor.cores", "1").trim());
        } catch (NumberFormatException e) {
            throw new resnetmc.config.BadInputException("spark.executor.cores",
                    "must be a positive integer, got '" + props.get("spark.executor.cores") + "'");
        }
        return new TaskMemory(heap, Math.max(1, cores), false);
    }

    /** A Spark memory size (4g, 512m, 1024 = MiB as Spark reads spark.executor.memory). */
    static long bytes(String value, String key) {
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            throw new resnetmc.config.BadInputException(key, "must be a size such as 4g or 512m, got '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
            case "k" -> 10;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            case "m" -> 20;
            default -> m.group(3).isEmpty() ? 20 : 0; // no unit: MiB (as Spark reads it); b: bytes
        };
        return n << shift;
    }
}
