/**
 * Estimators, each an add/merge buffer or a pure function of one: per-cell samples in trial order
 * ({@link resnetmc.stats.SampleBuffer}, {@link resnetmc.stats.TrialVectorBuffer}), their summaries
 * ({@link resnetmc.stats.Summary}, {@link resnetmc.stats.Histogram}), moments kept in log-domain so that
 * no finite value is lost past 1e308 ({@link resnetmc.stats.LogMoments}), and intervals:
 * {@link resnetmc.stats.Interval}, for a mean ({@link resnetmc.stats.MeanInterval}: normal and Student
 * t), for a binomial proportion ({@link resnetmc.stats.ClopperPearson}), for a quantile from order
 * statistics ({@link resnetmc.stats.QuantileInterval}), and the weighted least-squares slope
 * ({@link resnetmc.stats.WeightedSlope}). Results are bit-identical whatever the partitioning: sums run
 * in trial order. In bounded memory for large cells ({@link resnetmc.stats.BlockedSample}, read by the checks
 * through {@link resnetmc.stats.CellSample}): exact counts, sums in trial blocks merged in block order
 * ({@link resnetmc.stats.BlockMoments}), quantiles from a mergeable sketch with a stated error
 * ({@link resnetmc.stats.Log10Sketch}).
 *
 * <p>May import: the JDK and commons-math3 (distributions, special functions). Nothing of the model,
 * the theory or Spark: statistics know numbers, not ResNets; what an interval means for a statement of
 * the paper is decided in {@link resnetmc.checks}.
 */
package resnetmc.stats;
