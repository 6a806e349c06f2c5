package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real standalone Spark cluster on 127.0.0.1 (one Master, two Workers of one core each, started by
 * {@code submit/test-cluster start} from the Maven jars), runs submitted through Spark's SparkSubmit:
 * the {@code trials} rows equal those of a {@code local[2]} run of the same config, also when an executor
 * JVM is killed by PID while its tasks run.
 *
 * <p>The config is {@code conf/quickstart.conf} reduced by overrides to 8 cells x 24 trials with the
 * dense sampler (each task runs for seconds, so the kill lands in a running task) in 2 checkpoint groups.
 * The runs use the same run-id in different output roots, so every column of {@code trials} and
 * {@code cells} is compared, none excluded ({@code master} and the timestamps are only in {@code runs}).
 * The order is fixed: the undisturbed cluster run, then the one with the kill.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIntegrationTest extends SparkTestSession {
    static final String[] REDUCED = {"trials=24", "grid.arch=[res-1, res-3]", "grid.activation=[relu]",
        "grid.depth=[64, 512]", "grid.beta=[0.5, 1.0]", "sampler=dense", "checkpoint-groups=2", "partitions=4",
        "run-id=cluster-test"};
    static final int CELLS = 8;
    static final int TRIALS = 24;

    static Path dir;
    static Path cluster;
    static Path appJar;
    static List<Row> localTrials;
    static List<Row> localCells;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("resnetmc-cluster-test");
        cluster = dir.resolve("cluster");
        appJar = Processes.appJar(dir);
        Path log = dir.resolve("start.log");
        Process p = Processes.script(appJar, log, "test-cluster", "start", cluster.toString()).start();
        assertEquals(0, Processes.waitFor(p, 240, log), () -> "cluster start failed:\n" + tail(log));

        // The reference: the same config on local[2], in this JVM.
        List<String> args = new ArrayList<>(List.of(quickstart(), "output=" + dir.resolve("local")));
        args.addAll(List.of(REDUCED));
        assertEquals(0, JobEndToEndTest.runMain(args.toArray(new String[0])));
        localTrials = trials(dir.resolve("local"));
        localCells = rows(dir.resolve("local"), "cells", "cell_id");
        assertEquals(CELLS * TRIALS, localTrials.size());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            List<Long> pids = new ArrayList<>();
            try (Stream<Path> files = Files.list(cluster)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                    pids.add(Long.parseLong(Files.readString(f).trim()));
                }
            }
            List<ProcessHandle> started = new ArrayList<>();
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(h -> {
                    started.add(h);
                    h.descendants().forEach(started::add);
                });
            }
            Path log = dir.resolve("stop.log");
            Processes.waitFor(Processes.script(appJar, log, "test-cluster", "stop", cluster.toString()).start(), 120, log);
            assertEquals(3, pids.size(), "master and two workers were recorded");
            for (ProcessHandle h : started) {
                assertTrue(h.onExit().isDone() || !h.isAlive(), "stopped: pid " + h.pid());
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static String quickstart() {
        return Processes.ROOT.resolve("conf/quickstart.conf").toString();
    }

    static String tail(Path log) {
        try {
            return Processes.tail(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    static List<Row> rows(Path output, String table, String... order) {
        return spark.read().parquet(output.resolve("cluster-test").resolve(table).toString())
                .orderBy(order[0], Stream.of(order).skip(1).toArray(String[]::new)).collectAsList();
    }

    static List<Row> trials(Path output) {
        return rows(output, "trials", "cell_id", "trial");
    }

    /** A run on the cluster; {@code sparkSubmitOptions} go to spark-submit (after {@code --}). */
    static Process submit(String outputName, Path log, String... sparkSubmitOptions) throws IOException {
        List<String> args = new ArrayList<>(List.of("test-cluster", "submit", cluster.toString(), quickstart(),
                "output=" + dir.resolve(outputName), "progress=false"));
        args.addAll(List.of(REDUCED));
        if (sparkSubmitOptions.length > 0) {
            args.add("--");
            args.addAll(List.of(sparkSubmitOptions));
        }
        return Processes.script(appJar, log, args.toArray(new String[0])).start();
    }

    /** No duplicate and no missing (cell, trial): every cell has trials 0..TRIALS-1 exactly once. */
    static void assertComplete(List<Row> trials) {
        assertEquals(CELLS * TRIALS, trials.size());
        for (int i = 0; i < trials.size(); i++) {
            assertEquals(i % TRIALS, trials.get(i).<Long>getAs("trial").intValue(), "row " + i);
        }
    }

    @Test
    @Order(1)
    void clusterRunEqualsLocalRun() throws Exception {
        Path log = dir.resolve("submit-plain.log");
        assertEquals(0, Processes.waitFor(submit("plain", log), 300, log), () -> tail(log));
        List<Row> trials = trials(dir.resolve("plain"));
        assertComplete(trials);
        assertEquals(localTrials, trials, "trials rows, all columns");
        assertEquals(localCells.toString(), rows(dir.resolve("plain"), "cells", "cell_id").toString());
        Row run = rows(dir.resolve("plain"), "runs", "run_id").get(0);
        assertTrue(run.<String>getAs("master").startsWith("spark://127.0.0.1:"), run.<String>getAs("master"));
    }

    /**
     * SIGKILL to an executor while it runs a task. The proof that the task was lost and re-run is the
     * driver's event log: a task that ran on the killed executor ends with ExecutorLostFailure, and the same
     * partition (stage, index) later succeeds as attempt > 0 on the other executor. The tables equal the
     * undisturbed local run. Runs after the plain run (its executors' logs are not looked at: only the
     * killed executor's own stderr, found by its application and executor ids).
     */
    @Test
    @Order(2)
    void executorKilledWhileTasksRun() throws Exception {
        Path log = dir.resolve("submit-kill.log");
        Path events = Files.createDirectories(dir.resolve("events"));
        Process driver = submit("killed", log, "--conf", "spark.eventLog.enabled=true", "--conf",
                "spark.eventLog.dir=" + events.toUri(), "--conf", "spark.eventLog.compress=false");
        // The executor of worker 1, once its own log shows a task started and not finished in two polls
        // 200 ms apart (a trial task, seconds long, rather than a short bookkeeping one).
        long workerPid = Long.parseLong(Files.readString(cluster.resolve("worker-1.pid")).trim());
        ProcessHandle executor = null;
        String executorId = null;
        Set<String> runningBefore = Set.of();
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (executor == null && driver.isAlive() && System.nanoTime() < deadline) {
            Optional<ProcessHandle> e = ProcessHandle.of(workerPid).orElseThrow().children()
                    .filter(c -> Processes.commandLine(c).contains("CoarseGrainedExecutorBackend")).findFirst();
            Set<String> running = Set.of();
            if (e.isPresent()) {
                String cmd = Processes.commandLine(e.get());
                String app = argument(cmd, "--app-id");
                String id = argument(cmd, "--executor-id");
                Path stderr = cluster.resolve("work-1").resolve(app).resolve(id).resolve("stderr");
                running = runningTasks(stderr);
                if (running.stream().anyMatch(runningBefore::contains)) {
                    executor = e.get();
                    executorId = id;
                }
            }
            runningBefore = running;
            if (executor == null) {
                Thread.sleep(200);
            }
        }
        assertTrue(executor != null && driver.isAlive(), () -> "no running executor task seen:\n" + tail(log));
        assertTrue(executor.destroyForcibly(), "SIGKILL sent to executor " + executor.pid());
        assertEquals(0, Processes.waitFor(driver, 300, log), () -> tail(log));

        List<TaskEnd> ends = taskEnds(events);
        String killed = executorId;
        List<TaskEnd> lost = ends.stream().filter(t -> t.executor().equals(killed)
                && t.reason().equals("ExecutorLostFailure")).toList();
        assertFalse(lost.isEmpty(), () -> "no task of executor " + killed + " ended with ExecutorLostFailure: " + ends);
        for (TaskEnd l : lost) {
            assertTrue(ends.stream().anyMatch(t -> t.stage() == l.stage() && t.stageAttempt() == l.stageAttempt()
                    && t.index() == l.index() && t.attempt() > l.attempt() && t.attempt() > 0
                    && t.reason().equals("Success") && !t.executor().equals(killed)),
                    () -> "partition " + l.index() + " of stage " + l.stage() + " lost on executor " + killed
                            + " was not re-run to success: " + ends);
        }
        List<Row> trials = trials(dir.resolve("killed"));
        assertComplete(trials);
        assertEquals(localTrials, trials, "trials rows after the executor loss");
        assertEquals(localCells.toString(), rows(dir.resolve("killed"), "cells", "cell_id").toString());
    }

    /** One SparkListenerTaskEnd of an event log. */
    record TaskEnd(int stage, int stageAttempt, int index, int attempt, String executor, String reason) {
    }

    /**
     * The task ends of the one application's event log in a folder, in log order: Spark 4 writes a
     * rolling log by default, a folder eventlog_v2_APP of events_N_APP files (N = 1, 2, ...); a plain
     * log is a single file.
     */
    static List<TaskEnd> taskEnds(Path events) throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.walk(events)) {
            logs = files.filter(Files::isRegularFile).filter(f -> {
                String name = f.getFileName().toString();
                return !name.startsWith(".") && !name.startsWith("appstatus_");
            }).sorted(java.util.Comparator.comparingInt(ClusterIntegrationTest::rollingIndex)).toList();
        }
        assertFalse(logs.isEmpty(), "an event log in " + events);
        ObjectMapper json = new ObjectMapper();
        List<TaskEnd> ends = new ArrayList<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                JsonNode e = json.readTree(line);
                if (e.path("Event").asText().equals("SparkListenerTaskEnd")) {
                    JsonNode info = e.path("Task Info");
                    ends.add(new TaskEnd(e.path("Stage ID").asInt(), e.path("Stage Attempt ID").asInt(),
                            info.path("Index").asInt(), info.path("Attempt").asInt(),
                            info.path("Executor ID").asText(), e.path("Task End Reason").path("Reason").asText()));
                }
            }
        }
        return ends;
    }

    /** N of a rolling event log file events_N_APP; 0 for a single-file log. */
    static int rollingIndex(Path log) {
        Matcher m = Pattern.compile("^events_(\\d+)_").matcher(log.getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The value after {@code flag} in a command line. */
    static String argument(String commandLine, String flag) {
        List<String> words = List.of(commandLine.split("\\s+"));
        int i = words.indexOf(flag);
        assertTrue(i >= 0 && i + 1 < words.size(), () -> flag + " not in " + commandLine);
        return words.get(i + 1);
    }

    /** The TIDs an executor's log shows started ("Running task ... (TID n)") and not finished or failed. */
    static Set<String> runningTasks(Path stderr) throws IOException {
        if (!Files.exists(stderr)) {
            return Set.of();
        }
        Set<String> running = new HashSet<>();
        for (String line : Files.readAllLines(stderr)) {
            Matcher m = TID.matcher(line);
            if (line.contains("Running task") && m.find()) {
                running.add(m.group(1));
            } else if ((line.contains("Finished task") || line.contains("Exception in task")) && m.find()) {
                running.remove(m.group(1));
            }
        }
        return running;
    }

    private static final Pattern TID = Pattern.compile("\\(TID (\\d+)\\)");
}
