package resnetmc.job;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import resnetmc.config.BadInputException;

/**
 * Where a run's tables go, and how they become visible: every table is written under a staging
 * folder beside the run, and the whole run is swapped in by renames only when all four tables are
 * complete. Readers never see half a run, and a failed run leaves the previous run of the same id as
 * it was.
 */
public final class RunOutput {
    private final FileSystem fs;
    private final Path root;
    private final Path finalDir;
    private final Path staging;

    private RunOutput(FileSystem fs, Path root, String runId) {
        this.fs = fs;
        this.root = root;
        this.finalDir = new Path(root, runId);
        this.staging = new Path(root, ".staging-" + runId + "-" + UUID.randomUUID());
    }

    /**
     * Resolves {@code output} and checks that it is writable, by creating the root folder if needed and
     * a probe file that is removed at once; throws {@link BadInputException} naming {@code output}.
     */
    public static RunOutput open(String output, String runId, Configuration hadoop) {
        try {
            Path root = new Path(output);
            FileSystem fs = root.getFileSystem(hadoop);
            root = fs.makeQualified(root);
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
            return new RunOutput(fs, root, runId);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("output", "'" + output + "' is not usable: " + e.getMessage());
        }
    }

    /** The folder a table is written to before the commit. */
    public String stagingTable(String table) {
        return new Path(staging, table).toString();
    }

    /** The folder of the run once committed. */
    public String runPath() {
        return finalDir.toString();
    }

    /** Replaces the run's folder by the staging folder: previous run moved aside, swapped, then deleted. */
    public void commit() throws IOException {
        Path trash = null;
        if (fs.exists(finalDir)) {
            trash = new Path(root, ".replaced-" + finalDir.getName() + "-" + UUID.randomUUID());
            if (!fs.rename(finalDir, trash)) {
                throw new IOException("cannot move the previous run " + finalDir + " aside");
            }
        }
        if (!fs.rename(staging, finalDir)) {
            if (trash != null) {
                fs.rename(trash, finalDir);
            }
            throw new IOException("cannot move " + staging + " to " + finalDir);
        }
        if (trash != null) {
            fs.delete(trash, true);
        }
    }

    /** Removes the staging folder after a failure; the previous run, if any, is untouched. */
    public void abort() {
        try {
            fs.delete(staging, true);
        } catch (IOException e) {
            // best effort: the staging folder's name says what it is
        }
    }
}
