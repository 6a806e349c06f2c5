/**
 * A run's output on any Hadoop file system: the lease lock with its heartbeat and stale take-over
 * ({@link resnetmc.io.RunLock}), the checkpoints a resume reuses ({@link resnetmc.io.CheckpointStore}),
 * the staged commit that swaps complete tables into {@code OUTPUT/RUN_ID} by renames
 * ({@link resnetmc.io.StagedCommit}), the three composed ({@link resnetmc.io.RunOutput}), the options
 * that open it ({@link resnetmc.io.OutputOptions}), and the Spark schemas of every table
 * ({@link resnetmc.io.SparkSchemas}, built from {@code resnetmc.schema}).
 *
 * <p>May import Hadoop's file system API, Spark SQL types, Typesafe Config, {@code resnetmc.schema} and
 * {@code resnetmc.config} (for the bad-input error); no {@code resnetmc.job} package.
 */
package resnetmc.io;
