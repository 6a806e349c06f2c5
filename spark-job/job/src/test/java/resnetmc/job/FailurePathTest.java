package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure paths a user relies on, through the real entry point on a local Spark: a run that fails
 * mid-way (a task that throws, or the driver's commit failing after the previous run was moved aside)
 * exits 1, leaves the previous run of the same id byte for byte as it was, and prints the {@code --resume}
 * hint when completed checkpoints were kept; the resumed run then equals an uninterrupted one. Two jobs
 * racing for a stale lock: exactly one commits, the other stops before committing, with a message that
 * says why. Faults are injected through the test-only system properties of {@code TrialIterator} and
 * {@code StagedCommit}.
 */
class FailurePathTest extends SparkTestSession {
    private static final String FAIL_TRIAL = "resnetmc.test.fail-trial";
    private static final String FAIL_COMMIT = "resnetmc.test.fail-commit";
    /** 3 cells of about equal cost, one checkpoint group each, two groups in flight. */
    private static final String CONFIG = String.join("\n", "seed = 3",
            "grid { arch = [res-1], activation = [identity], width = [6], depth = [20, 21, 22], beta = [0.5] }",
            "trajectory-points = 4", "checkpoint-groups = 3", "progress = false", "run-id = fp");

    @TempDir
    Path dir;

    @TempDir
    static Path shared;
    private static List<String> uninterrupted;

    /** The tables of the failing runs' config run without fault (computed once for the class). */
    private List<String> uninterrupted() throws IOException {
        if (uninterrupted == null) {
            Path plain = shared.resolve("plain");
            assertEquals(Main.OK, MainRun.run(args(plain, "trials=40")).code());
            uninterrupted = tables(plain);
        }
        return uninterrupted;
    }

    @AfterEach
    void clearFaults() {
        System.clearProperty(FAIL_TRIAL);
        System.clearProperty(FAIL_COMMIT);
    }

    private String[] args(Path output, String... more) throws IOException {
        Path conf = dir.resolve("fp.conf");
        Files.writeString(conf, CONFIG);
        List<String> a = new ArrayList<>(List.of(conf.toString(), "output=" + output));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    /** Every file under the run's folder with the SHA-256 of its bytes. */
    private static Map<String, String> files(Path run) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                byte[] h = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                out.put(run.relativize(p).toString(), HexFormat.of().formatHex(h));
            }
        }
        return out;
    }

    private static List<Row> table(Path output, String table, String... order) {
        return spark.read().parquet(output.resolve("fp").resolve(table).toString())
                .orderBy(order[0], Stream.of(order).skip(1).toArray(String[]::new)).collectAsList();
    }

    /** trials, cells and checks of a run (all columns), as text. */
    private static List<String> tables(Path output) {
        return List.of(table(output, "trials", "cell_id", "trial").toString(),
                table(output, "cells", "cell_id").toString(),
                table(output, "checks", "cell_id", "statement", "delta").toString());
    }

    /** A previous run with 30 trials per cell; the failing run asks for 40, so its tables would differ. */
    private Map<String, String> previousRun(Path output) throws Exception {
        MainRun.Result r = MainRun.run(args(output, "trials=30"));
        assertEquals(Main.OK, r.code(), r.err());
        return files(output.resolve("fp"));
    }

    private void assertResumeEqualsUninterrupted(Path output) throws Exception {
        MainRun.Result resumed = MainRun.run(args(output, "trials=40", "--resume"));
        assertEquals(Main.OK, resumed.code(), resumed.err());
        Row run = table(output, "runs", "run_id").get(0);
        assertTrue(run.<Integer>getAs("cells_reused") > 0, "the kept checkpoints were reused");
        assertEquals(3 * 40, table(output, "trials", "cell_id", "trial").size());
        assertEquals(uninterrupted(), tables(output), "resumed run equals the uninterrupted one");
    }

    @Test
    void taskFailureExitsOneLeavesThePreviousRunAndOffersResume() throws Exception {
        Path output = dir.resolve("runs");
        Map<String, String> before = previousRun(output);
        List<String> previousTables = tables(output);
        // The last cell's trial 7 throws: its group starts only once one of the other two has completed.
        System.setProperty(FAIL_TRIAL, "2:7");
        MainRun.Result r = MainRun.run(args(output, "trials=40"));
        System.clearProperty(FAIL_TRIAL);
        assertEquals(Main.FAILED, r.code(), r.err());
        assertTrue(r.err().contains("the run failed, nothing of it was written")
                && r.err().contains("injected fault in cell 2, trial 7"), r.err());
        assertTrue(r.err().contains("completed checkpoint(s) are kept") && r.err().contains("--resume"), r.err());
        assertEquals(before, files(output.resolve("fp")), "the previous run's files are untouched");
        assertEquals(previousTables, tables(output));
        assertResumeEqualsUninterrupted(output);
    }

    @Test
    void commitFailureExitsOneAndRestoresThePreviousRun() throws Exception {
        Path output = dir.resolve("runs");
        Map<String, String> before = previousRun(output);
        List<String> previousTables = tables(output);
        System.setProperty(FAIL_COMMIT, "true");
        MainRun.Result r = MainRun.run(args(output, "trials=40"));
        System.clearProperty(FAIL_COMMIT);
        assertEquals(Main.FAILED, r.code(), r.err());
        assertTrue(r.err().contains("the run failed, nothing of it was written") && r.err().contains("cannot move"),
                r.err());
        assertTrue(r.err().contains("3 completed checkpoint(s) are kept") && r.err().contains("--resume"), r.err());
        assertEquals(before, files(output.resolve("fp")), "the previous run, moved aside, is back as it was");
        assertEquals(previousTables, tables(output));
        try (Stream<Path> s = Files.list(output)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".replaced-")).toList(),
                    "no moved-aside copy is left behind");
        }
        assertResumeEqualsUninterrupted(output);
    }

    /**
     * A stale lock (another host, not refreshed for an hour) and two jobs started together on its run-id:
     * both find it stale; each takes it over, and after the take-over pause reads it back, so the last
     * writer keeps it. Whatever the interleaving, exactly one job commits and the other stops before its
     * commit, saying the run was taken by another job (exit 2 at the take-over, or exit 1 if it only
     * learns it from its heartbeat). Repeated for a second interleaving.
     */
    @Test
    void twoJobsRacingForAStaleLockCommitOnce() throws Exception {
        for (int round = 0; round < 2; round++) {
            Path output = dir.resolve("race" + round);
            Path lock = output.resolve(".staging-fp").resolve("_lock");
            Files.createDirectories(lock.getParent());
            Files.writeString(lock, "owner=dead-job\nhost=" + InetAddress.getLocalHost().getHostName() + "-elsewhere"
                    + "\npid=1\n");
            Files.setLastModifiedTime(lock, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<MainRun.Result>> jobs = new ArrayList<>();
            try {
                for (int j = 0; j < 2; j++) {
                    String[] a = args(output, "trials=20", "seed=" + (10 + j));
                    Callable<MainRun.Result> job = () -> {
                        start.await();
                        return MainRun.run(a);
                    };
                    jobs.add(pool.submit(job));
                }
                long t0 = System.nanoTime();
                start.countDown();
                MainRun.Result x = jobs.get(0).get();
                MainRun.Result y = jobs.get(1).get();
                System.out.printf("race round %d: %.1f s, exits %d and %d%n", round, (System.nanoTime() - t0) / 1e9,
                        x.code(), y.code());
                List<MainRun.Result> ok = Stream.of(x, y).filter(r -> r.code() == Main.OK).toList();
                List<MainRun.Result> stopped = Stream.of(x, y).filter(r -> r.code() != Main.OK).toList();
                assertEquals(1, ok.size(), "round " + round + ": exactly one commits: " + x + " / " + y);
                MainRun.Result loser = stopped.get(0);
                assertTrue(loser.code() == Main.BAD_INPUT || loser.code() == Main.FAILED, loser.toString());
                assertTrue(loser.err().contains("taken by another job") || loser.err().contains("taken over by another job")
                        || loser.err().contains("being written by another job"), loser.err());
                // The committed run is the winner's whole: its seed's 3 x 20 trials, one runs row.
                int winner = x.code() == Main.OK ? 0 : 1;
                Row run = table(output, "runs", "run_id").get(0);
                assertEquals(10L + winner, ((Number) run.getAs("seed")).longValue());
                assertEquals(60, table(output, "trials", "cell_id", "trial").size());
                assertFalse(Files.exists(output.resolve(".staging-fp")), "the winner's commit removed the staging folder");
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
