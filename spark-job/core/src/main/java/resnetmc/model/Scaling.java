package resnetmc.model;

import java.io.Serializable;

/**
 * The factor alpha_L on the residual branch, h_{k+1} = h_k + alpha_L V_{k+1} g(h_k) (Marion et al.,
 * arXiv 2206.06929, eq. (1)): either alpha_L = L^-beta, the scaling whose exponent the paper's
 * Proposition 2 and Corollary 1 are about, or a value given explicitly.
 */
public sealed interface Scaling extends Serializable permits Scaling.Beta, Scaling.Explicit {

    /** alpha_L at depth L. */
    double alpha(int depth);

    /** The text the cell key holds for this scaling ({@code beta=0.5} or {@code alpha=0.1}). */
    String keyPart();

    /**
     * alpha_L = L^-beta, computed with {@link StrictMath} so that every executor, whatever its CPU,
     * derives the same bits.
     *
     * @param beta the exponent, finite and > 0
     */
    record Beta(double beta) implements Scaling {
        public Beta {
            if (!(beta > 0) || Double.isInfinite(beta)) {
                throw new IllegalArgumentException("beta must be finite and > 0, got " + beta);
            }
        }

        @Override
        public double alpha(int depth) {
            return StrictMath.pow(depth, -beta);
        }

        @Override
        public String keyPart() {
            return "beta=" + beta;
        }
    }

    /**
     * alpha_L given as a number, the same at every depth.
     *
     * @param alpha finite and > 0
     */
    record Explicit(double alpha) implements Scaling {
        public Explicit {
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha must be finite and > 0, got " + alpha);
            }
        }

        @Override
        public double alpha(int depth) {
            return alpha;
        }

        @Override
        public String keyPart() {
            return "alpha=" + alpha;
        }
    }
}
