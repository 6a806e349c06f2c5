package resnetmc.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import resnetmc.io.SparkSchemas;
import resnetmc.schema.TableSchema;
import resnetmc.schema.TableSchemas;

/**
 * Every query of {@code analysis/sql/} and of the report against the tables' layouts in the schema
 * module: each table is an empty view with exactly the columns and types the job writes, and Spark's
 * analyser refuses a query that names a column (or table) that is not there, or uses one with a type
 * that does not fit. A query cannot drift from the tables unnoticed.
 */
class QueriesMatchSchemaTest {
    static SparkSession spark;

    @BeforeAll
    static void emptyTables() {
        spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        for (TableSchema t : TableSchemas.ALL) {
            spark.createDataFrame(List.<Row>of(), SparkSchemas.of(t)).createOrReplaceTempView(t.name());
        }
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void everySqlFileAnalyses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("sql"))) {
            files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertTrue(files.size() >= 7, files.toString());
        for (Path f : files) {
            for (String statement : AnalysisMain.statements(Files.readString(f))) {
                analyse(f.getFileName().toString(), statement);
            }
        }
    }

    @Test
    void everyReportQueryAnalyses() {
        Map<String, String> queries = Map.of("FIGURE1_SQL", Report.FIGURE1_SQL, "LEMMA1_SQL", Report.LEMMA1_SQL,
                "HURST_SQL", Report.HURST_SQL, "HISTOGRAM_SQL", Report.HISTOGRAM_SQL, "CHECKS_SQL", Report.CHECKS_SQL,
                "LAYERS_GAP_SQL", Report.LAYERS_GAP_SQL, "GRID_SQL", TrainingSections.GRID_SQL,
                "BEST_LR_SQL", TrainingSections.BEST_LR_SQL, "CURVES_SQL", TrainingSections.CURVES_SQL,
                "BEST_SQL", TrainingSections.BEST_SQL);
        queries.forEach(this::analyse);
    }

    /** The report's Figure 1 is the file's query, not a copy of it. */
    @Test
    void reportFigure1IsTheFile() throws IOException {
        List<String> file = AnalysisMain.statements(Files.readString(Path.of("sql/figure1.sql")));
        assertEquals(List.of(Report.FIGURE1_SQL), file);
        assertEquals(List.of("direction", "arch", "activation", "distribution", "width", "regularity", "length_scale",
                "hurst", "beta", "depth", "n", "ratio_mean", "ratio_sd", "ratio_ci_low", "ratio_ci_high", "ratio_p05",
                "ratio_p95"), List.of(spark.sql(Report.FIGURE1_SQL).columns()));
    }

    /** The check itself fails on a misspelt column and on a column of another table. */
    @Test
    void aColumnThatIsNotThereIsRefused() {
        assertThrows(AnalysisException.class, () -> spark.sql("SELECT r_fwd_meen FROM cells"));
        assertThrows(AnalysisException.class, () -> spark.sql("SELECT theory_note FROM trials"));
    }

    private void analyse(String name, String sql) {
        try {
            spark.sql(sql).schema();
        } catch (Exception e) {
            throw new AssertionError(name + " does not fit the tables' schemas: " + e.getMessage(), e);
        }
    }
}
