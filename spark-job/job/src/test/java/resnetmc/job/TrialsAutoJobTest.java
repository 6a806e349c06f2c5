package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trials = auto} and {@code trials-table} on a local Spark: two cells (res-3, d = 8, L = 16,
 * beta = 1/2 and 1) in rounds of 50 trials doubling to 800, at delta = 0.1. Deterministic (fixed seed):
 * every assertion compares runs with each other or with a rule of the schedule, none a random value.
 */
class TrialsAutoJobTest extends SparkTestSession {
    @TempDir
    Path dir;

    static final String AUTO = String.join("\n", "seed = 5", "trials = auto", "trials-min = 50", "trials-max = 800",
            "grid { arch = [res-3], width = [8], depth = [16], beta = [0.5, 1.0] }", "checks.delta = [0.1]",
            "trajectory-points = 4");
    static final Set<Long> ROUND_ENDS = Set.of(50L, 100L, 200L, 400L, 800L);

    private Path run(String name, String text, String... overrides) throws IOException {
        Path sub = Files.createDirectories(dir.resolve(name));
        Path conf = sub.resolve("auto.conf"); // one run-id for all runs, so rows compare whole
        Files.writeString(conf, text);
        Path out = sub.resolve("runs");
        String[] args = new String[overrides.length + 2];
        args[0] = conf.toString();
        args[1] = "output=" + out;
        System.arraycopy(overrides, 0, args, 2, overrides.length);
        MainRun.Result r = MainRun.run(args);
        assertEquals(0, r.code(), r.err());
        return out.resolve("auto");
    }

    private Dataset<Row> table(Path run, String t) {
        return spark.read().parquet(run.resolve(t).toString());
    }

    /** A table's rows in a fixed order, without the columns that differ between runs by design. */
    private List<Row> rows(Path run, String t, String... order) {
        Dataset<Row> d = table(run, t);
        return d.orderBy(order[0], java.util.Arrays.copyOfRange(order, 1, order.length)).collectAsList();
    }

    @Test
    void autoStopsEarlyIndependentOfPartitionsAndTrialsTable() throws IOException {
        Path one = run("one", AUTO, "partitions=1");
        Path three = run("three", AUTO, "partitions=3", "trials-table=none");
        Path sample = run("sample", AUTO, "partitions=2", "trials-table=sample", "trials-table-sample=30");

        // Each cell's trial count is the end of a round, and the easy cell stops before trials-max: at
        // beta = 1, Prop. 2's bound 2 L alpha^2 / delta = 1.25 is far above r_fwd (mean ~0.03), so no
        // trial exceeds it, and 0 of 100 gives a Clopper-Pearson upper end below 0.1 at the spent level.
        Map<Long, Long> n = new HashMap<>();
        for (Row r : table(one, "cells").select("cell_id", "n", "beta").collectAsList()) {
            n.put(r.getLong(0), r.getLong(1));
            assertTrue(ROUND_ENDS.contains(r.getLong(1)), "n = " + r.getLong(1));
        }
        long easy = table(one, "cells").where("beta = 1.0").first().getAs("n");
        assertTrue(easy < 800, "the easy cell stops early, n = " + easy);
        Row prop2 = table(one, "checks").where("beta = 1.0 AND statement = 'prop2'").first();
        assertEquals("holds", prop2.getAs("verdict"));
        assertEquals(easy, (long) prop2.getAs("n"));
        long total = n.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(total, (long) table(one, "runs").first().getAs("total_trials"));

        // trials-table = all: exactly trials 0..n-1 of each cell.
        Dataset<Row> trials = table(one, "trials");
        assertEquals(total, trials.count());
        for (Row r : trials.groupBy("cell_id").agg(org.apache.spark.sql.functions.count("trial"),
                org.apache.spark.sql.functions.max("trial")).collectAsList()) {
            assertEquals(n.get(r.getLong(0)), r.getLong(1));
            assertEquals(n.get(r.getLong(0)) - 1, r.getLong(2));
        }

        // The same cells and checks for 1, 3, 2 partitions and every trials-table.
        for (Path other : List.of(three, sample)) {
            assertEquals(rows(one, "cells", "cell_id"), rows(other, "cells", "cell_id"));
            assertEquals(rows(one, "checks", "cell_id", "statement", "delta"),
                    rows(other, "checks", "cell_id", "statement", "delta"));
        }
        // none: the trials table has its columns and no row.
        assertEquals(0, table(three, "trials").count());
        assertEquals(List.of(trials.columns()), List.of(table(three, "trials").columns()));
        // sample: the first 30 trials of each cell, the same rows as those of all.
        assertEquals(rows(one, "trials", "cell_id", "trial").stream().filter(r -> (long) r.getAs("trial") < 30).toList(),
                rows(sample, "trials", "cell_id", "trial"));
    }

    @Test
    void autoTrialsAreThoseOfAFixedCount() throws IOException {
        // A cell's first n trials do not depend on the rounds: the trials of a fixed count of 100 are the
        // first 100 of the auto run (every cell has at least its first round, 50, and the stored n).
        Path auto = run("auto", AUTO, "partitions=2");
        Path fixed = run("fixed", AUTO.replace("trials = auto", "trials = 100"), "partitions=2");
        Map<Long, Long> n = new HashMap<>();
        for (Row r : table(auto, "cells").select("cell_id", "n").collectAsList()) {
            n.put(r.getLong(0), r.getLong(1));
        }
        List<Row> a = rows(auto, "trials", "cell_id", "trial").stream()
                .filter(r -> (long) r.getAs("trial") < 100).toList();
        List<Row> f = rows(fixed, "trials", "cell_id", "trial").stream()
                .filter(r -> (long) r.getAs("trial") < n.get((long) r.getAs("cell_id"))).toList();
        assertTrue(a.size() >= 100, "rows compared: " + a.size());
        assertEquals(a, f);
    }

    @Test
    void anInterruptedAutoRunResumesToTheSameTables() throws IOException {
        Path plain = run("plain", AUTO, "partitions=2");
        // Trial 60 of cell 1 is in round 2 (trials 50..99): no cell is decided after 50 trials (0 of 50
        // gives an upper end above 0.1 at the spent level), so round 2 runs and fails after round 1 is kept.
        Path sub = Files.createDirectories(dir.resolve("resumed"));
        Path conf = sub.resolve("auto.conf");
        Files.writeString(conf, AUTO);
        String out = "output=" + sub.resolve("runs");
        System.setProperty("resnetmc.test.fail-trial", "1:60");
        MainRun.Result failed;
        try {
            failed = MainRun.run(conf.toString(), out, "partitions=2");
        } finally {
            System.clearProperty("resnetmc.test.fail-trial");
        }
        assertEquals(Main.FAILED, failed.code(), failed.err());
        assertTrue(failed.err().contains("injected fault in cell 1, trial 60"), failed.err());
        MainRun.Result resumed = MainRun.run(conf.toString(), out, "partitions=2", "--resume");
        assertEquals(Main.OK, resumed.code(), resumed.err());
        Path run = sub.resolve("runs").resolve("auto");
        assertEquals(2, (int) table(run, "runs").first().getAs("cells_reused"), "round 1 was reused");
        assertEquals(rows(plain, "trials", "cell_id", "trial"), rows(run, "trials", "cell_id", "trial"));
        assertEquals(rows(plain, "cells", "cell_id"), rows(run, "cells", "cell_id"));
        assertEquals(rows(plain, "checks", "cell_id", "statement", "delta"),
                rows(run, "checks", "cell_id", "statement", "delta"));
    }
}
