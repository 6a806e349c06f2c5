package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver killed (SIGKILL, by PID) mid-run, then {@code --resume}: nothing of the killed run is visible,
 * a second job on the same run-id is refused while the driver lives, and the resumed run reuses the
 * completed checkpoint groups, computes the rest, and ends with the same {@code trials}, {@code cells}
 * and {@code checks} as an uninterrupted run.
 *
 * <p>Config: {@code conf/quickstart.conf} (45 cells) with 24 trials per cell, the dense sampler for
 * depths 8 and 64 only (30 cells, so each checkpoint group takes seconds, long enough to kill between
 * groups), in 10 checkpoint groups. The killed driver runs on {@code local[2]} in a child JVM started
 * from this test's class path.
 */
class DriverKillResumeTest extends SparkTestSession {
    static final String[] REDUCED = {"trials=24", "grid.depth=[8, 64]", "sampler=dense", "checkpoint-groups=10",
        "run-id=resume-test"};
    static final int CELLS = 30;

    @TempDir
    Path dir;

    static String[] args(Path output, String... more) {
        List<String> a = new ArrayList<>(List.of(Processes.ROOT.resolve("conf/quickstart.conf").toString(),
                "output=" + output));
        a.addAll(List.of(REDUCED));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    static List<String> completedGroups(Path checkpoints) throws Exception {
        if (!Files.isDirectory(checkpoints)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(checkpoints)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.contains(".tmp-") && !n.startsWith("."))
                    .toList();
        }
    }

    static List<Row> table(Path output, String table, String... order) {
        return spark.read().parquet(output.resolve("resume-test").resolve(table).toString())
                .orderBy(order[0], Stream.of(order).skip(1).toArray(String[]::new)).collectAsList();
    }

    @Test
    void killedDriverThenResume() throws Exception {
        Path killed = dir.resolve("killed");
        Path log = dir.resolve("driver.log");
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx1g"));
        cmd.addAll(Processes.jvmOptions());
        cmd.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
                "-Dlog4j2.configurationFile=" + Processes.ROOT.resolve("conf/log4j2.properties"),
                "-cp", System.getProperty("java.class.path"), "resnetmc.job.Main"));
        cmd.addAll(List.of(args(killed, "progress=false")));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process driver = pb.start();

        Path staging = killed.resolve(".staging-resume-test");
        Path checkpoints = staging.resolve("checkpoints");
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (driver.isAlive() && completedGroups(checkpoints).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(driver.isAlive(), () -> "driver ended before its first checkpoint:\n" + tail(log));

        // While the driver lives, a second job on the same run-id refuses, and writes nothing.
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int second = Main.run(args(killed), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(Main.BAD_INPUT, second, message);
        assertTrue(message.contains("run-id") && message.contains("being written by another job"), message);

        while (driver.isAlive() && completedGroups(checkpoints).size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(driver.isAlive(), () -> "driver ended before the kill:\n" + tail(log));
        driver.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        driver.waitFor();
        int groupsDone = completedGroups(checkpoints).size();
        assertTrue(groupsDone >= 3 && groupsDone < 10, "killed mid-run: " + groupsDone + " of 10 groups done");
        assertFalse(Files.exists(killed.resolve("resume-test")), "nothing of the killed run is visible");
        assertTrue(Files.exists(staging.resolve(resnetmc.io.RunLock.FILE)), "the dead driver's lock is left behind");

        // Resume: the dead driver's lock is taken over at once (same host, pid gone).
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        err.reset();
        int code = Main.run(args(killed, "--resume"), new PrintStream(out), new PrintStream(err));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(Main.OK, code, err.toString(StandardCharsets.UTF_8));
        Row run = table(killed, "runs", "run_id").get(0);
        int reused = run.<Integer>getAs("cells_reused");
        int computed = run.<Integer>getAs("cells_computed");
        System.out.printf("driver kill + resume: %d groups of 10 done at the kill; %d cells reused, %d recomputed%n",
                groupsDone, reused, computed);
        assertTrue(reused > 0 && computed < CELLS && reused + computed == CELLS, reused + " + " + computed);
        assertTrue(run.<Boolean>getAs("resumed"));
        assertTrue(text.contains("cells: " + computed + " computed, " + reused + " reused"), text);
        assertFalse(Files.exists(staging), "staging removed after the commit");

        // The same run uninterrupted: identical tables (all columns; same run-id, other output root).
        Path plain = dir.resolve("plain");
        assertEquals(Main.OK, JobEndToEndTest.runMain(args(plain, "progress=false")));
        List<Row> a = table(killed, "trials", "cell_id", "trial");
        assertEquals(CELLS * 24, a.size());
        assertEquals(table(plain, "trials", "cell_id", "trial"), a);
        assertEquals(table(plain, "cells", "cell_id").toString(), table(killed, "cells", "cell_id").toString());
        assertEquals(table(plain, "checks", "cell_id", "statement", "delta").toString(),
                table(killed, "checks", "cell_id", "statement", "delta").toString());
        Row plainRun = table(plain, "runs", "run_id").get(0);
        assertEquals(CELLS, plainRun.<Integer>getAs("cells_computed"));
        assertEquals(0, plainRun.<Integer>getAs("cells_reused"));
    }

    static String tail(Path log) {
        try {
            return Processes.tail(log);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
