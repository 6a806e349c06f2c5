package resnetmc.process;

import java.io.Serializable;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A unit-variance Gaussian process over the L layers, precomputed once per cell (an FFT of the
 * circulant embedding, or an eigendecomposition) and shared by all its trials: immutable and
 * serializable, to be broadcast. Draws go through a {@link Series} made per thread.
 */
public sealed interface LayerProcess extends Serializable permits FractionalGaussianNoise, RbfProcess {

    /** The number of points L of a series. */
    int length();

    /** A drawer with its own buffers: one per thread (the process itself is shared). */
    Series series();

    /** Draws series of a process; not thread-safe. */
    interface Series {
        /** Series written by one {@link #sample} call: 1, or 2 when a draw yields two independent series. */
        int perDraw();

        /** Writes one series into a, and a second, independent one into b when {@link #perDraw()} is 2. */
        void sample(UniformRandomProvider rng, double[] a, double[] b);
    }
}
