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
 * {@code output = hdfs://...} on Hadoop's own MiniDFSCluster (one NameNode, two DataNodes), written by
 * runs on a real standalone Spark cluster: {@code submit/test-cluster start --hdfs} starts both from the
 * Maven jars on 127.0.0.1 (a Master and two Workers of one core; the mini HDFS in one more JVM): the four tables equal those of a {@code local[2]} run, row for row,
 * with two jobs on one run-id (the lock on HDFS) and an executor killed, after the driver is killed and
 * the run resumed, and with a DataNode stopped mid-write.
 *
 * <p>Config: {@code conf/quickstart.conf} at depths 8 and 64, 20 trials (30 cells), with the dense
 * sampler at width 32 in 6 checkpoint groups, so that tasks and groups last long enough to be hit.
 */
@Tag("yarn")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsClusterTest extends SparkTestSession {
    static final String[] CONFIG = {"trials=20", "grid.depth=[8, 64]", "grid.width=[32]", "sampler=dense",
        "checkpoint-groups=6", "partitions=4", "run-id=hdfs-test", "progress=false"};
    static final int CELLS = 30;
    static final int TRIALS = 20;
    static final int GROUPS = 6;
    /** runs columns that record when and where, not what: not compared. */
    static final List<String> RUN_ENVIRONMENT = List.of("started_at", "finished_at", "wall_seconds",
            "trials_per_second", "master", "partitions", "java_version", "config", "work_units");

    static Path dir;
    static Path cluster;
    static Path appJar;
    static String hdfsRuns;
    static FileSystem hdfs;
    static String local;
    static Map<String, List<String>> expected;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("resnetmc-hdfs-test");
        appJar = Processes.appJar(dir);
        long t0 = System.nanoTime();
        cluster = dir.resolve("cluster");
        Path log = dir.resolve("start.log");
        Process p = Processes.script(appJar, log, "test-cluster", "start", "--hdfs", cluster.toString()).start();
        assertEquals(0, Processes.waitFor(p, 300, log), () -> "cluster start failed:\n" + tail(log));
        hdfsRuns = Files.readString(cluster.resolve("hdfs-url")).trim();
        assertTrue(hdfsRuns.matches("hdfs://(localhost|127\\.0\\.0\\.1):\\d+/runs"), hdfsRuns);
        hdfs = FileSystem.newInstance(java.net.URI.create(hdfsRuns), new org.apache.hadoop.conf.Configuration());
        System.out.printf("HdfsClusterTest: HDFS and standalone cluster up in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        local = dir.resolve("local").toUri().toString();
        assertEquals(0, JobEndToEndTest.runMain(concat(new String[] {quickstart(), "output=" + local}, CONFIG)));
        expected = tables(local);
        assertEquals(CELLS * TRIALS, expected.get("trials").size());
    }

    @AfterAll
    static void stop() throws Exception {
        // HDFS clients (ours and the Spark session's) first, while the NameNode still answers.
        FileSystem.closeAll();
        if (hdfs != null) {
            hdfs.close();
        }
        if (cluster != null && Files.isDirectory(cluster)) {
            List<Long> pids = new ArrayList<>();
            List<ProcessHandle> started = new ArrayList<>();
            try (Stream<Path> files = Files.list(cluster)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                    pids.add(Long.parseLong(Files.readString(f).trim()));
                }
            }
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(h -> {
                    started.add(h);
                    h.descendants().forEach(started::add);
                });
            }
            Path log = dir.resolve("stop.log");
            Processes.waitFor(Processes.script(appJar, log, "test-cluster", "stop", cluster.toString()).start(), 120, log);
            assertEquals(4, pids.size(), "master, two workers and the mini HDFS were recorded: " + pids);
            for (ProcessHandle h : started) {
                assertFalse(h.isAlive(), "stopped: pid " + h.pid() + " " + Processes.commandLine(h));
            }
        }
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
        return hdfsRuns + "/" + name;
    }

    static String tail(Path log) {
        try {
            return Processes.tail(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The four tables of run hdfs-test under {@code output}, sorted, as strings; runs without {@code drop}. */
    static Map<String, List<String>> tables(String output, String... drop) {
        String run = output + "/hdfs-test/";
        Dataset<Row> runs = spark.read().parquet(run + "runs");
        for (String c : concat(RUN_ENVIRONMENT.toArray(new String[0]), drop)) {
            assertTrue(Arrays.asList(runs.columns()).contains(c), "runs has column " + c);
            runs = runs.drop(c);
        }
        Dataset<Row> checks = spark.read().parquet(run + "checks");
        String[] cols = checks.columns();
        return Map.of(
                "trials", strings(spark.read().parquet(run + "trials").orderBy("cell_id", "trial")),
                "cells", strings(spark.read().parquet(run + "cells").orderBy("cell_id")),
                "checks", strings(checks.orderBy(cols[0], Arrays.copyOfRange(cols, 1, cols.length))),
                "runs", strings(runs));
    }

    static List<String> strings(Dataset<Row> d) {
        return d.collectAsList().stream().map(Row::toString).toList();
    }

    /** Each (cell, trial) exactly once, every table equal to the local[2] run's, row for row. */
    static void assertSameTables(String output, String what) {
        List<Row> keys = spark.read().parquet(output + "/hdfs-test/trials").select("cell_id", "trial").collectAsList();
        assertEquals(CELLS * TRIALS, keys.size(), what + ": trials rows");
        assertEquals(CELLS * TRIALS, keys.stream().distinct().count(), what + ": distinct (cell, trial)");
        Map<String, List<String>> actual = tables(output);
        for (String t : List.of("trials", "cells", "checks", "runs")) {
            assertEquals(expected.get(t), actual.get(t), what + ": " + t + " rows equal to local[2]'s");
        }
    }

    /** {@code submit/test-cluster submit CLUSTER quickstart.conf output=... CONFIG more -- extra}. */
    static Process submit(Path log, String output, List<String> more, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("test-cluster", "submit", cluster.toString(), quickstart(),
                "output=" + output));
        cmd.addAll(List.of(CONFIG));
        cmd.addAll(more);
        cmd.add("--");
        cmd.addAll(List.of(extra));
        return Processes.script(appJar, log, cmd.toArray(new String[0])).start();
    }

    static int completedGroups(String output) throws IOException {
        org.apache.hadoop.fs.Path cp = new org.apache.hadoop.fs.Path(output + "/.staging-hdfs-test/checkpoints");
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

    /**
     * Two jobs on one run-id at once, the lock on HDFS: exactly one commits, the other exits 2 with the
     * lock message. Then the winner's executor is SIGKILLed while it runs a task: Spark reruns the task
     * (attempt > 0 in the event log) and the tables are still the local run's, each (cell, trial) once.
     */
    @Test
    @Order(1)
    void twoJobsOneRunIdThenExecutorKilled() throws Exception {
        Map<String, Process> jobs = new java.util.LinkedHashMap<>();
        try {
            twoJobs(jobs);
        } finally {
            // A failed assertion must not leave a driver running into the next test.
            for (Process p : jobs.values()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    private void twoJobs(Map<String, Process> jobs) throws Exception {
        for (String tag : List.of("A", "B")) {
            Path events = Files.createDirectories(dir.resolve("events-" + tag));
            jobs.put(tag, submit(dir.resolve("job-" + tag + ".log"), out("faults"), List.of(),
                    "--conf", "spark.executor.extraJavaOptions=-Dresnetmc.test.job=" + tag,
                    "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri(),
                    "--conf", "spark.eventLog.compress=false"));
        }
        String winner = null;
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (winner == null && System.nanoTime() < deadline) {
            for (var e : jobs.entrySet()) {
                if (!e.getValue().isAlive()) {
                    winner = e.getKey().equals("A") ? "B" : "A";
                }
            }
            Thread.sleep(100);
        }
        assertTrue(winner != null, "neither job ended within 240 s");
        String loser = winner.equals("A") ? "B" : "A";
        Path loserLog = dir.resolve("job-" + loser + ".log");
        Path winnerLog = dir.resolve("job-" + winner + ".log");
        assertEquals(Main.BAD_INPUT, jobs.get(loser).exitValue(), () -> "the job that ended first:\n" + tail(loserLog));
        // The lock's refusals: "being written by another job" (the lock found live), "taken by another job
        // starting at the same time" (lost the exclusive create). On HDFS a create racing another client's
        // still-open create of the same file fails with the NameNode's lease error instead, which the
        // job reports as is (still exit 2, nothing written).
        String refused = Files.readString(loserLog);
        assertTrue(refused.contains("hdfs-test") && (refused.contains("being written by another job")
                || refused.contains("taken by another job starting at the same time")
                || refused.contains("_lock") && refused.contains("lease is currently owned")), refused);
        System.out.println("HdfsClusterTest: refused job: " + refused.lines().filter(l -> l.contains("hdfs-test"))
                .findFirst().orElse(""));

        ProcessHandle executor = null;
        while (executor == null && jobs.get(winner).isAlive() && System.nanoTime() < deadline) {
            executor = executorRunningTask(winner).orElse(null);
            Thread.sleep(100);
        }
        ProcessHandle killed = executor;
        assertTrue(killed != null && jobs.get(winner).isAlive(),
                () -> "no executor of the running job seen running a task:\n" + tail(winnerLog));
        assertTrue(killed.destroyForcibly(), "SIGKILL sent to executor " + killed.pid());
        assertEquals(0, Processes.waitFor(jobs.get(winner), 300, winnerLog), () -> tail(winnerLog));

        List<String> events = new ArrayList<>();
        // Spark 4 writes rolling event logs: a folder per application with its events_N files.
        try (Stream<Path> files = Files.walk(dir.resolve("events-" + winner))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                events.addAll(Files.readAllLines(f));
            }
        }
        assertTrue(events.stream().anyMatch(l -> l.contains("\"Event\":\"SparkListenerTaskEnd\"")
                && l.contains("ExecutorLostFailure")), "a task ended with ExecutorLostFailure (event log)");
        long retried = events.stream().filter(l -> l.contains("\"Event\":\"SparkListenerTaskStart\"")
                && !l.contains("\"Attempt\":0,")).count();
        System.out.printf("HdfsClusterTest: job %s won the lock; executor %d killed; %d task attempts > 0%n",
                winner, killed.pid(), retried);
        assertTrue(retried > 0, "a task attempt > 0 started after the executor loss (event log)");
        assertSameTables(out("faults"), "after two jobs and the executor kill");
    }

    /** An executor JVM of a worker, of the job tagged {@code tag}, once its worker's logs show a running task. */
    static Optional<ProcessHandle> executorRunningTask(String tag) throws IOException {
        for (int w = 1; w <= 2; w++) {
            long worker = Long.parseLong(Files.readString(cluster.resolve("worker-" + w + ".pid")).trim());
            Optional<ProcessHandle> e = ProcessHandle.of(worker).stream().flatMap(ProcessHandle::children)
                    .filter(c -> Processes.commandLine(c).contains("-Dresnetmc.test.job=" + tag)).findFirst();
            if (e.isPresent() && runsTask(cluster.resolve("work-" + w))) {
                return e;
            }
        }
        return Optional.empty();
    }

    /** A running task in an executor log of the worker's current application (the loser's app has ended). */
    static boolean runsTask(Path workDir) throws IOException {
        try (Stream<Path> files = Files.walk(workDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
                String log = Files.readString(f);
                if (log.contains("Running task") && !log.contains("Driver commanded a shutdown")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The driver SIGKILLed (by PID) after two checkpoint groups: nothing of the run is visible and its
     * lock stays on HDFS; {@code --resume} takes the lock over (same host, pid gone), reuses the
     * completed groups (runs.cells_reused) and ends with the local run's tables.
     */
    @Test
    @Order(2)
    void driverKilledThenResume() throws Exception {
        String output = out("resume");
        Path log = dir.resolve("killed-driver.log");
        Process submit = submit(log, output, List.of());
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (submit.isAlive() && completedGroups(output) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(submit.isAlive(), () -> "driver ended before its second checkpoint:\n" + tail(log));
        long pid = Long.parseLong(Files.readString(cluster.resolve("driver.pid")).trim());
        ProcessHandle driver = ProcessHandle.of(pid).orElseThrow();
        assertTrue(Processes.commandLine(driver).contains("SparkSubmit"), Processes.commandLine(driver));
        driver.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertEquals(137, Processes.waitFor(submit, 60, log), () -> tail(log));
        int groups = completedGroups(output);
        assertTrue(groups >= 2 && groups < GROUPS, "killed mid-run: " + groups + " of " + GROUPS + " groups complete");
        assertFalse(exists(output + "/hdfs-test"), "nothing of the killed run is visible");
        assertTrue(exists(output + "/.staging-hdfs-test/" + resnetmc.io.RunLock.FILE), "the dead driver's lock stays on HDFS");

        Path resumeLog = dir.resolve("resume.log");
        assertEquals(0, Processes.waitFor(submit(resumeLog, output, List.of("--resume")), 300, resumeLog),
                () -> tail(resumeLog));
        Row run = spark.read().parquet(output + "/hdfs-test/runs").first();
        int reused = run.<Integer>getAs("cells_reused");
        int computed = run.<Integer>getAs("cells_computed");
        System.out.printf("HdfsClusterTest: driver killed after %d of %d groups; %d cells reused, %d computed%n",
                groups, GROUPS, reused, computed);
        assertTrue(reused > 0 && computed < CELLS && reused + computed == CELLS, reused + " + " + computed);
        assertTrue(run.<Boolean>getAs("resumed"));
        assertTrue(Files.readString(resumeLog).contains("cells: " + computed + " computed, " + reused + " reused"),
                () -> tail(resumeLog));
        assertFalse(exists(output + "/.staging-hdfs-test"), "staging removed after the commit");
        // runs records the resume itself; every other compared column equals the uninterrupted run's.
        String[] resumeColumns = {"cells_reused", "cells_computed", "resumed"};
        assertEquals(tables(local, resumeColumns), tables(output, resumeColumns), "tables after the resume");
        List<Row> keys = spark.read().parquet(output + "/hdfs-test/trials").select("cell_id", "trial").collectAsList();
        assertEquals(CELLS * TRIALS, keys.stream().distinct().count(), "each (cell, trial) once");
        assertEquals(CELLS * TRIALS, keys.size(), "each (cell, trial) once");
    }

    /**
     * A DataNode stopped while a run writes over a committed run of the same id: the new run either
     * commits whole (the local run's tables) or fails with exit 1 and the previous run stays as it was.
     * Last: HDFS has one DataNode afterwards.
     */
    @Test
    @Order(3)
    void dataNodeStoppedMidWrite() throws Exception {
        String output = out("faults");
        assertTrue(exists(output + "/hdfs-test/trials"), "the run of test 1 is committed there");
        Map<String, List<String>> previous = tables(output);
        Path log = dir.resolve("datanode.log");
        // Another seed: the new run's rows differ from the previous run's, so the outcome is unambiguous.
        Process p = submit(log, output, List.of("seed=2"));
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (p.isAlive() && completedGroups(output) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), () -> "run ended before its first checkpoint:\n" + tail(log));
        Files.writeString(cluster.resolve("hadoop/stop-datanode-1"), "");
        Path stopped = cluster.resolve("hadoop/datanode-1-stopped");
        for (int i = 0; i < 600 && !Files.exists(stopped); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(stopped), "the mini HDFS stopped DataNode 1");
        int code = Processes.waitFor(p, 300, log);
        System.out.printf("HdfsClusterTest: DataNode stopped after the first checkpoint group; exit %d%n", code);
        List<Row> keys = spark.read().parquet(output + "/hdfs-test/trials").select("cell_id", "trial").collectAsList();
        assertEquals(CELLS * TRIALS, keys.size(), "a whole run: trials rows");
        assertEquals(CELLS * TRIALS, keys.stream().distinct().count(), "a whole run: distinct (cell, trial)");
        Map<String, List<String>> now = tables(output);
        if (code == Main.OK) {
            assertFalse(now.get("trials").equals(previous.get("trials")), "the new run (seed 2) was committed");
            Row run = spark.read().parquet(output + "/hdfs-test/runs").first();
            assertEquals(CELLS, run.<Integer>getAs("cells_computed"));
        } else {
            assertEquals(Main.FAILED, code, () -> tail(log));
            assertEquals(previous, now, "the previous run, intact");
        }
    }
}
