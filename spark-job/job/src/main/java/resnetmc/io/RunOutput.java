package resnetmc.io;

import java.io.IOException;
import java.io.PrintStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import resnetmc.config.BadInputException;

/**
 * Where a run's tables go, and how they become visible: the run's {@link RunLock}, its
 * {@link CheckpointStore} and its {@link StagedCommit}, all in the staging folder
 * {@code OUTPUT/.staging-RUN_ID/} ({@code _lock}, {@code _fingerprint}, {@code checkpoints/},
 * {@code tables/}). Different run-ids use different staging folders and never interfere.
 *
 * <p>A run {@link #open}s its output, writes its tables to {@link #stagingTable}, then either
 * {@link #commit}s or {@link #abort}s; {@link #close} aborts when neither ran.
 */
public final class RunOutput implements AutoCloseable {
    private final FileSystem fs;
    private final String runName;
    private final StagedCommit staged;
    private final RunLock lock;
    private final CheckpointStore checkpoints;

    private RunOutput(FileSystem fs, String runName, StagedCommit staged, RunLock lock) {
        this.fs = fs;
        this.runName = runName;
        this.staged = staged;
        this.lock = lock;
        this.checkpoints = new CheckpointStore(fs, staged.staging(), runName, lock);
    }

    /**
     * Resolves {@code output}, checks that it is writable (creating the root folder if needed and a probe
     * file that is removed at once), takes the run's lock and prepares the staging folder: with
     * {@code resume}, completed checkpoints of an interrupted run are kept; without, any leftover of an
     * interrupted run is discarded (saying so on {@code log} when the options ask for it, with a hint
     * that {@code --resume} exists).
     *
     * @throws BadInputException naming {@code output} when it is unusable, or {@code run-id} when another
     *                           live job holds the run's lock (nothing is written then)
     */
    public static RunOutput open(String output, String runId, Configuration hadoop, OutputOptions options,
                                 PrintStream log) {
        FileSystem fs;
        Path root;
        try {
            root = new Path(output);
            fs = root.getFileSystem(hadoop);
            root = fs.makeQualified(root);
            checkWritable(fs, root);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("output", "'" + output + "' is not usable: " + e.getMessage());
        }
        StagedCommit staged = new StagedCommit(fs, root, runId);
        try {
            boolean existed = fs.exists(staged.staging());
            RunLock lock = RunLock.take(fs, staged.staging(), runId, options.lockTimeout());
            RunOutput out = new RunOutput(fs, runId, staged, lock);
            out.prepare(existed, options.resume(), options.noteLeftovers() ? log : null);
            lock.startHeartbeat();
            return out;
        } catch (IOException e) {
            throw new BadInputException("output", "cannot take the lock of run " + runId + " under " + root
                    + ": " + e.getMessage());
        }
    }

    private static void checkWritable(FileSystem fs, Path root) throws IOException {
        if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
            throw new BadInputException("output", root + " exists and is not a folder");
        }
        boolean created = !fs.exists(root);
        if (created && !fs.mkdirs(root)) {
            throw new BadInputException("output", "cannot create folder " + root);
        }
        Path probe = new Path(root, ".probe-" + UUID.randomUUID());
        try {
            fs.create(probe, false).close();
            fs.delete(probe, false);
        } catch (IOException e) {
            if (created) {
                fs.delete(root, true);
            }
            throw new BadInputException("output", root + " is not writable: " + e.getMessage());
        }
    }

    /** Keeps an interrupted run's completed checkpoints ({@code resume}) or discards all its leftovers. */
    private void prepare(boolean existed, boolean resume, PrintStream log) throws IOException {
        Path staging = staged.staging();
        int kept = existed ? checkpoints.names().size() : 0;
        if (resume) {
            checkpoints.restoreMovedFiles(staged.tables());
            staged.discardTables();
            checkpoints.discardUnfinished();
            checkpoints.resumed(kept > 0);
            if (log != null && kept == 0) {
                log.println("resume: nothing to resume for run " + runName + " (no completed work in "
                        + staging + "); starting from the beginning");
            }
            return;
        }
        if (existed && log != null) {
            log.println("note: found an interrupted run " + runName + " in " + staging
                    + (kept > 0 ? " with " + kept + " completed checkpoint(s)" : "")
                    + "; starting fresh and discarding it (run with --resume or resume=true to continue it instead)");
        }
        for (FileStatus s : fs.listStatus(staging)) {
            String n = s.getPath().getName();
            if (!n.equals(RunLock.FILE) && !n.startsWith("." + RunLock.FILE)) {
                fs.delete(s.getPath(), true);
            }
        }
    }

    /** The run's lock ({@link RunLock#check} before work that must not outlive it). */
    public RunLock lock() {
        return lock;
    }

    /** The run's completed work, for a resume. */
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /** Moves the data files of a completed checkpoint into a staged table (see {@link CheckpointStore}). */
    public void moveIntoTable(String checkpoint, String table) throws IOException {
        checkpoints.moveInto(checkpoint, staged.table(table));
    }

    /** The folder a table is written to before the commit. */
    public String stagingTable(String table) {
        return staged.table(table).toString();
    }

    /** The folder of the run once committed. */
    public String runPath() {
        return staged.runDir().toString();
    }

    /** The staging folder of the run (lock, checkpoints, tables being written). */
    public String stagingPath() {
        return staged.staging().toString();
    }

    /** Makes the staged tables the run's (see {@link StagedCommit}); refuses if the lock was lost. */
    public void commit() throws IOException {
        lock.check();
        lock.stopHeartbeat();
        lock.check();
        staged.swap();
    }

    /**
     * After a failure: removes the partly written tables and releases the lock; completed checkpoints
     * are kept for a resume (the staging folder goes entirely when there are none). The previous run, if
     * any, is untouched.
     */
    public void abort() {
        lock.stopHeartbeat();
        try {
            if (lock.lostToAnother()) {
                return; // the staging folder is another job's now
            }
            // A failure after the checkpoints' files were moved into the tables (a failed commit) must not
            // take them along: move them back, so the kept checkpoints are whole for a resume.
            checkpoints.restoreMovedFiles(staged.tables());
            staged.discardTables();
            if (checkpoints.names().isEmpty()) {
                staged.discardStaging();
            } else {
                lock.release();
            }
        } catch (IOException e) {
            // best effort: the staging folder's name says what it is, and a lock without heartbeat goes stale
        }
    }

    /** Same as {@link #abort} when neither commit nor abort ran (e.g. an unexpected exit path). */
    @Override
    public void close() {
        if (lock.beating()) {
            abort();
        }
    }
}
