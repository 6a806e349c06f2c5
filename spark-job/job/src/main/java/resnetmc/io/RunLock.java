package resnetmc.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import resnetmc.config.BadInputException;

/**
 * The lease lock of a run: the file {@code _lock} in its staging folder says who writes the run
 * (owner id, host, pid, the JVM's start time) and, by its modification time, when it last said so.
 * The owner rewrites it every quarter of the lock timeout from a daemon thread. A second job on the
 * same run-id refuses (exit 2) while the lock is live. The lock is <em>stale</em>, and a new job takes
 * it over, when it was not rewritten for the lock timeout, or at once when its owner ran on this host
 * and that process no longer exists (a killed driver on a laptop or a test). An owner that finds its
 * lock taken over stops before it writes a checkpoint or commits ({@link #check}).
 */
public final class RunLock {
    public static final String FILE = "_lock";
    /** Pause between taking over a stale lock and reading it back (see {@link #take}). */
    static final long TAKEOVER_PAUSE_MS = 500;

    private final FileSystem fs;
    private final Path lock;
    private final String runName;
    private final String owner = UUID.randomUUID().toString();
    private final Duration timeout;
    private volatile boolean lost;
    private Thread heartbeat;

    private RunLock(FileSystem fs, Path staging, String runName, Duration timeout) {
        // The lock is rewritten while others read it: without checksum files on a local disk, so a reader
        // never sees a half-written .crc beside it.
        this.fs = fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
        this.lock = new Path(staging, FILE);
        this.runName = runName;
        this.timeout = timeout;
    }

    /**
     * Takes the lock of run {@code runName} in {@code staging} (creating the folder), without starting
     * the heartbeat.
     *
     * @throws BadInputException naming {@code run-id} when another live job holds it, or took it at the
     *                           same time
     */
    static RunLock take(FileSystem fs, Path staging, String runName, Duration timeout) throws IOException {
        RunLock l = new RunLock(fs, staging, runName, timeout);
        Optional<String> held = l.liveOwner();
        if (held.isPresent()) {
            throw new BadInputException("run-id", "run " + runName + " is being written by another job ("
                    + held.get() + "); wait for it to finish or use another run-id (the lock " + l.lock
                    + " is taken over once it has not been refreshed for lock-timeout = " + timeout.toSeconds()
                    + " s, or at once when its owner on this host has exited)");
        }
        fs.mkdirs(staging);
        boolean takeOver = l.fs.exists(l.lock);
        try {
            // A new lock is created exclusively (atomic on HDFS); a stale one is overwritten.
            l.write(takeOver);
        } catch (FileAlreadyExistsException e) {
            throw l.raced();
        } catch (org.apache.hadoop.ipc.RemoteException e) {
            // HDFS: the other job's create of the same file is still open (its lease), the same race.
            if ("org.apache.hadoop.hdfs.protocol.AlreadyBeingCreatedException".equals(e.getClassName())) {
                throw l.raced();
            }
            throw e;
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
        if (!l.ours()) {
            throw l.raced();
        }
        return l;
    }

    private BadInputException raced() {
        return new BadInputException("run-id", "run " + runName + " was taken by another job starting at"
                + " the same time; use another run-id or retry");
    }

    /** A description of the lock's owner if the lock is live, else empty (no lock, or a stale one). */
    private Optional<String> liveOwner() throws IOException {
        if (!fs.exists(lock)) {
            return Optional.empty();
        }
        Properties p = read();
        long age = System.currentTimeMillis() - fs.getFileStatus(lock).getModificationTime();
        String who = p == null ? "unreadable lock" : "host " + p.getProperty("host") + ", pid " + p.getProperty("pid")
                + ", last heartbeat " + Math.max(0, age / 1000) + " s ago";
        if (age > timeout.toMillis()) {
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

    private void write(boolean overwrite) throws IOException {
        Properties p = new Properties();
        p.setProperty("owner", owner);
        p.setProperty("host", hostName());
        ProcessHandle self = ProcessHandle.current();
        p.setProperty("pid", Long.toString(self.pid()));
        self.info().startInstant().ifPresent(i -> p.setProperty("pid-start", Long.toString(i.toEpochMilli())));
        p.setProperty("heartbeat", Instant.now().toString());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        p.store(buf, "resnetmc run lock");
        try (OutputStream os = fs.create(lock, overwrite)) {
            os.write(buf.toByteArray());
        }
    }

    private Properties read() {
        for (int attempt = 0; attempt < 3; attempt++) {
            try (InputStream in = fs.open(lock)) {
                Properties p = new Properties();
                p.load(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
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

    /** Whether the lock file names this job (false when unreadable). */
    private boolean ours() {
        Properties p = read();
        return p != null && owner.equals(p.getProperty("owner"));
    }

    /** Whether another job has written the lock since this one took it. */
    private boolean foreign() {
        Properties p = read();
        return p != null && !owner.equals(p.getProperty("owner"));
    }

    /** Starts rewriting the lock every quarter of the timeout. */
    void startHeartbeat() {
        long every = Math.max(200, timeout.toMillis() / 4);
        heartbeat = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(every);
                    if (foreign()) {
                        lost = true;
                        return;
                    }
                    write(true);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // a missed beat; the next one retries, and the timeout allows for several
                }
            }
        }, "resnetmc-lock-" + runName);
        heartbeat.setDaemon(true);
        heartbeat.start();
    }

    /** Stops refreshing the lock (tests simulate a killed driver with it). */
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

    /** Whether the heartbeat runs (the run neither committed nor aborted yet). */
    boolean beating() {
        return heartbeat != null;
    }

    /**
     * Fails when another job has taken the lock over (this job was presumed dead): it must not write a
     * checkpoint or commit. Reads the lock file (one small read).
     */
    public void check() {
        if (foreign()) {
            lost = true;
        }
        if (lost) {
            throw new IllegalStateException("the lock of run " + runName + " was taken over by another job"
                    + " (no heartbeat for lock-timeout = " + timeout.toSeconds() + " s); this job stops");
        }
    }

    /** Whether this job has lost the lock to another (then the staging folder is the other's). */
    boolean lostToAnother() {
        return lost || foreign();
    }

    /** Deletes the lock file, so that a later job need not wait for it to go stale. */
    void release() throws IOException {
        fs.delete(lock, false);
    }
}
