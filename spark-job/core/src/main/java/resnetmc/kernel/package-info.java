/**
 * The per-trial numerical kernels of the Monte Carlo mode: one trial of a cell's ResNet forward and
 * backward (THEORY.md section 1), by the dense sampler (every weight drawn; any law; correlated weights
 * through {@link resnetmc.kernel.WeightField}) or by Gaussian conditioning (THEORY.md section 5), with the
 * vector helpers they share.
 *
 * <p>Hot loops on primitive {@code double[]}, buffers allocated per kernel and reused per trial; every
 * generator comes from {@link resnetmc.rng.TrialStreams}. May import {@code resnetmc.model},
 * {@code resnetmc.rng}, {@code resnetmc.process} and commons-rng; no config, no Spark.
 */
package resnetmc.kernel;
