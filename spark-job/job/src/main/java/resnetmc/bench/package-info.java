/**
 * {@code submit/bench}: throughput of the kernels and of the job's work plan on this machine.
 *
 * <p>May import Spark, {@code resnetmc.job.run} (the work plan) and the core packages; nothing imports it.
 */
package resnetmc.bench;
