/**
 * Reading a run's configuration: {@link resnetmc.config.ConfigReader} owns {@code reference.conf}, the
 * {@code key=value} overrides, the unknown-key check and the typed accessors (integers never truncated,
 * numbers with a {@link resnetmc.config.Range}, booleans, durations, labels of
 * {@link resnetmc.model.Labelled} enums, lists as sweeps); every problem is a
 * {@link resnetmc.config.BadInputException} naming the key (exit code 2). {@link resnetmc.config.ConfigLoader}
 * builds the Monte Carlo {@link resnetmc.config.RunConfig}; {@link resnetmc.config.GridKeys} reads the grid
 * keys it shares with the training mode. The other modes' builders live with their mode
 * ({@code resnetmc.meanfield}, {@code resnetmc.training}) and use the reader.
 *
 * <p>May import Typesafe Config, {@code resnetmc.model} and {@code resnetmc.theory} (the constant kinds of
 * the checks); not the modes that depend on it ({@code meanfield}, {@code training}), not kernels, no Spark.
 */
package resnetmc.config;
