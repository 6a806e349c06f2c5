package resnetmc.job.montecarlo;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import resnetmc.config.RunConfig;
import resnetmc.job.run.TaskMemory;
import resnetmc.kernel.ChainSampler;
import resnetmc.kernel.Kernels;
import resnetmc.kernel.TrialKernel;
import resnetmc.model.Cell;
import resnetmc.model.Sampler;
import resnetmc.rng.RandomStreams;
import resnetmc.schema.Column;
import resnetmc.schema.TableSchemas;

/**
 * What a Monte Carlo run will cost, from its config alone ({@code --dry-run}, and the first lines of
 * every run): cells and trials, the sampler of the cells, the estimated core-seconds, the peak memory
 * of a task against what a task may use ({@link MemoryBudget}: a cell that cannot fit is refused here,
 * before Spark starts), and the size of the {@code trials} rows.
 *
 * <p>The time is the cost model ({@link Cell#cost()}, Gaussian draws per trial; the chain's own count)
 * divided by a rate measured on this machine: a short probe runs trials of a small cell of each sampler
 * of the run (the kind of the grid's costliest cell of that sampler, at width {@value #PROBE_WIDTH} and
 * depth {@value #PROBE_DEPTH}) and counts cost units per second of one core. The model is linear in
 * the units, so the estimate is as good as the units are across widths and depths, and the probe's
 * machine is only a proxy for the executors': it is an estimate, stated as such.
 *
 * <p>Trials are a range (min..max) so that a run whose trial count is decided while it runs prints
 * the range of its cost; a fixed count is a range of one value.
 */
final class MonteCarloPlan {
    static final int PROBE_WIDTH = 64;
    static final int PROBE_DEPTH = 256;
    /** Warm-up (the JIT compiles the kernel) and measurement time per sampler. */
    private static final double WARM_SECONDS = 0.2;
    private static final double PROBE_SECONDS = 0.3;
    /** Measured rates per probe cell (cost units per second of one core), kept for the JVM's life. */
    private static final Map<String, Double> RATES = new ConcurrentHashMap<>();

    /** The trials of each cell: min..max (equal for a fixed count). */
    record TrialRange(long min, long max) {
        String text() {
            return min == max ? Long.toString(min) : min + ".." + max;
        }
    }

    private MonteCarloPlan() {
    }

    static List<String> lines(RunConfig cfg, TaskMemory memory, boolean probe) {
        return lines(cfg, new TrialRange(cfg.trialsMin(), cfg.trialsMax()), memory, probe); // equal unless trials = auto
    }

    static List<String> lines(RunConfig cfg, TrialRange trials, TaskMemory memory, boolean probe) {
        MemoryBudget.check(cfg, memory); // refuses first: nothing below is worth printing for a run that cannot fit
        List<Cell> cells = cfg.cells();
        Map<Sampler, Integer> perSampler = new EnumMap<>(Sampler.class);
        Map<Sampler, Double> units = new EnumMap<>(Sampler.class);
        Map<Sampler, Cell> costliest = new EnumMap<>(Sampler.class);
        Cell peakCell = cells.get(0);
        long peak = 0;
        for (Cell c : cells) {
            perSampler.merge(c.sampler(), 1, Integer::sum);
            double u = unitCost(c, cfg.backward());
            units.merge(c.sampler(), u, Double::sum);
            Cell k = costliest.get(c.sampler());
            if (k == null || unitCost(k, cfg.backward()) < u) {
                costliest.put(c.sampler(), c);
            }
            long b = MemoryBudget.bytesPerTrial(c, cfg.backward());
            if (b > peak) {
                peak = b;
                peakCell = c;
            }
        }
        List<String> out = new ArrayList<>();
        StringBuilder samplers = new StringBuilder();
        perSampler.forEach((s, n) -> samplers.append(samplers.length() == 0 ? "" : ", ").append(s.label())
                .append(' ').append(n));
        TrialRange total = new TrialRange(trials.min() * cells.size(), trials.max() * cells.size());
        out.add(String.format(Locale.ROOT, "plan: %d cells (sampler: %s), %s trials each, %s trials in all",
                cells.size(), samplers, trials.text(), total.text()));
        if (probe) {
            double perTrialSeconds = 0; // core-seconds of one trial of every cell
            for (Map.Entry<Sampler, Double> e : units.entrySet()) {
                perTrialSeconds += e.getValue() / rate(costliest.get(e.getKey()), cfg);
            }
            double lo = perTrialSeconds * trials.min();
            double hi = perTrialSeconds * trials.max();
            String wall = memory.local() ? String.format(Locale.ROOT, ", about %s of wall time on %d core(s)",
                    range(lo / memory.cores(), hi / memory.cores()), memory.cores()) : "";
            out.add(String.format(Locale.ROOT, "plan: estimated compute %s for the trials%s (cost model calibrated "
                    + "by a probe on this machine: an estimate; Spark's start, checkpoints and tables come on top)",
                    coreTime(lo, hi), wall));
        }
        out.add(String.format(Locale.ROOT, "plan: peak memory about %s per task (cell %s), of %s a task may use (%s)",
                mib(peak), peakCell.key(), mib(memory.perTaskBytes()), memory.describe()));
        double row = rowBytes(cfg.trajectoryPoints());
        out.add(String.format(Locale.ROOT, "plan: output about %s of trials rows before compression (%.0f bytes a "
                + "row), plus one cells row and a few checks rows per cell", mibRange(row * total.min(),
                row * total.max()), row));
        return out;
    }

    /** A trial's cost in the model's units (Gaussian draws); the vector samplers' backward pass is about half. */
    static double unitCost(Cell c, boolean backward) {
        if (c.sampler() == Sampler.CHAIN) {
            return ChainSampler.cost(c, backward);
        }
        return c.cost() * (backward ? 1.0 : 0.5);
    }

    /**
     * Cost units per second of one core for trials like {@code cell}'s, cached per kind of trial: what
     * the rate depends on besides the units (sampler, branch, law, input, loss, backward pass), not the
     * cell's width, depth or scaling, so a JVM running many configs (the tests) probes each kind once.
     */
    private static double rate(Cell cell, RunConfig cfg) {
        Cell probe = probeCell(cell);
        String kind = String.join("|", cell.sampler().label(), cell.arch().label(), cell.activation().label(),
                cell.distribution().label(), cell.weights().label(), cell.input().label(), cell.loss().label(),
                Boolean.toString(cfg.backward()), Integer.toString(cfg.trajectoryPoints()));
        return RATES.computeIfAbsent(kind, k -> measure(probe, cfg));
    }

    /** A cell of the same kind at width {@value #PROBE_WIDTH} (the chain: its own) and depth {@value #PROBE_DEPTH}. */
    static Cell probeCell(Cell c) {
        int width = c.sampler() == Sampler.CHAIN ? c.width() : PROBE_WIDTH;
        return new Cell(c.arch(), c.activation(), c.distribution(), width, PROBE_DEPTH, c.scaling(), c.input(),
                c.loss(), c.sampler(), c.weights());
    }

    private static double measure(Cell probe, RunConfig cfg) {
        TrialKernel kernel = Kernels.trialKernel(probe, cfg.trajectoryPoints(), cfg.backward());
        long trial = 0;
        long end = System.nanoTime() + (long) (WARM_SECONDS * 1e9);
        while (System.nanoTime() < end) {
            kernel.run(RandomStreams.of(cfg.seed(), probe.id(), trial++));
        }
        long start = System.nanoTime();
        end = start + (long) (PROBE_SECONDS * 1e9);
        long n = 0;
        long now;
        do {
            kernel.run(RandomStreams.of(cfg.seed(), probe.id(), trial++));
            n++;
            now = System.nanoTime();
        } while (now < end);
        return n * unitCost(probe, cfg.backward()) / ((now - start) / 1e9);
    }

    /** Bytes of one trials row as stored values (cell strings are dictionary-encoded: about nothing). */
    static double rowBytes(int trajectoryPoints) {
        double b = 0;
        for (Column c : TableSchemas.TRIALS.columns()) {
            b += switch (c.type()) {
                case DOUBLE, LONG, TIMESTAMP -> 8;
                case INT -> 4;
                case BOOLEAN -> 0.125;
                case STRING -> 0;
                case INT_ARRAY -> 4.0 * trajectoryPoints;
                case LONG_ARRAY, DOUBLE_ARRAY -> 8.0 * trajectoryPoints;
            };
        }
        return b;
    }

    /** Core-seconds, with core-hours when large. */
    private static String coreTime(double lo, double hi) {
        String s = lo == hi ? String.format(Locale.ROOT, "%.3g", lo) : String.format(Locale.ROOT, "%.3g..%.3g", lo, hi);
        String h = hi < 3600 ? "" : lo == hi ? String.format(Locale.ROOT, " (%.3g core-hours)", hi / 3600)
                : String.format(Locale.ROOT, " (%.3g..%.3g core-hours)", lo / 3600, hi / 3600);
        return s + " core-seconds" + h;
    }

    private static String mib(double bytes) {
        if (bytes < 1 << 20) {
            return String.format(Locale.ROOT, "%.0f KiB", bytes / (1 << 10));
        }
        return bytes >= 1 << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (1 << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (1 << 20));
    }

    private static String mibRange(double lo, double hi) {
        return lo == hi ? mib(lo) : mib(lo) + ".." + mib(hi);
    }

    /** Seconds as s, min, h or days, a range when lo < hi. */
    private static String range(double lo, double hi) {
        return lo == hi ? seconds(lo) : seconds(lo) + ".." + seconds(hi);
    }

    private static String seconds(double s) {
        if (s < 120) {
            return String.format(Locale.ROOT, "%.3g s", s);
        }
        if (s < 7200) {
            return String.format(Locale.ROOT, "%.3g min", s / 60);
        }
        if (s < 172800) {
            return String.format(Locale.ROOT, "%.3g h", s / 3600);
        }
        return String.format(Locale.ROOT, "%.3g days", s / 86400);
    }
}
