package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
 */
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

    static Process submit(String outputName, Path log) throws IOException {
        List<String> args = new ArrayList<>(List.of("test-cluster", "submit", cluster.toString(), quickstart(),
                "output=" + dir.resolve(outputName), "progress=false"));
        args.addAll(List.of(REDUCED));
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

    @Test
    void executorKilledWhileTasksRun() throws Exception {
        Path log = dir.resolve("submit-kill.log");
        Process driver = submit("killed", log);
        // The executor of worker 1, once it runs a task (its stderr, Spark's default INFO log, says so).
        long workerPid = Long.parseLong(Files.readString(cluster.resolve("worker-1.pid")).trim());
        ProcessHandle executor = null;
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (executor == null && driver.isAlive() && System.nanoTime() < deadline) {
            Optional<ProcessHandle> e = ProcessHandle.of(workerPid).orElseThrow().children()
                    .filter(c -> Processes.commandLine(c).contains("CoarseGrainedExecutorBackend")).findFirst();
            if (e.isPresent() && runsTask(cluster.resolve("work-1"))) {
                executor = e.get();
            } else {
                Thread.sleep(200);
            }
        }
        assertTrue(executor != null && driver.isAlive(), () -> "no running executor task seen:\n" + tail(log));
        assertTrue(executor.destroyForcibly(), "SIGKILL sent to executor " + executor.pid());
        assertEquals(0, Processes.waitFor(driver, 300, log), () -> tail(log));
        // The driver saw its task fail with the executor (WARN from TaskSetManager), then retried it.
        String out = Files.readString(log);
        assertTrue(out.contains("ExecutorLostFailure") || out.contains("Lost executor"), () -> tail(log));
        List<Row> trials = trials(dir.resolve("killed"));
        assertComplete(trials);
        assertEquals(localTrials, trials, "trials rows after the executor loss");
        assertEquals(localCells.toString(), rows(dir.resolve("killed"), "cells", "cell_id").toString());
    }

    static boolean runsTask(Path workDir) throws IOException {
        try (Stream<Path> files = Files.walk(workDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
                if (Files.readString(f).contains("Running task")) {
                    return true;
                }
            }
        }
        return false;
    }
}
