package resnetmc.analysis;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code submit/analysis sql --run RUN_ID [--output ROOT] [--format F] [--limit N] [--out DIR]
 * (QUERY | -e QUERY | -f FILE)}: runs Spark SQL over a run's tables (views {@code trials, cells, checks,
 * runs} and {@code all_trials, ...} over every run under the root), printing at most N rows or writing
 * every row to DIR through Spark. Exit codes as the job: 0, 2 bad input, 1.
 */
public final class AnalysisMain {
    /** Rows printed at most unless --limit says otherwise: printing collects them on the driver. */
    static final int DEFAULT_LIMIT = 10_000;

    static final String USAGE = "usage: submit/analysis sql --run RUN_ID [--output ROOT (default data/runs)] "
            + "[--format text|csv|json|parquet] [--limit N (default " + DEFAULT_LIMIT + ")] [--out DIR] [--master URL] "
            + "(\"SELECT ...\" | -e \"SELECT ...\" | -f FILE.sql)\n"
            + "       submit/analysis report --run RUN_ID [--output ROOT (default data/runs)] "
            + "[--reports DIR (default data/reports)] [--master URL]";

    /** Spark master given with --master; local[*] when neither it nor spark.master is set. */
    private static String master;

    private AnalysisMain() {
    }

    /**
     * Splits a script into statements at semicolons outside quotes and outside comments ({@code --} to the
     * end of the line, {@code /* ... *}{@code /} blocks; both dropped), so query files with a CREATE
     * TEMPORARY VIEW preamble or commented semicolons run. A backslash escapes the next character inside
     * a quoted string, as in Spark SQL's literals.
     */
    static List<String> statements(String script) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            char next = i + 1 < script.length() ? script.charAt(i + 1) : 0;
            if (quote == 0 && c == '-' && next == '-') {
                while (i < script.length() && script.charAt(i) != '\n') {
                    i++;
                }
                cur.append('\n');
                continue;
            }
            if (quote == 0 && c == '/' && next == '*') {
                int end = script.indexOf("*/", i + 2);
                i = end < 0 ? script.length() : end + 1;
                cur.append(' '); // a comment separates tokens
                continue;
            }
            if (quote != 0 && c == '\\' && next != 0) {
                cur.append(c).append(next);
                i++;
                continue;
            }
            if (quote == 0 && (c == '\'' || c == '"' || c == '`')) {
                quote = c;
            } else if (quote == c) {
                quote = 0;
            }
            if (quote == 0 && c == ';') {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().strip());
        out.removeIf(String::isBlank);
        return out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The active session, or a local one when no master is set (spark-submit sets one). */
    private static SparkSession session() {
        SparkSession.Builder b = SparkSession.builder().appName("resnetmc analysis");
        if (master != null) {
            b.master(master);
        } else if (!new SparkConf().contains("spark.master")) {
            b.master("local[*]");
        }
        return b.getOrCreate();
    }

    /** {@code report --run RUN_ID [--output ROOT] [--reports DIR]}. */
    static int report(String[] args, PrintStream out, PrintStream err) {
        String runId = null;
        String root = "data/runs";
        String reports = "data/reports";
        for (int i = 1; i < args.length; i++) {
            if (i + 1 >= args.length) {
                err.println("error: " + args[i] + " needs a value; " + USAGE);
                return 2;
            }
            switch (args[i]) {
                case "--run" -> runId = args[++i];
                case "--output" -> root = args[++i];
                case "--reports" -> reports = args[++i];
                case "--master" -> master = args[++i];
                default -> {
                    err.println("error: unexpected argument '" + args[i] + "'; " + USAGE);
                    return 2;
                }
            }
        }
        if (runId == null) {
            err.println("error: --run is required; " + USAGE);
            return 2;
        }
        boolean own = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = session();
        try {
            Report.Result r = Report.write(spark, root, runId, Path.of(reports));
            out.println("report: " + r.index().toAbsolutePath() + " (" + r.images().size() / 2 + " figures)");
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("error: the report failed: " + e);
            return 1;
        } finally {
            if (own) {
                spark.stop();
            }
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("report")) {
            return report(args, out, err);
        }
        if (args.length == 0 || !args[0].equals("sql")) {
            err.println(args.length == 0 ? USAGE : "error: unknown command '" + args[0] + "'; " + USAGE);
            return 2;
        }
        String runId = null;
        String root = "data/runs";
        String format = "text";
        String query = null;
        String outDir = null;
        String limitText = null;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--run" -> runId = args[++i];
                    case "--output" -> root = args[++i];
                    case "--format" -> format = args[++i];
                    case "-f", "-e" -> {
                        if (query != null) {
                            err.println("error: give one query (a SELECT, -e or -f); " + USAGE);
                            return 2;
                        }
                        query = args[i].equals("-e") ? args[++i] : Files.readString(Path.of(args[++i]));
                    }
                    case "--limit" -> limitText = args[++i];
                    case "--out" -> outDir = args[++i];
                    case "--master" -> master = args[++i];
                    default -> {
                        if (args[i].startsWith("-") || query != null) {
                            err.println("error: unexpected argument '" + args[i] + "'; " + USAGE);
                            return 2;
                        }
                        query = args[i];
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            err.println("error: " + args[args.length - 1] + " needs a value; " + USAGE);
            return 2;
        } catch (IOException e) {
            err.println("error: cannot read the query file: " + e.getMessage());
            return 2;
        }
        if (runId == null || query == null) {
            err.println("error: --run and a query are required; " + USAGE);
            return 2;
        }
        if (outDir == null && !List.of("text", "csv", "json").contains(format)) {
            err.println("error: --format is text, csv or json when printing (parquet needs --out DIR), not '" + format
                    + "'; " + USAGE);
            return 2;
        }
        if (outDir != null && !List.of("parquet", "csv", "json", "text").contains(format)) {
            err.println("error: --format with --out is parquet, csv or json, not '" + format + "'; " + USAGE);
            return 2;
        }
        int limit = DEFAULT_LIMIT;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || outDir != null) {
                err.println("error: --limit is a whole number >= 1 and applies to printed results (--out writes every "
                        + "row), not '" + limitText + "'" + (outDir != null ? " with --out" : "") + "; " + USAGE);
                return 2;
            }
        }
        if (outDir != null) {
            // --out without --format: Parquet (text has no file form).
            format = format.equals("text") ? "parquet" : format;
            if (Files.exists(Path.of(outDir)) && !outDir.contains("://")) {
                err.println("error: --out " + outDir + " exists; give a new folder (nothing is overwritten)");
                return 2;
            }
        }
        boolean own = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = session();
        try {
            RunTables.register(spark, root, runId);
            Dataset<Row> result = null;
            for (String statement : statements(query)) {
                if (!statement.isBlank()) {
                    result = spark.sql(statement);
                }
            }
            if (result == null) {
                err.println("error: the query is empty");
                return 2;
            }
            if (outDir != null) {
                // Written by the executors, never collected: any size.
                var writer = result.write().mode(org.apache.spark.sql.SaveMode.ErrorIfExists);
                if (format.equals("csv")) {
                    writer.option("header", "true").csv(outDir);
                } else if (format.equals("json")) {
                    writer.json(outDir);
                } else {
                    writer.parquet(outDir);
                }
                err.println("wrote " + format + " to " + outDir);
                return 0;
            }
            // One row past the limit tells whether rows were left out, without counting the whole result.
            List<Row> rows = result.limit(limit + 1).collectAsList();
            boolean cut = rows.size() > limit;
            if (cut) {
                rows = rows.subList(0, limit);
            }
            out.print(TextTable.render(result.schema(), rows, format));
            if (cut) {
                err.println("note: only the first " + limit + " rows are shown; raise --limit N, or write every row "
                        + "with --out DIR [--format parquet|csv|json]");
            }
            return 0;
        } catch (Exception e) {
            // A missing run or a query that does not analyse (unknown table, column) is the user's input.
            boolean bad = e instanceof IllegalArgumentException || e instanceof AnalysisException;
            err.println("error: " + (bad ? e.getMessage() : e.toString()));
            return bad ? 2 : 1;
        } finally {
            if (own) {
                spark.stop();
            }
        }
    }
}
