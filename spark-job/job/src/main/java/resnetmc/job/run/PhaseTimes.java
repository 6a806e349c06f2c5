package resnetmc.job.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.util.LongAccumulator;

/**
 * Where a run's wall time goes, phase by phase on the driver, plus the time the executors spent inside
 * the kernels (summed over tasks). Printed as one {@code phases:} line when the environment variable
 * {@value #ENV} is set ({@code submit/bench spark} sets it and reads the line back); cheap enough to
 * collect always: two clock reads per phase on the driver and two per trial on the executors.
 */
public final class PhaseTimes {
    /** Set (to anything) to print the phases line after the summary. */
    public static final String ENV = "RESNETMC_PHASES";

    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private LongAccumulator samplingNanos;
    private LongAccumulator samplingCpuNanos;

    /** Adds {@code secs} to phase {@code name} (phases keep their first-seen order). */
    public synchronized void add(String name, double secs) {
        seconds.merge(name, secs, Double::sum);
    }

    /** Runs {@code body}, adding its wall time to phase {@code name}. */
    public <T> T time(String name, Callable<T> body) throws Exception {
        long t0 = System.nanoTime();
        try {
            return body.call();
        } finally {
            add(name, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The executors' kernel time, in nanoseconds summed over tasks; null until {@link #samplingClock} is set. */
    public LongAccumulator samplingClock() {
        return samplingNanos;
    }

    void samplingClock(LongAccumulator accumulator) {
        this.samplingNanos = accumulator;
    }

    /**
     * The executors' kernel CPU time (the task threads' own, from {@code ThreadMXBean}), summed over tasks; null
     * unless the phases line is printed ({@value #ENV}). Against {@link #samplingClock} it tells slower code from
     * threads kept off the cores.
     */
    public LongAccumulator samplingCpuClock() {
        return samplingCpuNanos;
    }

    void samplingCpuClock(LongAccumulator accumulator) {
        this.samplingCpuNanos = accumulator;
    }

    public synchronized double get(String name) {
        return seconds.getOrDefault(name, 0.0);
    }

    /**
     * "phases: name=1.234 ... sampling-task-s=5.678 sampling-task-cpu-s=5.432" (seconds), the line the benchmark
     * parses.
     */
    public synchronized String line() {
        StringBuilder b = new StringBuilder("phases:");
        seconds.forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s=%.3f", k, v)));
        if (samplingNanos != null) {
            b.append(String.format(Locale.ROOT, " sampling-task-s=%.3f", samplingNanos.value() / 1e9));
        }
        if (samplingCpuNanos != null) {
            b.append(String.format(Locale.ROOT, " sampling-task-cpu-s=%.3f", samplingCpuNanos.value() / 1e9));
        }
        return b.toString();
    }
}
