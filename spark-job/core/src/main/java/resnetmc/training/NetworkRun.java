package resnetmc.training;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Regularity;
import resnetmc.model.Sampler;
import resnetmc.model.WeightDistribution;
import resnetmc.training.optim.OptimizerSpec;
import resnetmc.training.optim.ScheduleSpec;

/**
 * Everything that defines one training run of the sweep: the network (as a Monte Carlo cell: arch,
 * activation, width, depth, beta or alpha, weight regularity), the optimizer and schedule (the
 * schedule's base rate is the swept learning rate), the replicate and the training budget.
 *
 * @param index          position in the run's list of networks (tables are ordered by it)
 * @param beta           the exponent of alpha = L^-beta, NaN when alpha was explicit
 * @param hurst          Hurst index of fbm weights, NaN for i.i.d.
 * @param clipNorm       gradient-norm clipping threshold, 0 for none
 * @param divergenceBound a mini-batch loss above it (or NaN) ends the run as diverged
 */
public record NetworkRun(int index, Architecture arch, Activation activation, int width, int depth, double beta,
                         double alpha, Regularity regularity, double hurst, OptimizerSpec optimizer,
                         ScheduleSpec schedule, int replicate, double dropout, boolean batchNorm, double clipNorm,
                         int batchSize, int steps, int evalPoints, int probeSize, double divergenceBound)
        implements Serializable {

    /** The learning rate swept (the schedule's base rate). */
    public double lr() {
        return schedule.baseLr();
    }

    /**
     * The network as a Monte Carlo cell (Gaussian entries, dense sampling): its id seeds the initial
     * weights, so runs differing only by optimizer, schedule, rate or regularisation start from the
     * same weights and see the same batches and dropout masks (paired comparisons).
     */
    public Cell cell() {
        return cellOf(arch, activation, width, depth, beta, alpha, regularity, hurst);
    }

    /** The Monte Carlo cell of a network shape (see {@link #cell()}). */
    public static Cell cellOf(Architecture arch, Activation activation, int width, int depth, double beta, double alpha,
                              Regularity regularity, double hurst) {
        return new Cell(arch, activation, WeightDistribution.GAUSSIAN, width, depth, beta, alpha, InputKind.DATA,
                LossKind.QUADRATIC, Sampler.DENSE, regularity, Double.NaN, hurst);
    }

    /** The id of the initial weights, batch order and dropout masks (see {@link #cell()}). */
    public long initId() {
        return cell().id();
    }

    /** Canonical text of every setting; {@link #id()} hashes it. */
    public String key() {
        return cell().key() + ";optimizer=" + optimizer + ";schedule=" + schedule + ";replicate=" + replicate
                + ";dropout=" + dropout + ";batch-norm=" + batchNorm + ";clip-norm=" + clipNorm
                + ";batch-size=" + batchSize + ";steps=" + steps + ";eval-points=" + evalPoints
                + ";probe-size=" + probeSize + ";divergence-bound=" + divergenceBound;
    }

    /** A stable 64-bit id of {@link #key()} (FNV-1a then the SplitMix64 finaliser, as {@link Cell#id()}). */
    public long id() {
        long h = 0xcbf29ce484222325L; // FNV-1a 64-bit offset basis
        for (byte b : key().getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L; // FNV-1a 64-bit prime
        }
        return resnetmc.rng.RandomStreams.mix64(h);
    }

    /** Multiply-adds per training step, for ordering the tasks longest first. */
    public double cost(int inputs) {
        return (double) batchSize * ((arch.hasInnerWeights() ? 2.0 : 1.0) * depth * width * width + inputs * width)
                * steps;
    }

    /** The network shape for a data set of {@code inputs} features and {@code outputs} targets. */
    public NetworkSpec spec(int inputs, int outputs, boolean classifier) {
        return new NetworkSpec(arch, activation, width, depth, alpha, inputs, outputs, classifier, dropout, batchNorm);
    }
}
