package resnetmc.job;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One small local Spark session per test class, as Spark's own SharedSparkSession does. */
public abstract class SparkTestSession {
    protected static SparkSession spark;

    @BeforeAll
    public static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("resnetmc-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                .getOrCreate();
    }

    @AfterAll
    public static void stopSpark() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
    }
}
