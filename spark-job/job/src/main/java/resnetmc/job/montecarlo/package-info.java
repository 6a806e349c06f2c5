/**
 * {@code mode = montecarlo}: trials of deep scaled ResNets at initialisation (Marion, Fermanian, Biau,
 * Vert, "Scaling ResNets in the Large-depth Regime", arXiv 2206.06929), computed in checkpoint groups
 * so that an interrupted run resumes; per-cell statistics from the stored trials in trial order; the
 * empirical checks of Lemma 1, Propositions 2-3 and Corollary 1; the {@code trials}, {@code cells} and
 * {@code checks} tables. The numbers come from the Spark-free kernels of {@code resnetmc.kernel} and
 * {@code resnetmc.checks}; this package only distributes and aggregates.
 *
 * <p>May import Spark, {@code resnetmc.job.run}, {@code resnetmc.io}, {@code resnetmc.schema} and the
 * core packages; no other mode package.
 */
package resnetmc.job.montecarlo;
