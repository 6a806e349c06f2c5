package resnetmc.kernel;

import resnetmc.model.Cell;
import resnetmc.process.LayerProcess;

/** The kernel of a cell's sampler. */
public final class Kernels {
    private Kernels() {
    }

    public static ResidualKernel of(Cell cell, int trajectoryPoints) {
        return of(cell, trajectoryPoints, WeightField.processFor(cell));
    }

    /** With the cell's across-layer process precomputed ({@link WeightField#processFor}; null for i.i.d.). */
    public static ResidualKernel of(Cell cell, int trajectoryPoints, LayerProcess process) {
        int[] layers = Trajectory.layers(cell.depth(), trajectoryPoints);
        return switch (cell.sampler()) {
            case DENSE -> process == null ? new DenseSampler(cell, layers) : new DenseSampler(cell, layers, process);
            case CONDITIONAL -> new ConditionalSampler(cell, layers);
        };
    }
}
