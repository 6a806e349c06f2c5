/**
 * {@code mode = meanfield}: finite-width FRN/RRN trials against the infinite-width mean-field recursion
 * ({@code resnetmc.theory.meanfield}), per cell and recorded layer; the {@code layers} table.
 *
 * <p>May import Spark, {@code resnetmc.job.run}, {@code resnetmc.io}, {@code resnetmc.schema} and the
 * core packages; no other mode package.
 */
package resnetmc.job.meanfield;
