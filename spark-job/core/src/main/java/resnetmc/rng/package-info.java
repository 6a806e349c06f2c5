/**
 * The one place where randomness is derived: {@link resnetmc.rng.RandomStreams} turns (seed, cell id,
 * trial, purpose, layer) into an independent xoshiro256++ generator, and hashes canonical key texts into
 * stable ids; {@link resnetmc.rng.TrialStreams} names the streams of one trial. A trial's numbers depend on
 * nothing else (not the partitioning, the executor, the order of evaluation or a retry).
 *
 * <p>May import commons-rng and {@code java.*} only.
 */
package resnetmc.rng;
