/**
 * The mathematics the engine checks, as closed forms: the bounds of Lemma 1, Propositions 2 and 3 and
 * Corollary 1 of Marion, Fermanian, Biau, Vert, "Scaling ResNets in the Large-depth Regime"
 * (arXiv 2206.06929) with their preconditions ({@link resnetmc.theory.Bounds}) and the constants of
 * Hypotheses 1 and 2 ({@link resnetmc.theory.HypothesisConstants}); THEORY.md section 1 restates them.
 *
 * <p>What may be imported here: the JDK only (commons-math3 special functions where a closed form
 * needs one). No sampling, no estimation: interval estimates live in {@link resnetmc.stats}, the
 * verdicts that compare them with these bounds in {@link resnetmc.checks}. Plain Java, no Spark.
 */
package resnetmc.theory;
