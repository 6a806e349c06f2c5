package resnetmc.training;

import java.io.Serializable;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.model.WeightProcess;
import resnetmc.rng.RandomStreams;
import resnetmc.training.optim.OptimizerSpec;
import resnetmc.training.optim.ScheduleSpec;

/**
 * Everything that defines one training run of the sweep: the network (as a Monte Carlo cell: arch,
 * activation, width, depth, beta or alpha, weights across layers), the optimizer and schedule (the
 * schedule's base rate is the swept learning rate), the replicate and the training budget.
 *
 * @param index           position in the run's list of networks (tables are ordered by it)
 * @param cell            the network as a Monte Carlo cell ({@link #cellOf}): Gaussian entries, data
 *                        inputs, quadratic loss, dense sampling
 * @param clipNorm        gradient-norm clipping threshold, 0 for none
 * @param divergenceBound a mini-batch loss above it (or NaN) ends the run as diverged
 */
public record NetworkRun(int index, Cell cell, OptimizerSpec optimizer, ScheduleSpec schedule, int replicate,
                         double dropout, boolean batchNorm, double clipNorm, int batchSize, int steps, int evalPoints,
                         int probeSize, double divergenceBound) implements Serializable {

    public NetworkRun {
        if (!cell.equals(cellOf(cell.arch(), cell.activation(), cell.width(), cell.depth(), cell.scaling(),
                cell.weights()))) {
            throw new IllegalArgumentException("not the cell of a trainable network: " + cell.key());
        }
    }

    /**
     * The Monte Carlo cell of a network shape (Gaussian entries, dense sampling): its id seeds the initial
     * weights, so runs differing only by optimizer, schedule, rate or regularisation start from the same
     * weights and see the same batches and dropout masks (paired comparisons).
     */
    public static Cell cellOf(Architecture arch, Activation activation, int width, int depth, Scaling scaling,
                              WeightProcess weights) {
        return new Cell(arch, activation, WeightDistribution.GAUSSIAN, width, depth, scaling, InputKind.DATA,
                LossKind.QUADRATIC, Sampler.DENSE, weights);
    }

    public Architecture arch() {
        return cell.arch();
    }

    public Activation activation() {
        return cell.activation();
    }

    public int width() {
        return cell.width();
    }

    public int depth() {
        return cell.depth();
    }

    public Scaling scaling() {
        return cell.scaling();
    }

    public double alpha() {
        return cell.alpha();
    }

    public WeightProcess weights() {
        return cell.weights();
    }

    /** The learning rate swept (the schedule's base rate). */
    public double lr() {
        return schedule.baseLr();
    }

    /** The id of the initial weights, batch order and dropout masks (see {@link #cellOf}). */
    public long initId() {
        return cell.id();
    }

    /** Canonical text of every setting; {@link #id()} hashes it. */
    public String key() {
        return cell.key() + ";optimizer=" + optimizer + ";schedule=" + schedule + ";replicate=" + replicate
                + ";dropout=" + dropout + ";batch-norm=" + batchNorm + ";clip-norm=" + clipNorm
                + ";batch-size=" + batchSize + ";steps=" + steps + ";eval-points=" + evalPoints
                + ";probe-size=" + probeSize + ";divergence-bound=" + divergenceBound;
    }

    /** A stable 64-bit id of {@link #key()} ({@link RandomStreams#stableId}, as {@link Cell#id()}). */
    public long id() {
        return RandomStreams.stableId(key());
    }

    /** Multiply-adds per training step, for ordering the tasks longest first. */
    public double cost(int inputs) {
        return (double) batchSize * ((arch().hasInnerWeights() ? 2.0 : 1.0) * depth() * width() * width()
                + inputs * width()) * steps;
    }

    /** The network shape for a data set of {@code inputs} features and {@code outputs} targets. */
    public NetworkSpec spec(int inputs, int outputs, boolean classifier) {
        return new NetworkSpec(arch(), activation(), width(), depth(), alpha(), inputs, outputs, classifier, dropout,
                batchNorm);
    }
}
