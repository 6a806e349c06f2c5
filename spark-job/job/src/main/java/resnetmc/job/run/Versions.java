package resnetmc.job.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project and Spark versions this jar was built with, carried by every result row. */
public final class Versions {
    public static final String PROJECT;
    public static final String SPARK_BUILD;

    static {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/resnetmc/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown": a missing version must not stop a run
        }
        PROJECT = p.getProperty("project.version", "unknown");
        SPARK_BUILD = p.getProperty("spark.version", "unknown");
    }

    private Versions() {
    }

    public static String java() {
        return System.getProperty("java.version");
    }
}
