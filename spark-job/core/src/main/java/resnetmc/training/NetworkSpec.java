package resnetmc.training;

import java.io.Serializable;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;

/**
 * The shape of one trainable scaled ResNet (Marion et al., arXiv 2206.06929, eq. res-1..res-3):
 * h_0 = A x, h_k = h_{k-1} + alpha D_k V_k g_k(z_k), z_k = BN_k(h_{k-1}) or h_{k-1}, output B h_L, with
 * g = sigma(z) (res-1), sigma(W_k z) (res-2), ReLU(W_k z) (res-3) and D_k the dropout mask.
 *
 * @param inputs     n_in, the length of x (A is d x n_in)
 * @param outputs    n_out, classes or regression targets (B is n_out x d)
 * @param classifier softmax cross-entropy on labels when true, squared loss on targets otherwise
 * @param dropout    probability of dropping a branch coordinate in training, in [0, 1)
 * @param batchNorm  batch normalisation of the branch input, with a learnt scale and shift per layer
 */
public record NetworkSpec(Architecture arch, Activation activation, int width, int depth, double alpha, int inputs,
                          int outputs, boolean classifier, double dropout, boolean batchNorm) implements Serializable {

    public NetworkSpec {
        if (width < 1 || depth < 1 || inputs < 1 || outputs < 1 || !(alpha > 0) || !(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("invalid network " + width + " " + depth + " " + inputs + " " + outputs
                    + " " + alpha + " " + dropout);
        }
        String conflict = arch.conflict(activation);
        if (conflict != null) {
            throw new IllegalArgumentException(conflict);
        }
    }

    /** Offset of A in the flat parameter vector. */
    public int aOffset() {
        return 0;
    }

    /** Offset of V_k (k = 1..L), row-major d x d. */
    public int vOffset(int layer) {
        return inputs * width + (layer - 1) * width * width;
    }

    /** Offset of W_k (res-2/res-3 only), row-major d x d. */
    public int wOffset(int layer) {
        return inputs * width + depth * width * width + (layer - 1) * width * width;
    }

    /** Offset of B, row-major n_out x d. */
    public int bOffset() {
        return inputs * width + (arch.hasInnerWeights() ? 2 : 1) * depth * width * width;
    }

    /** Offset of layer k's batch-norm scale (d entries), followed by its shift (d entries). */
    public int bnOffset(int layer) {
        return bOffset() + outputs * width + (layer - 1) * 2 * width;
    }

    /** Length of the flat parameter vector [A, V_1..V_L, (W_1..W_L), B, (scale_1, shift_1, ..)]. */
    public int parameterCount() {
        long n = (long) inputs * width + (arch.hasInnerWeights() ? 2L : 1L) * depth * width * width
                + (long) outputs * width + (batchNorm ? 2L * depth * width : 0);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("network too large: " + n + " parameters");
        }
        return (int) n;
    }
}
