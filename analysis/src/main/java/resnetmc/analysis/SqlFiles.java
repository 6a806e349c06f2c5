package resnetmc.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The canned queries of {@code analysis/sql/}, packaged with the report: the report runs the very files
 * users run with {@code submit/analysis sql -f}, so a figure and its query cannot differ.
 */
final class SqlFiles {
    private static final String FOLDER = "/resnetmc/analysis/sql/";

    private SqlFiles() {
    }

    /** The query of {@code analysis/sql/NAME} (its last statement; comments dropped). */
    static String query(String name) {
        try (InputStream in = SqlFiles.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("no query " + name + " on the class path (under " + FOLDER + ")");
            }
            List<String> statements = AnalysisMain.statements(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return statements.get(statements.size() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
