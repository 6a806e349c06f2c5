/**
 * Closed-form statements and small statistics used to check Monte Carlo results against
 * Marion, Fermanian, Biau, Vert, "Scaling ResNets in the Large-depth Regime"
 * (arXiv 2206.06929): the bounds of Lemma 1, Propositions 2 and 3 and Corollary 1 with their
 * preconditions ({@link resnetmc.theory.Bounds}), the constants of Hypotheses 1 and 2
 * ({@link resnetmc.theory.HypothesisConstants}), and the interval estimates an empirical check
 * reports ({@link resnetmc.theory.ClopperPearson}, {@link resnetmc.theory.MeanInterval},
 * {@link resnetmc.theory.WeightedSlope}). Plain Java, no Spark: these are driver-side kernels.
 */
package resnetmc.theory;
