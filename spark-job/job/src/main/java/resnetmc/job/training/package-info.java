/**
 * {@code mode = training}: one network trained per task by the Spark-free {@code resnetmc.training}
 * trainer on a broadcast data set (Figure 9 of Marion et al., arXiv 2206.06929, over beta and the
 * learning rate); the {@code training_runs} and {@code training_curves} tables.
 *
 * <p>May import Spark, {@code resnetmc.job.run}, {@code resnetmc.io}, {@code resnetmc.schema} and the
 * core packages; no other mode package.
 */
package resnetmc.job.training;
