package resnetmc.job.montecarlo;

import java.util.Locale;
import org.apache.spark.SparkContext;
import resnetmc.config.BadInputException;
import resnetmc.config.RunConfig;
import resnetmc.kernel.ChainSampler;
import resnetmc.model.Cell;
import resnetmc.model.Sampler;

/**
 * Refuses, before anything runs, a cell whose per-trial memory would not fit in a task's share of an
 * executor: the correlated weight field (O(d^2 L)) plus the stored states. A task's share is half the
 * executor heap (Spark reserves the rest for storage, execution and its own structures) divided by
 * the cores of an executor; in local mode the executor is the driver JVM.
 */
final class MemoryBudget {
    /** Fraction of an executor's heap a task's own objects may take. */
    static final double USABLE_FRACTION = 0.5;

    private MemoryBudget() {
    }

    static void check(RunConfig cfg, SparkContext sc) {
        long perTask = perTaskBytes(sc);
        for (Cell c : cfg.cells()) {
            long need = bytesPerTrial(c, cfg.backward());
            if (need > perTask) {
                throw new BadInputException("grid", String.format(Locale.ROOT, "cell %s needs about %.0f MiB per trial "
                        + "(the %s weight field of d^2 L entries per matrix), more than a task's %.0f MiB "
                        + "(spark.executor.memory / spark.executor.cores x %.1f); lower width or depth or raise the "
                        + "executor memory", c.key(), need / 1048576.0, c.weights().label(), perTask / 1048576.0,
                        USABLE_FRACTION));
            }
        }
    }

    static long bytesPerTrial(Cell c, boolean backward) {
        if (c.sampler() == Sampler.CHAIN) {
            return ChainSampler.bytesPerTrial(c, backward); // O(sqrt L) scalars, whatever d
        }
        long states = Math.min((c.depth() + 1L) * c.width() * 8L * 3, resnetmc.kernel.ResidualKernel.FULL_STORAGE_BYTES);
        return c.fieldBytes() + states;
    }

    static long perTaskBytes(SparkContext sc) {
        long heap;
        int cores;
        if (sc.isLocal()) {
            heap = Runtime.getRuntime().maxMemory();
            cores = Math.max(1, sc.defaultParallelism());
        } else {
            heap = sc.getConf().getSizeAsBytes("spark.executor.memory", "1g");
            cores = sc.getConf().getInt("spark.executor.cores", 1);
        }
        return (long) (heap * USABLE_FRACTION / cores);
    }
}
