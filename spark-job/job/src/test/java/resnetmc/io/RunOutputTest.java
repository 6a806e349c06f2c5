package resnetmc.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import resnetmc.config.BadInputException;

/** The run's staging folder, lock and checkpoints on the local file system, without Spark. */
class RunOutputTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    RunOutput open(String runId, boolean resume, PrintStream log) {
        return RunOutput.open(dir.toString(), runId, new Configuration(), new OutputOptions(resume, TIMEOUT, true), log);
    }

    /** A checkpoint as the job makes one: written under a temporary name, then renamed. */
    static void checkpoint(RunOutput out, String name) throws Exception {
        String temp = out.checkpoints().temp(name);
        Files.createDirectories(Path.of(new org.apache.hadoop.fs.Path(temp).toUri()));
        Files.writeString(Path.of(new org.apache.hadoop.fs.Path(temp).toUri()).resolve("part-00000.parquet"), "x");
        out.checkpoints().complete(name, temp);
    }

    /** A lock file of another owner, with the given host and pid, last refreshed {@code ageSeconds} ago. */
    Path foreignLock(String runId, String host, long pid, long ageSeconds) throws Exception {
        Path lock = dir.resolve(".staging-" + runId).resolve(RunLock.FILE);
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, "owner=someone-else\nhost=" + host + "\npid=" + pid + "\n");
        Files.setLastModifiedTime(lock, FileTime.fromMillis(System.currentTimeMillis() - ageSeconds * 1000));
        return lock;
    }

    @Test
    void secondJobOnTheSameRunIdIsRefusedOtherIdsAreNot() throws Exception {
        RunOutput first = open("r", false, null);
        checkpoint(first, "g0");
        BadInputException e = assertThrows(BadInputException.class, () -> open("r", true, null));
        assertEquals("run-id", e.key());
        assertTrue(e.getMessage().contains("being written by another job") && e.getMessage().contains("lock-timeout"),
                e.getMessage());
        assertEquals(List.of("g0"), first.checkpoints().names(), "the refused job touched nothing");
        RunOutput other = open("other", false, null); // another run-id: its own staging folder and lock
        other.abort();
        first.abort();
        assertEquals(List.of("g0"), open("r", true, null).checkpoints().names(), "abort keeps completed checkpoints");
    }

    @Test
    void lockOfAnotherHostIsLiveUntilTheTimeout() throws Exception {
        foreignLock("r", "some-other-host", 1, 5);
        assertThrows(BadInputException.class, () -> open("r", false, null));
        foreignLock("r", "some-other-host", 1, TIMEOUT.toSeconds() + 5);
        open("r", false, null).abort(); // stale: taken over
    }

    @Test
    void lockOfAnExitedProcessOnThisHostIsStaleAtOnce() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        foreignLock("r", InetAddress.getLocalHost().getHostName(), p.pid(), 0);
        open("r", true, null).abort();
        // A live process of this host (this JVM) holds it.
        foreignLock("r", InetAddress.getLocalHost().getHostName(), ProcessHandle.current().pid(), 0);
        assertThrows(BadInputException.class, () -> open("r", true, null));
    }

    @Test
    void withoutResumeLeftoversAreDiscardedWithANote() throws Exception {
        RunOutput first = open("r", false, null);
        first.checkpoints().bindFingerprint("f");
        checkpoint(first, "g0");
        checkpoint(first, "g1");
        first.abort();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RunOutput fresh = open("r", false, new PrintStream(log));
        String note = log.toString(StandardCharsets.UTF_8);
        assertTrue(note.contains("interrupted run") && note.contains("2 completed checkpoint(s)")
                && note.contains("--resume"), note);
        assertEquals(List.of(), fresh.checkpoints().names());
        assertFalse(fresh.checkpoints().resumed());
        fresh.abort();
        assertFalse(Files.exists(dir.resolve(".staging-r")), "no checkpoints: the staging folder goes");
    }

    @Test
    void resumeKeepsCheckpointsOfTheSameFingerprintOnly() throws Exception {
        RunOutput first = open("r", false, null);
        first.checkpoints().bindFingerprint("config A");
        checkpoint(first, "g0");
        String stale = first.checkpoints().temp("g1"); // an unfinished checkpoint
        Files.createDirectories(Path.of(new org.apache.hadoop.fs.Path(stale).toUri()));
        first.abort();

        RunOutput resumed = open("r", true, null);
        assertTrue(resumed.checkpoints().resumed());
        assertEquals(List.of("g0"), resumed.checkpoints().names());
        resumed.checkpoints().bindFingerprint("config A");
        resumed.abort();

        RunOutput other = open("r", true, null);
        BadInputException e = assertThrows(BadInputException.class, () -> other.checkpoints().bindFingerprint("config B"));
        assertEquals("resume", e.key());
        other.abort();
        assertEquals(List.of("g0"), open("r", true, null).checkpoints().names(), "a refused resume keeps the checkpoints");
    }

    /** A job killed after moving checkpoint files into the trials table: a resume moves them back. */
    @Test
    void resumeRestoresFilesMovedBeforeACrash() throws Exception {
        RunOutput out = open("r", false, null);
        out.checkpoints().bindFingerprint("f");
        checkpoint(out, "g0");
        out.moveIntoTable("g0", "trials");
        Path table = dir.resolve(".staging-r/tables/trials");
        assertTrue(Files.exists(table.resolve("g0-part-00000.parquet")));
        out.lock().stopHeartbeat(); // killed here: no heartbeat, no abort
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        foreignLock("r", InetAddress.getLocalHost().getHostName(), dead.pid(), 0);
        open("r", true, null);
        assertTrue(Files.exists(dir.resolve(".staging-r/checkpoints/g0/part-00000.parquet")));
        assertFalse(Files.exists(table));
    }

    /** A job whose lock was taken over (it was presumed dead) completes no checkpoint and does not commit. */
    @Test
    void lockTakenOverStopsTheOldOwner() throws Exception {
        RunOutput out = open("r", false, null);
        out.checkpoints().bindFingerprint("f");
        foreignLock("r", "some-other-host", 1, 0);
        assertThrows(IllegalStateException.class, () -> checkpoint(out, "g0"));
        assertThrows(IllegalStateException.class, out::commit);
        out.abort();
        assertTrue(Files.exists(dir.resolve(".staging-r").resolve(RunLock.FILE)), "the new owner's lock stays");
        assertFalse(Files.exists(dir.resolve("r")));
    }

    @Test
    void commitMovesTablesAndRemovesStaging() throws Exception {
        RunOutput out = open("r", false, null);
        out.checkpoints().bindFingerprint("f");
        checkpoint(out, "g0");
        out.moveIntoTable("g0", "trials");
        Files.writeString(Path.of(new org.apache.hadoop.fs.Path(out.stagingTable("runs")).toUri()), "x");
        out.commit();
        assertTrue(Files.exists(dir.resolve("r/trials/g0-part-00000.parquet")));
        assertFalse(Files.exists(dir.resolve(".staging-r")));
        open("r", false, null).abort(); // the lock went with the staging folder
    }
}
