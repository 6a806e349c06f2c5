package resnetmc.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import resnetmc.io.SparkSchemas;

/** The one {@code runs} row: its values in the schema's column order, the rate of the trials computed here. */
class RunsRowTest {
    static final RunSettings SETTINGS = new RunSettings("r", "out", false, 42L, "{\"trials\":10}");
    static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");

    static Object get(Row row, String column) {
        return row.get(SparkSchemas.RUNS.fieldIndex(column));
    }

    @Test
    void resumedRunCountsOnlyTheTrialsItComputed() {
        // 45 cells of 10 trials, 30 reused: 150 trials computed in 2.5 s.
        RunCounts counts = new RunCounts(45, 10, 450, 6, 24, 15, 30, 150);
        Row row = RunsRow.of(SETTINGS, counts, new Mode.ChecksFamily(0.95, 120),
                new RunTiming(STARTED, STARTED.plusMillis(2500), 150), "4.1.0", "local[2]");
        assertEquals(SparkSchemas.RUNS.size(), row.length());
        assertEquals("r", get(row, "run_id"));
        assertEquals("complete", get(row, "status"));
        assertEquals("{\"trials\":10}", get(row, "config"));
        assertEquals(42L, get(row, "seed"));
        assertEquals(45, get(row, "cells"));
        assertEquals(10, get(row, "trials_per_cell"));
        assertEquals(450L, get(row, "total_trials"));
        assertEquals("4.1.0", get(row, "spark_version"));
        assertEquals("local[2]", get(row, "master"));
        assertEquals(6, get(row, "partitions"));
        assertEquals(24, get(row, "work_units"));
        assertEquals(2.5, get(row, "wall_seconds"));
        assertEquals(60.0, get(row, "trials_per_second"));
        assertEquals(15, get(row, "cells_computed"));
        assertEquals(30, get(row, "cells_reused"));
        assertTrue((Boolean) get(row, "resumed"));
        assertEquals(java.sql.Timestamp.from(STARTED), get(row, "started_at"));
        assertEquals(0.95, get(row, "family_confidence"));
        assertEquals(120, get(row, "checks_deciding"));
    }

    @Test
    void wholeRunIsNotResumed() {
        RunCounts whole = RunCounts.whole(4, 1, 4, 2, 4);
        assertEquals(new RunCounts(4, 1, 4, 2, 4, 4, 0, 4), whole);
        Row row = RunsRow.of(SETTINGS, whole, null, new RunTiming(STARTED, STARTED, 4), "4.1.0", "local");
        assertFalse((Boolean) get(row, "resumed"));
        assertEquals(null, get(row, "family_confidence"), "a mode without a checks table states no family level");
        assertEquals(4 / 1e-3, (Double) get(row, "trials_per_second"), 1e-9, "a zero wall time counts as 1 ms");
    }
}
