package resnetmc.job.montecarlo;

import java.util.Locale;
import org.apache.spark.SparkContext;
import resnetmc.config.BadInputException;
import resnetmc.config.RunConfig;
import resnetmc.job.run.TaskMemory;
import resnetmc.kernel.ChainSampler;
import resnetmc.kernel.ResidualKernel;
import resnetmc.model.Activation;
import resnetmc.model.Cell;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;

/**
 * Refuses, before anything runs, a cell whose per-trial memory would not fit in a task's share of an
 * executor ({@link TaskMemory}): everything a trial's kernel holds, per sampler. For the vector samplers
 * (dense, conditional) that is the stored per-layer records (all of them up to
 * {@link ResidualKernel#FULL_STORAGE_BYTES}, else a segment of ceil(sqrt L) layers and the sqrt L
 * checkpoints), the O(d) working vectors of the kernel, the input and the loss head, and the correlated
 * weight field (O(d^2 L)); for the chain it is O(sqrt L) scalars whatever d. The check needs the config
 * only, so it runs before the Spark session ({@link #check(RunConfig, TaskMemory)}), in every mode.
 */
final class MemoryBudget {
    /** Fraction of an executor's heap a task's own objects may take. */
    static final double USABLE_FRACTION = TaskMemory.USABLE_FRACTION;
    /** d-vectors of a vector kernel besides its records: ResidualKernel's u0, uL, q, J^T q, p_L direction. */
    private static final int KERNEL_VECTORS = 5;
    /** The samplers' own d-vectors: row, pre, branch, y (dense) or g, fresh, y, x (conditional). */
    private static final int SAMPLER_VECTORS = 4;
    /** The input draw's h_0 and the random-direction loss's p_L (or the scalar head's b). */
    private static final int INPUT_VECTORS = 2;
    /** Objects of any trial whatever its size: streams, the trajectory arrays, the row. */
    private static final long FIXED_BYTES = 16 << 10;

    private MemoryBudget() {
    }

    /** The check against the configured executors, from the config alone (no session). */
    static void check(RunConfig cfg, TaskMemory memory) {
        long perTask = memory.perTaskBytes();
        for (Cell c : cfg.cells()) {
            long need = bytesPerTrial(c, cfg.backward());
            if (need > perTask) {
                throw new BadInputException("grid", String.format(Locale.ROOT, "cell %s needs about %.0f MiB per "
                        + "trial (%s), more than a task's %.0f MiB (%s); lower width or depth, use sampler = chain "
                        + "where it applies, or raise the executor memory", c.key(), need / 1048576.0, what(c),
                        perTask / 1048576.0, memory.describe()));
            }
        }
    }

    /** The same check against the session's own executors (a second guard; the config check came first). */
    static void check(RunConfig cfg, SparkContext sc) {
        check(cfg, TaskMemory.of(sc.getConf().getAll(), sc.defaultParallelism()));
    }

    /** Bytes one trial of {@code c} holds while it runs (its kernel is reused by the task's next trials). */
    static long bytesPerTrial(Cell c, boolean backward) {
        if (c.sampler() == Sampler.CHAIN) {
            return ChainSampler.bytesPerTrial(c, backward) + FIXED_BYTES; // O(sqrt L) scalars, whatever d
        }
        long d = c.width();
        long depth = c.depth();
        int perLayer = vectorsPerLayer(c);
        // ResidualKernel.segmentLength: every record kept when they fit in FULL_STORAGE_BYTES, else a segment
        // of ceil(sqrt L) layers plus one checkpoint state per segment.
        boolean all = (depth + 1.0) * d * perLayer * 8.0 <= ResidualKernel.FULL_STORAGE_BYTES;
        long segment = all ? depth : Math.max(1, (long) Math.ceil(Math.sqrt(depth)));
        double records = (segment + 1.0) * d * perLayer * 8.0;
        double checkpoints = all ? d * 8.0 : (depth / segment + 1.0) * d * 8.0;
        int head = c.loss() == LossKind.QUADRATIC ? LossKind.OUTPUT_DIMENSION : 1;
        double vectors = (KERNEL_VECTORS + SAMPLER_VECTORS + INPUT_VECTORS + head) * 8.0 * d;
        double total = records + checkpoints + vectors + c.fieldBytes() + FIXED_BYTES;
        return total >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) total;
    }

    /** d-vectors per stored layer record, as the kernels allocate them. */
    private static int vectorsPerLayer(Cell c) {
        if (c.sampler() == Sampler.DENSE) {
            return 1; // the state
        }
        // the state, V g / ||g|| and W h (res-2/3), and g for tanh
        return (c.arch().hasInnerWeights() ? 3 : 2) + (c.activation().kind() == Activation.Kind.TANH ? 1 : 0);
    }

    private static String what(Cell c) {
        if (c.sampler() == Sampler.CHAIN) {
            return "the chain's per-layer records";
        }
        return c.fieldBytes() > 0 ? "the " + c.weights().label() + " weight field of d^2 L entries per matrix and "
                + "the O(d) vectors" : "the " + c.sampler().label() + " sampler's stored states and O(d) vectors";
    }
}
