package resnetmc.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import resnetmc.config.BadInputException;
import resnetmc.config.ConfigReader;

/**
 * Where a run's tables go, and how they become visible. Everything of a run is written under its
 * staging folder {@code OUTPUT/.staging-RUN_ID/} and the tables are swapped into {@code OUTPUT/RUN_ID}
 * by renames only when all are complete: readers never see half a run, and a failed run leaves the
 * previous run of the same id as it was.
 *
 * <p>The staging folder holds:
 * <ul>
 *   <li>{@code _lock}: who writes the run (owner id, host, pid, the JVM's start time) and, by its
 *       modification time, when it last said so. The owner rewrites it every quarter of the lock
 *       timeout. A second job on the same run-id refuses (exit 2) while the lock is live. The lock is
 *       <em>stale</em>, and a new job takes it over, when it was not rewritten for the lock timeout, or
 *       at once when its owner ran on this host and that process no longer exists (a killed driver on a
 *       laptop or a test). An owner that finds its lock taken over stops before committing.</li>
 *   <li>{@code checkpoints/NAME}: work completed during the run (a job-specific unit, e.g. a group of
 *       cells), each written under a temporary name and renamed when complete, so a checkpoint folder
 *       exists only complete. A failed or killed run keeps them; {@code resume} reuses them.</li>
 *   <li>{@code _fingerprint}: what the checkpoints were computed from; a resume with a different
 *       fingerprint is refused.</li>
 *   <li>{@code tables/TABLE}: the tables being written, moved to {@code OUTPUT/RUN_ID} by the commit.</li>
 * </ul>
 * Different run-ids use different staging folders and never interfere. Other jobs use it the same way:
 * {@link #open}, {@link #stagingTable}, {@link #commit} or {@link #abort}.
 */
public final class RunOutput implements AutoCloseable {
    /** Default of the {@code lock-timeout} key: long enough for a driver paused by a full GC. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);
    static final String LOCK = "_lock";
    static final String FINGERPRINT = "_fingerprint";
    static final String CHECKPOINTS = "checkpoints";
    static final String TABLES = "tables";
    /** Pause between taking over a stale lock and reading it back (see {@link #acquire}). */
    static final long TAKEOVER_PAUSE_MS = 500;

    /**
     * The {@code resume}, {@code lock-timeout} and {@code checkpoint-groups} keys (0 for auto), read from a
     * merged config (see reference.conf).
     */
    public record Options(boolean resume, Duration lockTimeout, int checkpointGroups) {
        /** Reads and validates the three keys; throws {@link BadInputException} naming the key. */
        public static Options of(ConfigReader config) {
            return new Options(config.bool("resume"), config.duration("lock-timeout", Duration.ofSeconds(1)),
                    config.intOrAuto("checkpoint-groups", 1));
        }
    }

    private final FileSystem fs;
    private final FileSystem lockFs;
    private final Path root;
    private final Path finalDir;
    private final Path work;
    private final Path lock;
    private final String owner = UUID.randomUUID().toString();
    private final Duration lockTimeout;
    private volatile boolean lockLost;
    private Thread heartbeat;
    private boolean resumed;

    private RunOutput(FileSystem fs, Path root, String runId, Duration lockTimeout) {
        this.fs = fs;
        // The lock is rewritten while others read it: without checksum files on a local disk, so a reader
        // never sees a half-written .crc beside it.
        this.lockFs = fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
        this.root = root;
        this.finalDir = new Path(root, runId);
        this.work = new Path(root, ".staging-" + runId);
        this.lock = new Path(work, LOCK);
        this.lockTimeout = lockTimeout;
    }

    /** {@link #open(String, String, Configuration, boolean, Duration, PrintStream)} without resume. */
    public static RunOutput open(String output, String runId, Configuration hadoop) {
        return open(output, runId, hadoop, false, DEFAULT_LOCK_TIMEOUT, null);
    }

    /**
     * Resolves {@code output}, checks that it is writable (creating the root folder if needed and a probe
     * file that is removed at once), takes the run's lock and prepares the staging folder: with
     * {@code resume}, completed checkpoints of an interrupted run are kept; without, any leftover of an
     * interrupted run is discarded (saying so on {@code log}, with a hint that {@code --resume} exists).
     *
     * @throws BadInputException naming {@code output} when it is unusable, or {@code run-id} when another
     *                           live job holds the run's lock (nothing is written then)
     */
    public static RunOutput open(String output, String runId, Configuration hadoop, boolean resume,
                                 Duration lockTimeout, PrintStream log) {
        RunOutput out;
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
            out = new RunOutput(fs, root, runId, lockTimeout);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("output", "'" + output + "' is not usable: " + e.getMessage());
        }
        try {
            out.acquire(resume, log);
        } catch (IOException e) {
            throw new BadInputException("output", "cannot take the lock of run " + runId + " under " + out.root
                    + ": " + e.getMessage());
        }
        return out;
    }

    private void acquire(boolean resume, PrintStream log) throws IOException {
        boolean existed = fs.exists(work);
        Optional<String> held = liveOwner();
        if (held.isPresent()) {
            throw new BadInputException("run-id", "run " + finalDir.getName() + " is being written by another job ("
                    + held.get() + "); wait for it to finish or use another run-id (the lock " + lock
                    + " is taken over once it has not been refreshed for lock-timeout = " + lockTimeout.toSeconds()
                    + " s, or at once when its owner on this host has exited)");
        }
        fs.mkdirs(work);
        boolean takeOver = lockFs.exists(lock);
        try {
            // A new lock is created exclusively (atomic on HDFS); a stale one is overwritten.
            writeLock(takeOver);
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            throw new BadInputException("run-id", "run " + finalDir.getName() + " was taken by another job starting at"
                    + " the same time; use another run-id or retry");
        }
        // Two jobs that found the same stale lock at once both rewrite it: after a pause longer than the
        // gap between such a job's check and its write, the last writer wins and the other sees a foreign
        // owner here and refuses.
        if (takeOver) {
            try {
                Thread.sleep(TAKEOVER_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Properties p = readLock();
        if (p == null || !owner.equals(p.getProperty("owner"))) {
            throw new BadInputException("run-id", "run " + finalDir.getName() + " was taken by another job starting at"
                    + " the same time; use another run-id or retry");
        }
        int kept = existed ? checkpoints().size() : 0;
        if (resume) {
            restoreMovedFiles();
            fs.delete(new Path(work, TABLES), true);
            for (FileStatus s : listOrEmpty(new Path(work, CHECKPOINTS))) {
                if (s.getPath().getName().contains(".tmp-")) {
                    fs.delete(s.getPath(), true);
                }
            }
            resumed = kept > 0;
            if (log != null && kept == 0) {
                log.println("resume: nothing to resume for run " + finalDir.getName() + " (no completed work in "
                        + work + "); starting from the beginning");
            }
        } else {
            if (existed && log != null) {
                log.println("note: found an interrupted run " + finalDir.getName() + " in " + work
                        + (kept > 0 ? " with " + kept + " completed checkpoint(s)" : "")
                        + "; starting fresh and discarding it (run with --resume or resume=true to continue it instead)");
            }
            for (FileStatus s : listOrEmpty(work)) {
                if (!s.getPath().getName().equals(LOCK) && !s.getPath().getName().startsWith("." + LOCK)) {
                    fs.delete(s.getPath(), true);
                }
            }
        }
        startHeartbeat();
    }

    /** A description of the lock's owner if the lock is live, else empty (no lock, or a stale one). */
    private Optional<String> liveOwner() throws IOException {
        if (!lockFs.exists(lock)) {
            return Optional.empty();
        }
        Properties p = readLock();
        long age = System.currentTimeMillis() - lockFs.getFileStatus(lock).getModificationTime();
        String who = p == null ? "unreadable lock" : "host " + p.getProperty("host") + ", pid " + p.getProperty("pid")
                + ", last heartbeat " + Math.max(0, age / 1000) + " s ago";
        if (age > lockTimeout.toMillis()) {
            return Optional.empty();
        }
        if (p != null && hostName().equals(p.getProperty("host")) && !processAlive(p)) {
            return Optional.empty();
        }
        return Optional.of(who);
    }

    /** Whether the lock's owner process (on this host) still runs: same pid and same start time. */
    private static boolean processAlive(Properties p) {
        try {
            long pid = Long.parseLong(p.getProperty("pid", "-1"));
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !h.get().isAlive()) {
                return false;
            }
            String started = p.getProperty("pid-start", "");
            Optional<Instant> actual = h.get().info().startInstant();
            // A reused pid belongs to a process started later than the lock's owner.
            return started.isEmpty() || actual.isEmpty() || actual.get().toEpochMilli() == Long.parseLong(started);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void writeLock(boolean overwrite) throws IOException {
        Properties p = new Properties();
        p.setProperty("owner", owner);
        p.setProperty("host", hostName());
        ProcessHandle self = ProcessHandle.current();
        p.setProperty("pid", Long.toString(self.pid()));
        self.info().startInstant().ifPresent(i -> p.setProperty("pid-start", Long.toString(i.toEpochMilli())));
        p.setProperty("heartbeat", Instant.now().toString());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        p.store(buf, "resnetmc run lock");
        try (OutputStream os = lockFs.create(lock, overwrite)) {
            os.write(buf.toByteArray());
        }
    }

    private Properties readLock() {
        for (int attempt = 0; attempt < 3; attempt++) {
            try (InputStream in = lockFs.open(lock)) {
                Properties p = new Properties();
                p.load(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
                if (p.getProperty("owner") != null) {
                    return p;
                }
            } catch (IOException e) {
                // being rewritten, or gone: try again shortly
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private void startHeartbeat() {
        long every = Math.max(200, lockTimeout.toMillis() / 4);
        heartbeat = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(every);
                    Properties p = readLock();
                    if (p != null && !owner.equals(p.getProperty("owner"))) {
                        lockLost = true;
                        return;
                    }
                    writeLock(true);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // a missed beat; the next one retries, and the timeout allows for several
                }
            }
        }, "resnetmc-lock-" + finalDir.getName());
        heartbeat.setDaemon(true);
        heartbeat.start();
    }

    /** Stops refreshing the lock (package-private: tests simulate a killed driver with it). */
    void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.interrupt();
            try {
                heartbeat.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            heartbeat = null;
        }
    }

    /**
     * Fails when another job has taken the lock over (this job was presumed dead): it must not write a
     * checkpoint or commit. Reads the lock file (one small read).
     */
    public void checkLock() {
        Properties p = readLock();
        if (p != null && !owner.equals(p.getProperty("owner"))) {
            lockLost = true;
        }
        if (lockLost) {
            throw new IllegalStateException("the lock of run " + finalDir.getName() + " was taken over by another job"
                    + " (no heartbeat for lock-timeout = " + lockTimeout.toSeconds() + " s); this job stops");
        }
    }

    /** Whether this output continues an interrupted run with completed checkpoints. */
    public boolean resumed() {
        return resumed;
    }

    /**
     * Binds the checkpoints to what they are computed from: records {@code fingerprint} on first use, and
     * on a resume refuses (exit 2) when the interrupted run had a different one.
     */
    public void bindFingerprint(String fingerprint) throws IOException {
        Path f = new Path(work, FINGERPRINT);
        if (fs.exists(f)) {
            String old;
            try (InputStream in = fs.open(f)) {
                old = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!old.equals(fingerprint)) {
                throw new BadInputException("resume", "the interrupted run " + finalDir.getName()
                        + " was computed from a different config or version; run without --resume (resume = false)"
                        + " to start it afresh");
            }
            return;
        }
        for (FileStatus s : listOrEmpty(new Path(work, CHECKPOINTS))) {
            fs.delete(s.getPath(), true); // checkpoints of unknown origin are not reused
        }
        resumed = false;
        try (OutputStream os = fs.create(f, true)) {
            os.write(fingerprint.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The fingerprint recorded by {@link #bindFingerprint} in an interrupted run being resumed, if any. */
    public Optional<String> storedFingerprint() throws IOException {
        Path f = new Path(work, FINGERPRINT);
        if (!resumed || !fs.exists(f)) {
            return Optional.empty();
        }
        try (InputStream in = fs.open(f)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Names of the completed checkpoints (a checkpoint exists only once complete). */
    public List<String> checkpoints() throws IOException {
        List<String> names = new ArrayList<>();
        for (FileStatus s : listOrEmpty(new Path(work, CHECKPOINTS))) {
            String n = s.getPath().getName();
            if (!n.contains(".tmp-") && !n.startsWith(".")) {
                names.add(n);
            }
        }
        return names;
    }

    /** The folder of a completed checkpoint. */
    public String checkpointPath(String name) {
        return new Path(new Path(work, CHECKPOINTS), name).toString();
    }

    /** A fresh temporary folder for checkpoint {@code name}, to pass to {@link #completeCheckpoint}. */
    public String checkpointTemp(String name) {
        return new Path(new Path(work, CHECKPOINTS), name + ".tmp-" + UUID.randomUUID()).toString();
    }

    /** Makes a checkpoint complete by renaming its temporary folder. */
    public void completeCheckpoint(String name, String temp) throws IOException {
        checkLock();
        Path dst = new Path(checkpointPath(name));
        if (fs.exists(dst)) {
            fs.delete(dst, true);
        }
        if (!fs.rename(new Path(temp), dst)) {
            throw new IOException("cannot rename " + temp + " to " + dst);
        }
    }

    /**
     * Moves the data files ({@code part-*}) of a completed checkpoint into a staging table, each renamed
     * {@code CHECKPOINT-part-...} so that files of several checkpoints do not collide. Should the job die
     * before the commit, a resume moves them back first ({@link #restoreMovedFiles}).
     */
    public void moveIntoTable(String checkpoint, String table) throws IOException {
        Path dst = new Path(stagingTable(table));
        fs.mkdirs(dst);
        for (FileStatus s : listOrEmpty(new Path(checkpointPath(checkpoint)))) {
            String n = s.getPath().getName();
            if (s.isFile() && n.startsWith("part-") && !fs.rename(s.getPath(), new Path(dst, checkpoint + "-" + n))) {
                throw new IOException("cannot move " + s.getPath() + " into " + dst);
            }
        }
    }

    /** Moves files that {@link #moveIntoTable} took from completed checkpoints back to them. */
    private void restoreMovedFiles() throws IOException {
        for (FileStatus table : listOrEmpty(new Path(work, TABLES))) {
            if (!table.isDirectory()) {
                continue;
            }
            for (FileStatus f : fs.listStatus(table.getPath())) {
                String n = f.getPath().getName();
                int cut = n.indexOf("-part-");
                if (cut > 0 && fs.exists(new Path(checkpointPath(n.substring(0, cut))))) {
                    fs.rename(f.getPath(), new Path(checkpointPath(n.substring(0, cut)), n.substring(cut + 1)));
                }
            }
        }
    }

    /** The folder a table is written to before the commit. */
    public String stagingTable(String table) {
        return new Path(new Path(work, TABLES), table).toString();
    }

    /** The folder of the run once committed. */
    public String runPath() {
        return finalDir.toString();
    }

    /** The staging folder of the run (lock, checkpoints, tables being written). */
    public String stagingPath() {
        return work.toString();
    }

    /**
     * Replaces the run's folder by the staged tables (previous run moved aside, swapped, then deleted),
     * then removes the staging folder with its lock and checkpoints.
     */
    public void commit() throws IOException {
        checkLock();
        stopHeartbeat();
        checkLock();
        Path tables = new Path(work, TABLES);
        Path trash = null;
        if (fs.exists(finalDir)) {
            trash = new Path(root, ".replaced-" + finalDir.getName() + "-" + UUID.randomUUID());
            if (!fs.rename(finalDir, trash)) {
                throw new IOException("cannot move the previous run " + finalDir + " aside");
            }
        }
        if (!fs.rename(tables, finalDir)) {
            if (trash != null) {
                fs.rename(trash, finalDir);
            }
            throw new IOException("cannot move " + tables + " to " + finalDir);
        }
        fs.delete(work, true);
        if (trash != null) {
            fs.delete(trash, true);
        }
    }

    /**
     * After a failure: removes the partly written tables and releases the lock; completed checkpoints
     * are kept for a resume (the staging folder goes entirely when there are none). The previous run, if
     * any, is untouched.
     */
    public void abort() {
        stopHeartbeat();
        try {
            Properties p = readLock();
            if (lockLost || (p != null && !owner.equals(p.getProperty("owner")))) {
                return; // the staging folder is another job's now
            }
            fs.delete(new Path(work, TABLES), true);
            if (checkpoints().isEmpty()) {
                fs.delete(work, true);
            } else {
                lockFs.delete(lock, false);
            }
        } catch (IOException e) {
            // best effort: the staging folder's name says what it is, and a lock without heartbeat goes stale
        }
    }

    /** Same as {@link #abort} when neither commit nor abort ran (e.g. an unexpected exit path). */
    @Override
    public void close() {
        if (heartbeat != null) {
            abort();
        }
    }

    private FileStatus[] listOrEmpty(Path dir) throws IOException {
        return fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
    }
}
