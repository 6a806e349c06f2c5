/**
 * What every mode shares: the {@link resnetmc.job.run.Mode} interface, the one
 * {@link resnetmc.job.run.RunLifecycle} (session, checks, output, banner, execute, {@code runs} row,
 * commit or abort, release, summary, exit codes), the {@link resnetmc.job.run.RunContext} a mode runs
 * with, the {@code runs} row ({@link resnetmc.job.run.RunsRow}), and the distribution of trials:
 * balanced work units ({@link resnetmc.job.run.WorkPlan}, longest-processing-time first after Graham
 * 1969), the lazy per-partition trial iterator ({@link resnetmc.job.run.UnitTrials}) and the live
 * progress line ({@link resnetmc.job.run.Progress}).
 *
 * <p>May import Spark, {@code resnetmc.io}, {@code resnetmc.schema} and the core packages; no mode
 * package and not {@code resnetmc.job}.
 */
package resnetmc.job.run;
