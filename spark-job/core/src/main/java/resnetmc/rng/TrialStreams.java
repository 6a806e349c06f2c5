package resnetmc.rng;

import org.apache.commons.rng.RestorableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The generators of one trial. Each call returns a new generator positioned at the start of its
 * stream, so the backward pass regenerates a layer's matrix exactly as the forward pass drew it.
 */
public final class TrialStreams {
    private final long trial;
    private final long prefix;  // the (seed, cell, trial) part of every stream's hash, mixed once

    TrialStreams(long seed, long cellId, long trial) {
        this.trial = trial;
        this.prefix = RandomStreams.trialPrefix(seed, cellId, trial);
    }

    /** The stream of h_0 and of the loss head (B, y or the direction p_L). */
    public UniformRandomProvider inputs() {
        return RandomStreams.derive(prefix, RandomStreams.Purpose.INPUTS, 0);
    }

    /** The stream of V_{layer}, layer = 1..L. */
    public UniformRandomProvider v(int layer) {
        return RandomStreams.derive(prefix, RandomStreams.Purpose.V, layer);
    }

    /** The stream of W_{layer}, layer = 1..L. */
    public UniformRandomProvider w(int layer) {
        return RandomStreams.derive(prefix, RandomStreams.Purpose.W, layer);
    }

    /** The initial xoshiro256++ state of {@link #v}(layer): the same stream, for a generator kept in locals. */
    public long[] vState(int layer) {
        return RandomStreams.state(prefix, RandomStreams.Purpose.V, layer);
    }

    /** The initial xoshiro256++ state of {@link #w}(layer). */
    public long[] wState(int layer) {
        return RandomStreams.state(prefix, RandomStreams.Purpose.W, layer);
    }

    /** The fresh Gaussians of the conditional backward pass through V_{layer}. */
    public UniformRandomProvider vBackward(int layer) {
        return RandomStreams.derive(prefix, RandomStreams.Purpose.V_BACKWARD, layer);
    }

    /** The fresh Gaussians of the conditional backward pass through W_{layer}. */
    public UniformRandomProvider wBackward(int layer) {
        return RandomStreams.derive(prefix, RandomStreams.Purpose.W_BACKWARD, layer);
    }

    /** The stream of row {@code row} of every V_k of correlated weights (all layers at once). */
    public UniformRandomProvider vField(int row) {
        return RandomStreams.derive(prefix, RandomStreams.Purpose.V_FIELD, row);
    }

    /** The stream of row {@code row} of every W_k of correlated weights. */
    public UniformRandomProvider wField(int row) {
        return RandomStreams.derive(prefix, RandomStreams.Purpose.W_FIELD, row);
    }

    /** The biases of layer {@code layer} (mean-field networks). */
    public UniformRandomProvider bias(int layer) {
        return RandomStreams.derive(prefix, RandomStreams.Purpose.BIAS, layer);
    }

    /** The permutation of the training examples in epoch {@code epoch} (trainable networks). */
    public UniformRandomProvider trainOrder(int epoch) {
        return RandomStreams.derive(prefix, RandomStreams.Purpose.TRAIN_ORDER, epoch);
    }

    /** The dropout masks of every layer at training step {@code step} (trainable networks). */
    public UniformRandomProvider dropout(int step) {
        return RandomStreams.derive(prefix, RandomStreams.Purpose.DROPOUT, step);
    }

    /**
     * The one stream of every forward draw of the chain sampler (all layers in order); restorable, so
     * the backward pass regenerates a segment from a saved state.
     */
    public RestorableUniformRandomProvider chainForward() {
        return RandomStreams.derive(prefix, RandomStreams.Purpose.CHAIN_FORWARD, 0);
    }

    /** The one stream of every backward draw of the chain sampler (layers L-1 down to 0). */
    public UniformRandomProvider chainBackward() {
        return RandomStreams.derive(prefix, RandomStreams.Purpose.CHAIN_BACKWARD, 0);
    }

    public long trial() {
        return trial;
    }
}
