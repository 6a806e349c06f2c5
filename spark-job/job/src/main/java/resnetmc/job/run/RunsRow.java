package resnetmc.job.run;

import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import resnetmc.io.SparkSchemas;

/** The one row of the {@code runs} table ({@link SparkSchemas#RUNS}), for every mode. */
public final class RunsRow {

    private RunsRow() {
    }

    /** The row of a completed run, resume counters included. */
    public static Row of(RunSettings run, RunCounts counts, Mode.ChecksFamily checks, RunTiming timing,
                         String sparkVersion, String master) {
        return RowFactory.create(run.runId(), "complete", run.config(), run.seed(), counts.cells(),
                counts.trialsPerCell(), counts.totalTrials(), Versions.PROJECT, sparkVersion, Versions.java(), master,
                counts.partitions(), counts.workUnits(), Timestamp.from(timing.started()),
                Timestamp.from(timing.finished()), timing.wallSeconds(), timing.trialsPerSecond(),
                counts.cellsComputed(), counts.cellsReused(), counts.cellsReused() > 0,
                checks == null ? null : checks.familyConfidence(), checks == null ? null : checks.decidingRows());
    }
}
