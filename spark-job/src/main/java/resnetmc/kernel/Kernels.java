package resnetmc.kernel;

import resnetmc.model.Cell;

/** The kernel of a cell's sampler. */
public final class Kernels {
    private Kernels() {
    }

    public static ResidualKernel of(Cell cell, int trajectoryPoints) {
        int[] layers = Trajectory.layers(cell.depth(), trajectoryPoints);
        return switch (cell.sampler()) {
            case DENSE -> new DenseSampler(cell, layers);
            case CONDITIONAL -> new ConditionalSampler(cell, layers);
        };
    }
}
