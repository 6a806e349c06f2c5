package resnetmc.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import resnetmc.schema.Columns;
import resnetmc.schema.TableNames;
import resnetmc.schema.TableSchema;
import resnetmc.schema.TableSchemas;

/**
 * Registers a run's tables as temporary views over their Parquet files: {@code trials}, {@code cells},
 * {@code checks}, {@code runs} for one run (and {@code training_runs}, {@code training_curves} for a
 * training run), and {@code all_trials}, {@code all_cells}, ... over every committed run under the
 * output root (staging folders, whose names start with a dot, are skipped).
 */
public final class RunTables {
    /**
     * The job's tables; {@code layers} exists only for runs that record per-layer statistics, the
     * {@code training_*} tables only for {@code mode = training}.
     */
    public static final List<String> TABLES = TableSchemas.ALL.stream().map(TableSchema::name).toList();

    private RunTables() {
    }

    /** Registers the views; returns the tables of the run that exist. Throws if the run does not exist. */
    public static List<String> register(SparkSession spark, String outputRoot, String runId) throws IOException {
        Path root = new Path(outputRoot);
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Path run = new Path(root, runId);
        if (!fs.isDirectory(run)) {
            throw new IllegalArgumentException("run '" + runId + "' not found under " + fs.makeQualified(root)
                    + "; runs there: " + String.join(", ", runs(fs, root)));
        }
        List<String> found = new ArrayList<>();
        for (String t : TABLES) {
            Path p = new Path(run, t);
            if (fs.isDirectory(p)) {
                withLaterColumns(spark.read().parquet(p.toString()), t).createOrReplaceTempView(t);
                found.add(t);
            }
            List<String> all = new ArrayList<>();
            for (String r : runs(fs, root)) {
                if (fs.isDirectory(new Path(new Path(root, r), t))) {
                    all.add(new Path(new Path(root, r), t).toString());
                }
            }
            if (!all.isEmpty()) {
                // Columns added by later versions are kept: missing ones read as null in older runs.
                withLaterColumns(spark.read().option("mergeSchema", "true").parquet(all.toArray(new String[0])), t)
                        .createOrReplaceTempView("all_" + t);
            }
        }
        return found;
    }

    /**
     * Columns added to the tables after their first version, with the value they implicitly had in runs
     * written before: those runs had i.i.d. weights only. Queries and the report can then treat old and
     * new runs alike (with mergeSchema the column exists but is null for old files, hence coalesce).
     */
    static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> withLaterColumns(
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> df, String table) {
        if (!List.of(TableNames.TRIALS, TableNames.CELLS, TableNames.CHECKS).contains(table)) {
            return df;
        }
        List<String> cols = List.of(df.columns());
        if (!cols.contains(Columns.REGULARITY)) {
            df = df.withColumn(Columns.REGULARITY, org.apache.spark.sql.functions.lit("iid"));
        } else {
            df = df.withColumn(Columns.REGULARITY, org.apache.spark.sql.functions.coalesce(
                    df.col(Columns.REGULARITY), org.apache.spark.sql.functions.lit("iid")));
        }
        for (String c : new String[] {Columns.LENGTH_SCALE, Columns.HURST}) {
            if (!cols.contains(c)) {
                df = df.withColumn(c, org.apache.spark.sql.functions.lit(null).cast("double"));
            }
        }
        return df;
    }

    /** Committed runs under the root, sorted by name. */
    public static List<String> runs(FileSystem fs, Path root) throws IOException {
        List<String> out = new ArrayList<>();
        if (!fs.isDirectory(root)) {
            return out;
        }
        for (FileStatus s : fs.listStatus(root)) {
            String name = s.getPath().getName();
            if (s.isDirectory() && !name.startsWith(".") && !name.startsWith("_")) {
                out.add(name);
            }
        }
        out.sort(String::compareTo);
        return out;
    }
}
