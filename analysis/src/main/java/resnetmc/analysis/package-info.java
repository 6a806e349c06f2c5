/**
 * {@code submit/analysis}: Spark SQL over a run's Parquet tables ({@link resnetmc.analysis.AnalysisMain},
 * views by {@link resnetmc.analysis.RunTables}) and the HTML report with its figures
 * ({@link resnetmc.analysis.Report}, {@link resnetmc.analysis.TrainingSections}). The report's Figure 1
 * and training queries are the files of {@code analysis/sql/} ({@link resnetmc.analysis.SqlFiles}).
 *
 * <p>May import Spark SQL, XChart and {@code resnetmc.schema} (table and column names); not the job
 * (it reads only the Parquet tables; the tests use the job to make runs).
 */
package resnetmc.analysis;
