package resnetmc.kernel;

import resnetmc.model.Cell;
import resnetmc.process.LayerProcess;

/** The kernel of a cell's sampler. */
public final class Kernels {
    private Kernels() {
    }

    /**
     * The kernel of any cell, the chain sampler included (with its backward pass unless
     * {@code backward} is false; the vector samplers always run both passes).
     */
    public static TrialKernel trialKernel(Cell cell, int trajectoryPoints, boolean backward) {
        return trialKernel(cell, trajectoryPoints, backward, WeightField.processFor(cell));
    }

    /**
     * The same with the cell's across-layer process precomputed (null for i.i.d.); without
     * {@code backward} every sampler skips the backward pass and returns NaN gradient columns.
     */
    public static TrialKernel trialKernel(Cell cell, int trajectoryPoints, boolean backward, LayerProcess process) {
        if (cell.sampler() == resnetmc.model.Sampler.CHAIN) {
            return new ChainSampler(cell, Trajectory.layers(cell.depth(), trajectoryPoints), backward);
        }
        ResidualKernel k = of(cell, trajectoryPoints, process);
        return backward ? k : streams -> k.run(streams, false);
    }

    /** The vector kernel (dense or conditional) of a cell; the chain keeps no vectors: {@link #trialKernel}. */
    public static ResidualKernel of(Cell cell, int trajectoryPoints) {
        return of(cell, trajectoryPoints, WeightField.processFor(cell));
    }

    /** With the cell's across-layer process precomputed ({@link WeightField#processFor}; null for i.i.d.). */
    public static ResidualKernel of(Cell cell, int trajectoryPoints, LayerProcess process) {
        int[] layers = Trajectory.layers(cell.depth(), trajectoryPoints);
        return switch (cell.sampler()) {
            case DENSE -> process == null ? new DenseSampler(cell, layers) : new DenseSampler(cell, layers, process);
            case CONDITIONAL -> new ConditionalSampler(cell, layers);
            case CHAIN -> throw new IllegalArgumentException("the chain sampler keeps no d-vectors: use "
                    + "Kernels.trialKernel");
        };
    }
}
