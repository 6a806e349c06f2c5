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
 * {@code submit/analysis sql --run RUN_ID [--output ROOT] [--format text|csv|json] (QUERY | -f FILE)}:
 * runs Spark SQL over a run's tables (views {@code trials, cells, checks, runs} and
 * {@code all_trials, ...} over every run under the root). Exit codes as the job: 0, 2 bad input, 1.
 */
public final class AnalysisMain {
    static final String USAGE = "usage: submit/analysis sql --run RUN_ID [--output ROOT (default data/runs)] "
            + "[--format text|csv|json] [--master URL] (\"SELECT ...\" | -f FILE.sql)\n"
            + "       submit/analysis report --run RUN_ID [--output ROOT (default data/runs)] "
            + "[--reports DIR (default data/reports)] [--master URL]";

    /** Spark master given with --master; local[*] when neither it nor spark.master is set. */
    private static String master;

    private AnalysisMain() {
    }

    /**
     * Splits a script into statements at semicolons outside quotes and outside -- comments (which are
     * dropped), so query files with a CREATE TEMPORARY VIEW preamble or commented semicolons run.
     */
    static List<String> statements(String script) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote == 0 && c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                while (i < script.length() && script.charAt(i) != '\n') {
                    i++;
                }
                cur.append('\n');
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
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--run" -> runId = args[++i];
                    case "--output" -> root = args[++i];
                    case "--format" -> format = args[++i];
                    case "-f" -> query = Files.readString(Path.of(args[++i]));
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
        if (runId == null || query == null || !List.of("text", "csv", "json").contains(format)) {
            err.println("error: --run and a query are required, --format is text, csv or json; " + USAGE);
            return 2;
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
            out.print(TextTable.render(result.schema(), result.collectAsList(), format));
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
