package resnetmc.job.run;

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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetmc.config.BadInputException;
import resnetmc.job.SparkTestSession;

/**
 * The one lifecycle with a mode that stages a table and then succeeds, fails or refuses its input: the
 * exit code, what becomes visible, the {@code runs} row, and the release of what the mode acquired on
 * every path.
 */
class RunLifecycleTest extends SparkTestSession {
    @TempDir
    Path dir;

    enum Ending { COMMIT, FAIL, BAD_INPUT }

    /** A mode whose work is one staged table of {@code value}. */
    static final class FakeMode implements Mode<String> {
        final Path output;
        final Ending ending;
        final int value;
        final List<String> released = new ArrayList<>();

        FakeMode(Path output, Ending ending, int value) {
            this.output = output;
            this.ending = ending;
            this.value = value;
        }

        @Override
        public RunSettings settings() {
            return new RunSettings("fake", output.toString(), false, 11L, "{\"value\":" + value + "}");
        }

        @Override
        public void check(SparkSession spark) {
            if (ending == Ending.BAD_INPUT) {
                throw new BadInputException("grid", "too big for this test");
            }
        }

        @Override
        public String banner(String master) {
            return "fake run on " + master;
        }

        @Override
        public Outcome<String> execute(RunContext run) {
            run.broadcast(value);
            run.onClose(() -> released.add("resource"));
            StructType schema = new StructType().add("value", DataTypes.IntegerType, false);
            run.writeTable("values", schema, List.<Row>of(RowFactory.create(value)));
            if (ending == Ending.FAIL) {
                throw new IllegalStateException("the fake kernel failed");
            }
            return new Outcome<>(new RunCounts(3, 10, 30, 2, 4, 1, 2, 10), "ok");
        }

        @Override
        public void printSummary(PrintStream out, Outcome<String> outcome, RunTiming timing, String runPath) {
            out.println("summary " + outcome.result() + " " + outcome.counts().cellsReused());
        }
    }

    record Run(int code, String out, String err) {
    }

    static Run run(FakeMode mode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RunLifecycle.run(mode, new PrintStream(out), new PrintStream(err));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    int value(Path runs) {
        return spark.read().parquet(runs.resolve("fake/values").toString()).first().getInt(0);
    }

    @Test
    void commitWritesTheTablesAndTheRunsRow() {
        Path runs = dir.resolve("runs");
        FakeMode mode = new FakeMode(runs, Ending.COMMIT, 1);
        Run r = run(mode);
        assertEquals(RunLifecycle.OK, r.code(), r.err());
        assertTrue(r.out().contains("fake run on ") && r.out().contains("summary ok 2"), r.out());
        assertEquals(1, value(runs));
        Row row = spark.read().parquet(runs.resolve("fake/runs").toString()).first();
        assertEquals(3, row.<Integer>getAs("cells"));
        assertEquals(2, row.<Integer>getAs("cells_reused"));
        assertTrue(row.<Boolean>getAs("resumed"));
        assertEquals("{\"value\":1}", row.getAs("config"));
        assertFalse(Files.exists(runs.resolve(".staging-fake")), "staging removed by the commit");
        assertEquals(List.of("resource"), mode.released);
    }

    @Test
    void failureLeavesThePreviousRunAndReleasesResources() {
        Path runs = dir.resolve("runs");
        assertEquals(RunLifecycle.OK, run(new FakeMode(runs, Ending.COMMIT, 1)).code());
        FakeMode failing = new FakeMode(runs, Ending.FAIL, 2);
        Run r = run(failing);
        assertEquals(RunLifecycle.FAILED, r.code());
        assertTrue(r.err().contains("error: the run failed, nothing of it was written")
                && r.err().contains("the fake kernel failed"), r.err());
        assertFalse(r.err().contains("--resume"), "no checkpoints, no resume hint");
        assertEquals(1, value(runs), "the previous run of the same id is untouched");
        assertFalse(Files.exists(runs.resolve(".staging-fake")), "the aborted run's staging folder goes");
        assertEquals(List.of("resource"), failing.released);
    }

    @Test
    void badInputWritesNothing() {
        Path runs = dir.resolve("runs");
        Run r = run(new FakeMode(runs, Ending.BAD_INPUT, 1));
        assertEquals(RunLifecycle.BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("too big for this test"), r.err());
        assertFalse(Files.exists(runs), "the output is not even created");
    }
}
