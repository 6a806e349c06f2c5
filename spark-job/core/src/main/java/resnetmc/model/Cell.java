package resnetmc.model;

import java.io.Serializable;
import resnetmc.rng.RandomStreams;

/**
 * One cell of the experiment grid: everything that defines the law of a trial. The constructor holds
 * the domain rules of a single cell (res-3's branch is ReLU; correlated weights need Gaussian entries
 * and the dense sampler, see {@link WeightProcess#conflict}); {@link Grid} builds the cells of a run.
 *
 * @param scaling the residual factor alpha_L: L^-beta or explicit
 * @param weights how the weights vary across layers
 */
public record Cell(Architecture arch, Activation activation, WeightDistribution distribution, int width, int depth,
                   Scaling scaling, InputKind input, LossKind loss, Sampler sampler, WeightProcess weights)
        implements Serializable {

    /** A cell with i.i.d. weights across layers. */
    public Cell(Architecture arch, Activation activation, WeightDistribution distribution, int width, int depth,
                Scaling scaling, InputKind input, LossKind loss, Sampler sampler) {
        this(arch, activation, distribution, width, depth, scaling, input, loss, sampler, WeightProcess.IID);
    }

    public Cell {
        if (arch == null || activation == null || distribution == null || scaling == null || input == null
                || loss == null || sampler == null || weights == null) {
            throw new IllegalArgumentException("a cell needs every field");
        }
        String conflict = arch.conflict(activation);
        if (conflict == null) {
            conflict = weights.conflict(distribution, sampler);
        }
        if (conflict == null && sampler == Sampler.CHAIN) {
            conflict = Sampler.chainConflict(arch, activation, distribution, weights, width);
        }
        if (conflict != null) {
            throw new IllegalArgumentException(conflict);
        }
        if (width < 1 || depth < 1) {
            throw new IllegalArgumentException("a cell needs width and depth >= 1, got " + width + " and " + depth);
        }
    }

    /** alpha_L = L^-beta, with {@link StrictMath} (see {@link Scaling.Beta#alpha}). */
    public static double alphaOf(int depth, double beta) {
        return new Scaling.Beta(beta).alpha(depth);
    }

    /** The residual scaling alpha_L actually used. */
    public double alpha() {
        return scaling.alpha(depth);
    }

    /** The leaky slope, or NaN for activations that have none. */
    public double leakySlope() {
        return activation.kind() == Activation.Kind.LEAKY_RELU ? activation.slope() : Double.NaN;
    }

    /**
     * Canonical text of the cell. The cell's random streams hash it, so adding or removing other cells
     * of the grid never changes this cell's numbers. Its bytes are pinned by a test: changing them
     * changes every result.
     */
    public String key() {
        StringBuilder sb = new StringBuilder(128)
                .append("arch=").append(arch.label())
                .append(";activation=").append(activation.label());
        if (activation.kind() == Activation.Kind.LEAKY_RELU) {
            sb.append(";slope=").append(activation.slope());
        }
        return sb.append(";distribution=").append(distribution.label())
                .append(";width=").append(width)
                .append(";depth=").append(depth)
                .append(';').append(scaling.keyPart())
                .append(";input=").append(input.label())
                .append(";loss=").append(loss.label())
                .append(";sampler=").append(sampler.label())
                .append(weights.keySuffix())
                .toString();
    }

    /** A stable 64-bit id of {@link #key()} ({@link RandomStreams#stableId}). */
    public long id() {
        return RandomStreams.stableId(key());
    }

    private boolean correlated() {
        return weights.kind() != WeightProcess.Kind.IID;
    }

    /**
     * Bytes of the per-trial weight field of correlated weights (every entry's whole series across the L
     * layers, V and W): 0 for i.i.d. weights, which are drawn layer by layer.
     */
    public long fieldBytes() {
        return correlated() ? (arch.hasInnerWeights() ? 2L : 1L) * width * (long) width * depth * Double.BYTES : 0;
    }

    /** Gaussian draws per trial of the dense sampler: d^2 per matrix, V (and W), forward and backward. */
    public double denseCost() {
        return 2.0 * (arch.hasInnerWeights() ? 2 : 1) * (double) width * width * depth;
    }

    /**
     * Relative cost of one trial with this cell's sampler, in Gaussian draws: the dense count, or for
     * the conditional sampler d per matrix and pass plus about one more pass of vector work, and a
     * per-layer overhead of about 200 draws' worth (deriving four generators), or for the chain its
     * O(1)-per-layer count ({@link Sampler#chainCost}), whatever d.
     */
    public double cost() {
        if (sampler == Sampler.CHAIN) {
            // The backward pass included, segments regenerated: an upper bound, the same for every chain cell
            // of a depth, so the packing of chain cells does not depend on it.
            return Sampler.chainCost(depth, true, true);
        }
        int matrices = arch.hasInnerWeights() ? 2 : 1;
        if (sampler == Sampler.CONDITIONAL) {
            return (3.0 * matrices * width + 200.0) * depth;
        }
        // Correlated weights add the generation of d^2 series per matrix: an FFT of about 2L points
        // (fbm, two series per FFT) or L r multiply-adds (rbf, r ~ 30 retained eigenvalues).
        double field = !correlated() ? 0
                : (double) matrices * width * width * depth * (weights.kind() == WeightProcess.Kind.FBM ? 12.0 : 30.0);
        return denseCost() + field;
    }

    /** The cells that differ only by depth: the Corollary 1 trend is measured across them. */
    public String depthGroupKey() {
        return key().replaceFirst(";depth=\\d+", "");
    }
}
