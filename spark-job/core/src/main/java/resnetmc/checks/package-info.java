/**
 * Verdicts on the statements of Marion, Fermanian, Biau, Vert, "Scaling ResNets in the Large-depth
 * Regime" (arXiv 2206.06929) from a run's trials: the rows of the {@code checks} table
 * ({@link resnetmc.checks.CheckEvaluator}, {@link resnetmc.checks.CheckRow}), following THEORY.md
 * section 7. Verdicts are holds, violated, inconclusive, vacuous and not-applicable
 * ({@link resnetmc.checks.Verdict}); every holds and violated of a table is decided at one family error
 * level ({@link resnetmc.checks.CheckSettings}) by Bonferroni over the rows that can decide. The
 * procedures are one class each: {@link resnetmc.checks.MeanEquivalence} (Lemma 1, an equivalence test
 * with a tolerance on a guarded Student t interval), {@link resnetmc.checks.ExceedanceCount}
 * (Prop. 2, 3, Corollary 1 (iii), Clopper-Pearson counts) and {@link resnetmc.checks.Slack} (how far an
 * exceedance bound sits from the sample quantile). {@link resnetmc.checks.Oracles} says what THEORY.md
 * section 1 knows of a cell before any trial (hypotheses, constants, exact means). The false-verdict
 * rates of the procedures are measured, where the truth is known, by {@code CheckProcedureErrorRateTest}.
 *
 * <p>May import: {@link resnetmc.theory} (the bounds), {@link resnetmc.stats} (the estimators),
 * {@link resnetmc.model} (cells). Not Spark, not the kernels: verdicts are computed on the driver from
 * aggregated samples and are tested without Spark.
 */
package resnetmc.checks;
