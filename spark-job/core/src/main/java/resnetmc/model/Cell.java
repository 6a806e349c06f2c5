package resnetmc.model;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * One cell of the experiment grid: everything that defines the law of a trial.
 *
 * @param beta        the exponent of alpha = L^-beta, or NaN when alpha was given explicitly
 * @param alpha       the residual scaling alpha_L actually used
 * @param regularity  how the weights vary across layers
 * @param lengthScale the RBF length-scale (in units of t = k/L), NaN unless rbf
 * @param hurst       the Hurst index of fbm weights, NaN unless fbm
 */
public record Cell(Architecture arch, Activation activation, WeightDistribution distribution, int width, int depth,
                   double beta, double alpha, InputKind input, LossKind loss, Sampler sampler, Regularity regularity,
                   double lengthScale, double hurst) implements Serializable {

    /** A cell with i.i.d. weights across layers. */
    public Cell(Architecture arch, Activation activation, WeightDistribution distribution, int width, int depth,
                double beta, double alpha, InputKind input, LossKind loss, Sampler sampler) {
        this(arch, activation, distribution, width, depth, beta, alpha, input, loss, sampler, Regularity.IID,
                Double.NaN, Double.NaN);
    }

    public Cell {
        if (regularity != Regularity.IID && (distribution != WeightDistribution.GAUSSIAN || sampler != Sampler.DENSE)) {
            throw new IllegalArgumentException(regularity.label() + " weights are Gaussian processes across layers: "
                    + "they need gaussian entries and the dense sampler");
        }
        if (arch == Architecture.RES_3 && activation.kind() != Activation.Kind.RELU) {
            throw new IllegalArgumentException("res-3's branch is ReLU by definition, got " + activation.label());
        }
        if (width < 1 || depth < 1 || !(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("invalid cell " + width + " " + depth + " " + alpha);
        }
    }

    /**
     * alpha = L^-beta, computed with {@link StrictMath} so every executor, whatever its CPU, derives the
     * same bits.
     */
    public static double alphaOf(int depth, double beta) {
        return StrictMath.pow(depth, -beta);
    }

    public boolean hasBeta() {
        return !Double.isNaN(beta);
    }

    /** The leaky slope, or NaN for activations that have none. */
    public double leakySlope() {
        return activation.kind() == Activation.Kind.LEAKY_RELU ? activation.slope() : Double.NaN;
    }

    /**
     * Canonical text of the cell. The cell's random streams hash it, so adding or removing other cells
     * of the grid never changes this cell's numbers.
     */
    public String key() {
        StringBuilder sb = new StringBuilder(128)
                .append("arch=").append(arch.label())
                .append(";activation=").append(activation.label());
        if (activation.kind() == Activation.Kind.LEAKY_RELU) {
            sb.append(";slope=").append(activation.slope());
        }
        sb.append(";distribution=").append(distribution.label())
                .append(";width=").append(width)
                .append(";depth=").append(depth)
                .append(hasBeta() ? ";beta=" + beta : ";alpha=" + alpha)
                .append(";input=").append(input.label())
                .append(";loss=").append(loss.label())
                .append(";sampler=").append(sampler.label());
        // i.i.d. cells keep the key (and so the random streams) they had before regularity existed.
        if (regularity == Regularity.RBF) {
            sb.append(";regularity=rbf;length-scale=").append(lengthScale);
        } else if (regularity == Regularity.FBM) {
            sb.append(";regularity=fbm;hurst=").append(hurst);
        }
        return sb.toString();
    }

    /** A stable 64-bit id of {@link #key()} (FNV-1a, then a 64-bit finaliser to spread the bits). */
    public long id() {
        return stableId(key());
    }

    /** FNV-1a of the UTF-8 bytes of {@code key}, then {@link resnetmc.rng.RandomStreams#mix64}. */
    public static long stableId(String key) {
        long h = 0xcbf29ce484222325L; // FNV-1a 64-bit offset basis
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L; // FNV-1a 64-bit prime
        }
        return resnetmc.rng.RandomStreams.mix64(h);
    }

    /**
     * Bytes of the per-trial weight field of correlated weights (every entry's whole series across the L
     * layers, V and W): 0 for i.i.d. weights, which are drawn layer by layer.
     */
    public long fieldBytes() {
        return regularity == Regularity.IID ? 0
                : (arch.hasInnerWeights() ? 2L : 1L) * width * (long) width * depth * Double.BYTES;
    }

    /** Gaussian draws per trial of the dense sampler: d^2 per matrix, V (and W), forward and backward. */
    public double denseCost() {
        return 2.0 * (arch.hasInnerWeights() ? 2 : 1) * (double) width * width * depth;
    }

    /**
     * Relative cost of one trial with this cell's sampler, in Gaussian draws: the dense count, or for
     * the conditional sampler d per matrix and pass plus about one more pass of vector work, and a
     * per-layer overhead of about 200 draws' worth (deriving four generators).
     */
    public double cost() {
        int matrices = arch.hasInnerWeights() ? 2 : 1;
        if (sampler == Sampler.CONDITIONAL) {
            return (3.0 * matrices * width + 200.0) * depth;
        }
        // Correlated weights add the generation of d^2 series per matrix: an FFT of about 2L points
        // (fbm, two series per FFT) or L r multiply-adds (rbf, r ~ 30 retained eigenvalues).
        double field = regularity == Regularity.IID ? 0
                : (double) matrices * width * width * depth * (regularity == Regularity.FBM ? 12.0 : 30.0);
        return denseCost() + field;
    }

    /** The cells that differ only by depth: the Corollary 1 trend is measured across them. */
    public String depthGroupKey() {
        return key().replaceFirst(";depth=\\d+", "");
    }
}
