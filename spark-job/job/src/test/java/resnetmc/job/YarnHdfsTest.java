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

/**
 * {@code submit/yarn} against Hadoop's own mini clusters (HDFS: a NameNode and two DataNodes; YARN: a
 * ResourceManager and two NodeManagers; one JVM started by {@code submit/test-cluster start --yarn}), {@code output} on {@code hdfs://}: the four
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
    static Path cluster;
    static String hdfsRuns;
    static FileSystem hdfs;
    static Path appJar;
    static Map<String, List<String>> plainTables;
    static Map<String, List<String>> slowTables;
    static String localSlow;

    /** Why YARN submissions cannot run here, or null: Spark's YARN client of this very Spark version. */
    static String sparkYarnMissing() {
        String want = "spark-yarn_2.13-" + spark.version() + ".jar";
        try {
            Class<?> c = Class.forName("org.apache.spark.deploy.yarn.Client");
            String jar = c.getProtectionDomain().getCodeSource().getLocation().getPath();
            return jar.endsWith(want) ? null : "the spark-yarn jar on the class path is " + jar + ", not " + want;
        } catch (ClassNotFoundException e) {
            return "no " + want + " on the test class path (build with -Pyarn where Maven serves it)";
        }
    }

    @BeforeAll
    static void startHadoop() throws Exception {
        String missing = sparkYarnMissing();
        if (missing != null) {
            System.out.println("YarnHdfsTest skipped: " + missing);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(missing == null, () -> "YARN submissions skipped: " + missing);
        dir = Files.createTempDirectory("resnetmc-yarn-test");
        appJar = Processes.appJar(dir);
        long t0 = System.nanoTime();
        cluster = dir.resolve("cluster");
        Path startLog = dir.resolve("start.log");
        Process start = Processes.script(appJar, startLog, "test-cluster", "start", "--yarn", cluster.toString()).start();
        assertEquals(0, Processes.waitFor(start, 300, startLog), () -> "mini clusters did not start:\n" + tail(startLog));
        System.out.printf("YarnHdfsTest: mini clusters up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        hdfsRuns = Files.readString(cluster.resolve("hdfs-url")).trim();
        hdfs = FileSystem.newInstance(java.net.URI.create(hdfsRuns), new org.apache.hadoop.conf.Configuration());

        t0 = System.nanoTime();
        String local = dir.resolve("local").toUri().toString();
        assertEquals(0, JobEndToEndTest.runMain(concat(new String[] {quickstart(), "output=" + local + "plain"}, PLAIN)));
        assertEquals(0, JobEndToEndTest.runMain(concat(new String[] {quickstart(), "output=" + local + "slow"}, SLOW)));
        System.out.printf("YarnHdfsTest: local[2] references in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        plainTables = tables(local + "plain");
        localSlow = local + "slow";
        slowTables = tables(localSlow);
        assertEquals(CELLS * TRIALS, plainTables.get("trials").size());
    }

    @AfterAll
    static void stopHadoop() throws Exception {
        if (dir == null) {
            return; // skipped
        }
        FileSystem.closeAll();
        if (hdfs != null) {
            hdfs.close();
        }
        List<ProcessHandle> started = new ArrayList<>();
        Path pid = cluster.resolve("hadoop.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(h -> {
                started.add(h);
                h.descendants().forEach(started::add); // the containers
            });
            Path log = dir.resolve("stop.log");
            Processes.waitFor(Processes.script(appJar, log, "test-cluster", "stop", cluster.toString()).start(), 120, log);
        }
        for (ProcessHandle h : started) {
            assertFalse(h.isAlive(), "stopped: pid " + h.pid() + " " + Processes.commandLine(h));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** The container processes now: descendants of the mini clusters' JVM. */
    static List<ProcessHandle> containers() throws IOException {
        long pid = Long.parseLong(Files.readString(cluster.resolve("hadoop.pid")).trim());
        return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).toList();
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
        return hdfsRuns + "/" + name;
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
        env.put("HADOOP_CONF_DIR", cluster.resolve("hadoop/conf").toString());
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

    /** Checkpoint groups complete on HDFS (a folder is renamed into place once complete). */
    static int completedGroups(String output) throws IOException {
        org.apache.hadoop.fs.Path cp = new org.apache.hadoop.fs.Path(output + "/.staging-yarn-test/checkpoints");
        if (!hdfs.exists(cp)) {
            return 0;
        }
        int n = 0;
        for (FileStatus f : hdfs.listStatus(cp)) {
            String name = f.getPath().getName();
            n += name.contains(".tmp-") || name.startsWith(".") ? 0 : 1;
        }
        return n;
    }

    static boolean exists(String path) throws IOException {
        return hdfs.exists(new org.apache.hadoop.fs.Path(path));
    }

    /** An executor process of the job tagged {@code tag} (-Dresnetmc.test.job=TAG) that runs a task now. */
    static Optional<ProcessHandle> executorRunningTask(String tag) throws IOException {
        for (ProcessHandle p : containers()) {
            String cmd = Processes.commandLine(p);
            if (!cmd.contains("YarnCoarseGrainedExecutorBackend") || !cmd.contains("-Dresnetmc.test.job=" + tag)) {
                continue;
            }
            // The container's work dir (the process's cwd) names the container, whose log dir has its stderr
            // (Spark's default INFO log in the containers: "Running task 1.0 in stage ...").
            String container;
            try {
                container = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).getFileName()
                        .toString();
            } catch (IOException e) {
                continue; // exited meanwhile
            }
            try (Stream<Path> files = Files.walk(cluster.resolve("hadoop/yarn"))) {
                for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")
                        && f.getParent().getFileName().toString().equals(container)).toList()) {
                    if (Files.readString(f).contains("Running task")) {
                        return Optional.of(p);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The lines of the Spark event logs in {@code events} (one JSON event a line). */
    static List<String> events(Path events) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(events)) {
            for (Path f : files.toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    /**
     * Two jobs on one run-id at once: exactly one commits, the other exits 2 with the lock message; the
     * winner's executor is SIGKILLed while it runs a task, Spark reruns the task (attempt 1, in the event
     * log) and the tables are those of the local[2] run, each (cell, trial) once.
     */
    @Test
    @Order(3)
    void twoJobsOneRunIdAndExecutorKilled() throws Exception {
        Map<String, Process> jobs = new java.util.LinkedHashMap<>();
        for (String tag : List.of("A", "B")) {
            Path events = Files.createDirectories(dir.resolve("events-" + tag));
            jobs.put(tag, submit("client", dir.resolve("job-" + tag + ".log"), args(out("faults"), SLOW),
                    "--conf", "spark.executor.extraJavaOptions=-Dresnetmc.test.job=" + tag,
                    "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri(),
                    "--conf", "spark.eventLog.compress=false"));
        }
        // The loser gives up as soon as it finds the lock; the winner keeps it while it computes.
        String winner = null;
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (winner == null && System.nanoTime() < deadline) {
            for (var e : jobs.entrySet()) {
                if (!e.getValue().isAlive()) {
                    winner = e.getKey().equals("A") ? "B" : "A";
                }
            }
            Thread.sleep(200);
        }
        assertTrue(winner != null, "neither job ended within 240 s");
        String loser = winner.equals("A") ? "B" : "A";
        Path loserLog = dir.resolve("job-" + loser + ".log");
        Path winnerLog = dir.resolve("job-" + winner + ".log");
        assertEquals(Main.BAD_INPUT, jobs.get(loser).exitValue(), () -> "the job that ended first: " + tail(loserLog));
        String refused = Files.readString(loserLog);
        assertTrue(refused.contains("run-id") && refused.contains("being written by another job"), refused);

        Optional<ProcessHandle> executor = Optional.empty();
        while (executor.isEmpty() && jobs.get(winner).isAlive() && System.nanoTime() < deadline) {
            executor = executorRunningTask(winner);
            Thread.sleep(200);
        }
        assertTrue(executor.isPresent() && jobs.get(winner).isAlive(),
                () -> "no executor of the running job seen running a task:\n" + tail(winnerLog));
        assertTrue(executor.get().destroyForcibly(), "SIGKILL sent to executor " + executor.get().pid());
        assertEquals(0, Processes.waitFor(jobs.get(winner), 300, winnerLog), () -> tail(winnerLog));

        List<String> events = events(dir.resolve("events-" + winner));
        assertTrue(events.stream().anyMatch(l -> l.contains("\"Event\":\"SparkListenerTaskEnd\"")
                && l.contains("ExecutorLostFailure")), "a task ended with ExecutorLostFailure (event log)");
        long retried = events.stream().filter(l -> l.contains("\"Event\":\"SparkListenerTaskStart\"")
                && !l.contains("\"Attempt\":0,")).count();
        System.out.printf("YarnHdfsTest: executor %d killed; %d task attempts > 0%n", executor.get().pid(), retried);
        assertTrue(retried > 0, "a task attempt > 0 started after the executor loss (event log)");
        assertSameTables(slowTables, out("faults"), "after the executor kill");
    }

    /**
     * The driver (client mode: the spark-submit JVM) SIGKILLed after two checkpoint groups: nothing of
     * the run is visible and its lock stays on HDFS; {@code --resume} in cluster mode takes the lock
     * over (same host, pid gone), reuses the completed groups and ends with the tables of the local run.
     */
    @Test
    @Order(4)
    void driverKilledThenResume() throws Exception {
        String output = out("resume");
        Path log = dir.resolve("killed-driver.log");
        Process driver = submit("client", log, args(output, SLOW));
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (driver.isAlive() && completedGroups(output) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(driver.isAlive(), () -> "driver ended before its second checkpoint:\n" + tail(log));
        driver.toHandle().destroyForcibly();
        driver.waitFor();
        int groups = completedGroups(output);
        assertTrue(groups >= 2 && groups < 6, "killed mid-run: " + groups + " of 6 groups complete");
        assertFalse(exists(output + "/yarn-test"), "nothing of the killed run is visible");
        assertTrue(exists(output + "/.staging-yarn-test/" + resnetmc.io.RunLock.FILE), "the dead driver's lock stays");

        Path resumeLog = dir.resolve("resume.log");
        Process resume = submit("cluster", resumeLog, args(output, SLOW, "--resume"));
        assertEquals(0, Processes.waitFor(resume, 300, resumeLog), () -> tail(resumeLog));
        Row run = spark.read().parquet(output + "/yarn-test/runs").first();
        int reused = run.<Integer>getAs("cells_reused");
        int computed = run.<Integer>getAs("cells_computed");
        System.out.printf("YarnHdfsTest: driver killed after %d of 6 groups; %d cells reused, %d computed%n",
                groups, reused, computed);
        assertTrue(reused > 0 && computed < CELLS && reused + computed == CELLS, reused + " + " + computed);
        assertTrue(run.<Boolean>getAs("resumed"));
        assertFalse(exists(output + "/.staging-yarn-test"), "staging removed after the commit");
        // runs records the resume itself; every other compared column equals the uninterrupted run's.
        Map<String, List<String>> expected = new java.util.HashMap<>(slowTables);
        Map<String, List<String>> actual = new java.util.HashMap<>(tables(output));
        expected.put("runs", strings(runsWithout(localSlow, "cells_reused", "cells_computed", "resumed")));
        actual.put("runs", strings(runsWithout(output, "cells_reused", "cells_computed", "resumed")));
        for (String t : List.of("trials", "cells", "checks", "runs")) {
            assertEquals(expected.get(t), actual.get(t), "after the resume: " + t);
        }
    }

    static Dataset<Row> runsWithout(String output, String... more) {
        Dataset<Row> runs = spark.read().parquet(output + "/yarn-test/runs");
        for (String c : RUN_ENVIRONMENT) {
            runs = runs.drop(c);
        }
        for (String c : more) {
            assertTrue(Arrays.asList(runs.columns()).contains(c), "runs has column " + c);
            runs = runs.drop(c);
        }
        return runs;
    }

    /**
     * A DataNode stopped while a run writes over a committed run of the same id: the new run either
     * commits whole (its tables equal the local run's) or fails with exit 1 and the previous run's
     * tables stay as they were. Last: the cluster has one DataNode afterwards.
     */
    @Test
    @Order(5)
    void dataNodeStoppedMidWrite() throws Exception {
        String output = out("client");
        assertTrue(exists(output + "/yarn-test/trials"), "the client-mode run committed before (test order 1)");
        Path log = dir.resolve("datanode.log");
        Process p = submit("client", log, args(output, SLOW));
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (p.isAlive() && completedGroups(output) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), () -> "run ended before its first checkpoint:\n" + tail(log));
        Files.writeString(cluster.resolve("hadoop/stop-datanode-1"), "");
        Path stopped = cluster.resolve("hadoop/datanode-1-stopped");
        for (int i = 0; i < 600 && !Files.exists(stopped); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(stopped), "the mini HDFS stopped DataNode 1");
        int code = Processes.waitFor(p, 300, log);
        System.out.printf("YarnHdfsTest: DataNode stopped after the first checkpoint group; exit %d%n", code);
        if (code == Main.OK) {
            assertSameTables(slowTables, output, "committed with a DataNode down");
        } else {
            assertEquals(Main.FAILED, code, () -> tail(log));
            assertSameTables(plainTables, output, "the previous run, intact");
        }
    }
}
