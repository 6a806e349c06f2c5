/**
 * The training data sets (THEORY.md section 4): Fashion-MNIST read from its IDX files and the synthetic
 * teacher-student regression generated from the run seed, as an in-memory {@link resnetmc.training.data.Dataset}.
 *
 * <p>May import {@code resnetmc.rng}, {@code resnetmc.config} (bad-input errors), commons-rng and
 * {@code java.*}; no Spark.
 */
package resnetmc.training.data;
