package resnetmc.rng;

import java.nio.charset.StandardCharsets;
import org.apache.commons.rng.RestorableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.SplitMix64;
import org.apache.commons.rng.core.source64.XoShiRo256PlusPlus;

/**
 * The one place where random streams are derived: every number a trial uses comes from a generator
 * seeded by a hash of (run seed, cell id, trial index, purpose, layer), so it is the same whatever the
 * partitioning, the executor count, the order of evaluation or a task retry.
 *
 * <p>Implementation overview: the tuple is folded into 64 bits with the SplitMix64 finaliser
 * ({@link #mix64}, Stafford's "Mix13" variant, as in {@code java.util.SplittableRandom}); the result
 * seeds a {@link SplitMix64} whose first four outputs seed a xoshiro256++ generator (Blackman and Vigna,
 * 2019), which is what commons-rng's own seeding does for a 256-bit state. Distinct tuples give
 * statistically independent streams; xoshiro256++ passes BigCrush and costs about 1 ns per long.
 */
public final class RandomStreams {

    /**
     * Purposes of a stream: the inputs (h_0, B, y, p_L), the two matrices of each layer, and the fresh
     * draws of the conditional sampler's backward pass (V~^T p, W~^T x), and the across-layer series of
     * correlated weights (one stream per row of V or W, the "layer" field holding the row). Append only: the ordinal is
     * hashed, so reordering would change every stream.
     */
    public enum Purpose { INPUTS, V, W, V_BACKWARD, W_BACKWARD, V_FIELD, W_FIELD, BIAS,
        /** The synthetic teacher-student data set: the "layer" field numbers its parts. */
        TEACHER,
        /** The order of training examples of a trainable network (the "layer" field holds the epoch). */
        TRAIN_ORDER,
        /** The dropout masks of a trainable network (the "layer" field holds the step). */
        DROPOUT,
        /** Every forward draw of the chain sampler, all layers of a trial in one stream. */
        CHAIN_FORWARD,
        /** Every backward draw of the chain sampler, all layers of a trial in one stream. */
        CHAIN_BACKWARD,
        /** Every draw of one importance-sampled chain trial (resnetmc.rare; the "layer" field holds the estimate). */
        RARE }

    /** Golden-ratio increment of SplitMix64 (2^64 / phi), used to separate the fields of the tuple. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private RandomStreams() {
    }

    /** The streams of one trial. */
    public static TrialStreams of(long seed, long cellId, long trial) {
        return new TrialStreams(seed, cellId, trial);
    }

    /**
     * Derives one generator; the only function that turns (seed, cell, trial, ...) into randomness. Its
     * state can be saved and restored (the chain sampler's checkpoints).
     */
    static RestorableUniformRandomProvider derive(long seed, long cellId, long trial, Purpose purpose, int layer) {
        return derive(trialPrefix(seed, cellId, trial), purpose, layer);
    }

    /** The (seed, cell, trial) part of {@link #derive}'s hash, the same for every stream of a trial. */
    static long trialPrefix(long seed, long cellId, long trial) {
        long h = mix64(seed + GOLDEN_GAMMA);
        h = mix64(h ^ mix64(cellId + 2 * GOLDEN_GAMMA));
        return mix64(h ^ mix64(trial + 3 * GOLDEN_GAMMA));
    }

    /** {@link #derive} from a {@link #trialPrefix}: the same generator, five fewer mixes per stream. */
    static RestorableUniformRandomProvider derive(long prefix, Purpose purpose, int layer) {
        return new XoShiRo256PlusPlus(state(prefix, purpose, layer));
    }

    /**
     * The initial xoshiro256++ state (s0..s3) of the stream {@link #derive} returns, for loops that run the
     * generator on local variables ({@code resnetmc.kernel.EntrySampler#uniform}).
     */
    static long[] state(long prefix, Purpose purpose, int layer) {
        long h = mix64(prefix ^ mix64(((long) purpose.ordinal() << 32 | (layer & 0xffffffffL)) + 4 * GOLDEN_GAMMA));
        SplitMix64 sm = new SplitMix64(h);
        return new long[] {sm.nextLong(), sm.nextLong(), sm.nextLong(), sm.nextLong()};
    }

    /**
     * The stream of trial {@code trial} of rare-event estimate {@code estimate} of a cell (resnetmc.rare): apart
     * from every stream of the plain trials.
     */
    public static RestorableUniformRandomProvider rare(long seed, long cellId, long trial, int estimate) {
        return derive(seed, cellId, trial, Purpose.RARE, estimate);
    }

    /**
     * The stream of part {@code part} of a data set generated from {@code seed} alone (the teacher-student
     * set: teacher weights, inputs, noise), the same for every network of a run.
     */
    public static UniformRandomProvider dataset(long seed, int part) {
        return derive(seed, 0, 0, Purpose.TEACHER, part);
    }

    /**
     * A stable 64-bit id of a canonical key text (a cell's, a training network's): FNV-1a over its UTF-8
     * bytes (Fowler, Noll and Vo; the 64-bit offset basis and prime below are the published FNV-1a
     * parameters), then {@link #mix64} to spread FNV's weakly mixed high bits. The id enters
     * {@link #of} as the cell, so it must never change for an existing key.
     */
    public static long stableId(String key) {
        long h = 0xcbf29ce484222325L; // FNV-1a 64-bit offset basis
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L; // FNV-1a 64-bit prime
        }
        return mix64(h);
    }

    /** The SplitMix64 finaliser (Stafford Mix13): a bijection of 64-bit words with full avalanche. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
