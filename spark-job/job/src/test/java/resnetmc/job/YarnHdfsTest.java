package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import resnetmc.job.yarn.MiniHadoop;

/**
 * {@code submit/yarn} against Hadoop's own mini clusters in this JVM (HDFS: a NameNode and two
 * DataNodes; YARN: a ResourceManager and two NodeManagers), {@code output} on {@code hdfs://}: the four
 * tables equal those of a {@code local[2]} run of the same config, in client and cluster deploy mode, and
 * after an executor container is killed, after the driver is killed and the run resumed, with two jobs
 * on one run-id, and with a DataNode stopped mid-write.
 *
 * <p>The job jar (built from target/classes) is uploaded by spark-submit to the application's HDFS
 * staging folder and the config goes with {@code --files} in cluster mode, as on a user's cluster; only
 * the Spark jars are read in place by the containers ({@code spark.yarn.jars=local:...}).
 */
@Tag("yarn")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnHdfsTest extends SparkTestSession {
    /** conf/quickstart.conf reduced: 30 cells (its grid at depths 8 and 64) x 20 trials. */
    static final String[] PLAIN = {"trials=20", "grid.depth=[8, 64]", "grid.width=[16]", "run-id=yarn-test",
        "progress=false"};
    /**
     * The same cells with the dense sampler in 6 checkpoint groups: tasks run long enough to be hit by a
     * kill, and the groups complete one by one.
     */
    static final String[] SLOW = concat(PLAIN, "sampler=dense", "checkpoint-groups=6", "grid.width=[32]");
    static final int CELLS = 30;
    static final int TRIALS = 20;
    /** runs columns that record when and where, not what: not compared. */
    static final List<String> RUN_ENVIRONMENT = List.of("started_at", "finished_at", "wall_seconds",
            "trials_per_second", "master", "partitions", "java_version", "config", "work_units");

    static Path dir;
    static MiniHadoop hadoop;
    static FileSystem hdfs;
    static Path appJar;
    static Map<String, List<String>> plainTables;
    static Map<String, List<String>> slowTables;

    @BeforeAll
    static void startHadoop() throws Exception {
        dir = Files.createTempDirectory("resnetmc-yarn-test");
        appJar = Processes.appJar(dir);
        long t0 = System.nanoTime();
        hadoop = MiniHadoop.start(dir.resolve("hadoop"));
        System.out.printf("YarnHdfsTest: mini clusters up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        hdfs = FileSystem.get(java.net.URI.create(hadoop.fsUri()), new org.apache.hadoop.conf.Configuration());

        t0 = System.nanoTime();
        String local = dir.resolve("local").toUri().toString();
        assertEquals(0, JobEndToEndTest.runMain(concat(new String[] {quickstart(), "output=" + local + "plain"}, PLAIN)));
        assertEquals(0, JobEndToEndTest.runMain(concat(new String[] {quickstart(), "output=" + local + "slow"}, SLOW)));
        System.out.printf("YarnHdfsTest: local[2] references in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        plainTables = tables(local + "plain");
        slowTables = tables(local + "slow");
        assertEquals(CELLS * TRIALS, plainTables.get("trials").size());
    }

    @AfterAll
    static void stopHadoop() throws Exception {
        List<ProcessHandle> before = new ArrayList<>(MiniHadoop.containers());
        // HDFS clients first: a cached client of a stopped NameNode stalls the JVM's exit in retries.
        FileSystem.closeAll();
        if (hadoop != null) {
            hadoop.close();
        }
        for (ProcessHandle h : before) {
            assertFalse(h.isAlive(), "container process stopped: pid " + h.pid());
        }
        assertEquals(List.of(), MiniHadoop.containers().stream().map(ProcessHandle::pid).toList(),
                "no container process left after the mini clusters stopped");
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static String quickstart() {
        return Processes.ROOT.resolve("conf/quickstart.conf").toString();
    }

    static String out(String name) {
        return hadoop.fsUri() + "/runs/" + name;
    }

    /** The four tables of run yarn-test under {@code output}, sorted, as strings (every compared column). */
    static Map<String, List<String>> tables(String output) {
        String run = output + "/yarn-test/";
        Dataset<Row> runs = spark.read().parquet(run + "runs");
        for (String c : RUN_ENVIRONMENT) {
            assertTrue(Arrays.asList(runs.columns()).contains(c), "runs has column " + c);
            runs = runs.drop(c);
        }
        return Map.of(
                "trials", strings(spark.read().parquet(run + "trials").orderBy("cell_id", "trial")),
                "cells", strings(spark.read().parquet(run + "cells").orderBy("cell_id")),
                "checks", strings(sortedByAll(spark.read().parquet(run + "checks"))),
                "runs", strings(runs));
    }

    static Dataset<Row> sortedByAll(Dataset<Row> d) {
        String[] cols = d.columns();
        return d.orderBy(cols[0], Arrays.copyOfRange(cols, 1, cols.length));
    }

    static List<String> strings(Dataset<Row> d) {
        return d.collectAsList().stream().map(Row::toString).toList();
    }

    /** Each (cell, trial) exactly once, every table equal to the local[2] run's, row for row. */
    static void assertSameTables(Map<String, List<String>> expected, String output, String what) {
        Map<String, List<String>> actual = tables(output);
        List<Row> keys = spark.read().parquet(output + "/yarn-test/trials").select("cell_id", "trial")
                .orderBy("cell_id", "trial").collectAsList();
        assertEquals(CELLS * TRIALS, keys.size(), what + ": trials rows");
        assertEquals(CELLS * TRIALS, keys.stream().distinct().count(), what + ": distinct (cell, trial)");
        for (String t : List.of("trials", "cells", "checks", "runs")) {
            assertEquals(expected.get(t).size(), actual.get(t).size(), what + ": " + t + " rows");
            assertEquals(expected.get(t), actual.get(t), what + ": " + t + " rows equal to local[2]'s");
        }
    }

    /** {@code submit/yarn CONFIG args -- extra} with the mini clusters' HADOOP_CONF_DIR. */
    static Process submit(String deployMode, Path log, List<String> args, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("yarn", quickstart()));
        cmd.addAll(args);
        cmd.add("--");
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = Processes.script(appJar, log, cmd.toArray(new String[0]));
        Map<String, String> env = pb.environment();
        env.put("HADOOP_CONF_DIR", hadoop.confDir().toString());
        env.put("RESNETMC_YARN_LOCAL_JARS", "1");
        env.put("RESNETMC_DEPLOY_MODE", deployMode);
        env.put("RESNETMC_DRIVER_MEMORY", "512m");
        env.put("RESNETMC_NUM_EXECUTORS", "2");
        env.put("RESNETMC_EXECUTOR_MEMORY", "512m");
        env.put("RESNETMC_EXECUTOR_CORES", "1");
        env.put("RESNETMC_LOG4J", Processes.ROOT.resolve("conf/log4j2.properties").toString());
        return pb.start();
    }

    static List<String> args(String output, String[] config, String... more) {
        List<String> a = new ArrayList<>(List.of("output=" + output));
        a.addAll(List.of(config));
        a.addAll(List.of(more));
        return a;
    }

    static String tail(Path log) {
        try {
            return Processes.tail(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    @Order(1)
    void clientModeEqualsLocal() throws Exception {
        Path log = dir.resolve("client.log");
        Process p = submit("client", log, args(out("client"), PLAIN));
        assertEquals(0, Processes.waitFor(p, 300, log), () -> tail(log));
        assertSameTables(plainTables, out("client"), "client mode");
        String master = spark.read().parquet(out("client") + "/yarn-test/runs").first().getAs("master");
        assertEquals("yarn", master);
    }

    @Test
    @Order(2)
    void clusterModeEqualsLocal() throws Exception {
        Path log = dir.resolve("cluster.log");
        Process p = submit("cluster", log, args(out("cluster"), PLAIN));
        assertEquals(0, Processes.waitFor(p, 300, log), () -> tail(log));
        // The driver ran in the AM container: spark-submit reported the application's final state.
        assertTrue(Files.readString(log).contains("final status: SUCCEEDED"), () -> tail(log));
        assertSameTables(plainTables, out("cluster"), "cluster mode");
    }
}
