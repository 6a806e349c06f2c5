/**
 * The training mode's mathematics (THEORY.md section 4): a trainable scaled ResNet with exact gradients
 * ({@link resnetmc.training.Network}), the Spark-free training loop ({@link resnetmc.training.Trainer}),
 * one run's settings ({@link resnetmc.training.NetworkRun}) and the mode's config builder
 * ({@link resnetmc.training.TrainingConfig}). Initial weights, batch order and dropout masks come from
 * {@link resnetmc.rng.RandomStreams}, keyed by the network's Monte Carlo cell.
 *
 * <p>May import {@code resnetmc.model}, {@code resnetmc.config}, {@code resnetmc.rng},
 * {@code resnetmc.kernel} (the correlated weight field), its subpackages, netlib BLAS and Typesafe Config;
 * no Spark.
 */
package resnetmc.training;
