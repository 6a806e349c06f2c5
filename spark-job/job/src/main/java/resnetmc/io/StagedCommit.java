package resnetmc.io;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The tables of a run are written under {@code OUTPUT/.staging-RUN_ID/tables/TABLE} and swapped into
 * {@code OUTPUT/RUN_ID} by renames only when all are complete: readers never see half a run, and a
 * failed run leaves the previous run of the same id as it was.
 */
public final class StagedCommit {
    static final String TABLES = "tables";
    /**
     * For fault-injection tests only: when "true", the rename of the staged tables into place fails after
     * the previous run was moved aside, the worst moment for a commit to fail. Unset in real runs.
     */
    static final String FAIL_SWAP_PROPERTY = "resnetmc.test.fail-commit";

    private final FileSystem fs;
    private final Path root;
    private final Path finalDir;
    private final Path staging;
    private final Path tables;

    StagedCommit(FileSystem fs, Path root, String runId) {
        this.fs = fs;
        this.root = root;
        this.finalDir = new Path(root, runId);
        this.staging = new Path(root, ".staging-" + runId);
        this.tables = new Path(staging, TABLES);
    }

    /** The run's staging folder (lock, checkpoints, tables being written). */
    Path staging() {
        return staging;
    }

    /** The folder holding the staged tables. */
    Path tables() {
        return tables;
    }

    /** The folder a table is written to before the commit. */
    public Path table(String table) {
        return new Path(tables, table);
    }

    /** The folder of the run once committed. */
    public Path runDir() {
        return finalDir;
    }

    /**
     * Replaces the run's folder by the staged tables (previous run moved aside, swapped, then deleted),
     * then removes the staging folder with its lock and checkpoints.
     */
    void swap() throws IOException {
        Path trash = null;
        if (fs.exists(finalDir)) {
            trash = new Path(root, ".replaced-" + finalDir.getName() + "-" + UUID.randomUUID());
            if (!fs.rename(finalDir, trash)) {
                throw new IOException("cannot move the previous run " + finalDir + " aside");
            }
        }
        if (Boolean.getBoolean(FAIL_SWAP_PROPERTY) || !fs.rename(tables, finalDir)) {
            if (trash != null) {
                fs.rename(trash, finalDir);
            }
            throw new IOException("cannot move " + tables + " to " + finalDir);
        }
        fs.delete(staging, true);
        if (trash != null) {
            fs.delete(trash, true);
        }
    }

    /** Removes the partly written tables. */
    void discardTables() throws IOException {
        fs.delete(tables, true);
    }

    /** Removes the whole staging folder. */
    void discardStaging() throws IOException {
        fs.delete(staging, true);
    }
}
