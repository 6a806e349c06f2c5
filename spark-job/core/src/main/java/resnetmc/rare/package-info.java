/**
 * Probabilities far below any Monte Carlo count (THEORY.md section 7, "Rare events"): the exact brackets of
 * P(r_fwd outside a region) from the norm-ratio law ({@link resnetmc.theory.normlaw.ExactTail}), and importance sampling
 * of the exact chain with a tilted per-layer draw ({@link resnetmc.rare.TiltedChain}), validated on the norm
 * ratio whose exact tail is known. Plain Java, no Spark.
 */
package resnetmc.rare;
