package resnetmc.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import resnetmc.config.BadInputException;

/**
 * Work completed during a run, kept in its staging folder so that a failed or killed run can be
 * resumed: {@code checkpoints/NAME} (a mode-specific unit, e.g. a group of cells), each written under
 * a temporary name and renamed when complete, so a checkpoint folder exists only complete; and
 * {@code _fingerprint}, what the checkpoints were computed from (a resume with another one is refused).
 */
public final class CheckpointStore {
    static final String FINGERPRINT = "_fingerprint";
    static final String FOLDER = "checkpoints";
    private static final String TEMP = ".tmp-";

    private final FileSystem fs;
    private final Path staging;
    private final Path folder;
    private final String runName;
    private final RunLock lock;
    private boolean resumed;

    CheckpointStore(FileSystem fs, Path staging, String runName, RunLock lock) {
        this.fs = fs;
        this.staging = staging;
        this.folder = new Path(staging, FOLDER);
        this.runName = runName;
        this.lock = lock;
    }

    /** Whether this run continues an interrupted run with completed checkpoints. */
    public boolean resumed() {
        return resumed;
    }

    void resumed(boolean value) {
        resumed = value;
    }

    /**
     * Binds the checkpoints to what they are computed from: records {@code fingerprint} on first use, and
     * on a resume refuses (exit 2) when the interrupted run had a different one.
     */
    public void bindFingerprint(String fingerprint) throws IOException {
        Path f = new Path(staging, FINGERPRINT);
        if (fs.exists(f)) {
            String old;
            try (InputStream in = fs.open(f)) {
                old = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!old.equals(fingerprint)) {
                throw new BadInputException("resume", "the interrupted run " + runName
                        + " was computed from a different config or version; run without --resume (resume = false)"
                        + " to start it afresh");
            }
            return;
        }
        for (FileStatus s : list(folder)) {
            fs.delete(s.getPath(), true); // checkpoints of unknown origin are not reused
        }
        resumed = false;
        try (OutputStream os = fs.create(f, true)) {
            os.write(fingerprint.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The fingerprint recorded by {@link #bindFingerprint} in an interrupted run being resumed, if any. */
    public Optional<String> storedFingerprint() throws IOException {
        Path f = new Path(staging, FINGERPRINT);
        if (!resumed || !fs.exists(f)) {
            return Optional.empty();
        }
        try (InputStream in = fs.open(f)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Names of the completed checkpoints (a checkpoint exists only once complete). */
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        for (FileStatus s : list(folder)) {
            String n = s.getPath().getName();
            if (!n.contains(TEMP) && !n.startsWith(".")) {
                names.add(n);
            }
        }
        return names;
    }

    /** The folder of a completed checkpoint. */
    public String path(String name) {
        return new Path(folder, name).toString();
    }

    /** A fresh temporary folder for checkpoint {@code name}, to pass to {@link #complete}. */
    public String temp(String name) {
        return new Path(folder, name + TEMP + UUID.randomUUID()).toString();
    }

    /** Makes a checkpoint complete by renaming its temporary folder; fails if the lock was lost. */
    public void complete(String name, String temp) throws IOException {
        lock.check();
        Path dst = new Path(path(name));
        if (fs.exists(dst)) {
            fs.delete(dst, true);
        }
        if (!fs.rename(new Path(temp), dst)) {
            throw new IOException("cannot rename " + temp + " to " + dst);
        }
    }

    /**
     * Moves the data files ({@code part-*}) of a completed checkpoint into the folder of a staged table,
     * each renamed {@code CHECKPOINT-part-...} so that files of several checkpoints do not collide. Should
     * the job die before the commit, a resume moves them back first ({@link #restoreMovedFiles}).
     */
    void moveInto(String checkpoint, Path table) throws IOException {
        fs.mkdirs(table);
        for (FileStatus s : list(new Path(path(checkpoint)))) {
            String n = s.getPath().getName();
            if (s.isFile() && n.startsWith("part-") && !fs.rename(s.getPath(), new Path(table, checkpoint + "-" + n))) {
                throw new IOException("cannot move " + s.getPath() + " into " + table);
            }
        }
    }

    /** Moves files that {@link #moveInto} took from completed checkpoints back to them. */
    void restoreMovedFiles(Path tables) throws IOException {
        for (FileStatus table : list(tables)) {
            if (!table.isDirectory()) {
                continue;
            }
            for (FileStatus f : fs.listStatus(table.getPath())) {
                String n = f.getPath().getName();
                int cut = n.indexOf("-part-");
                if (cut > 0 && fs.exists(new Path(path(n.substring(0, cut))))) {
                    fs.rename(f.getPath(), new Path(path(n.substring(0, cut)), n.substring(cut + 1)));
                }
            }
        }
    }

    /** Deletes checkpoints a killed job left half-written. */
    void discardUnfinished() throws IOException {
        for (FileStatus s : list(folder)) {
            if (s.getPath().getName().contains(TEMP)) {
                fs.delete(s.getPath(), true);
            }
        }
    }

    private FileStatus[] list(Path dir) throws IOException {
        return fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
    }
}
