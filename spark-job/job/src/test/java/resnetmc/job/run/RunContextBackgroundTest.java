package resnetmc.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import resnetmc.job.SparkTestSession;

/**
 * {@link RunContext#background}: a value comes back through {@link RunContext#await}, a failure as the
 * exception it was, and a run ending early (its context closed) cancels a background Spark job and waits
 * for its thread, so nothing keeps writing after the staged tables are discarded.
 */
class RunContextBackgroundTest extends SparkTestSession {

    @Test
    void valueAndFailureComeBackAsThrown() throws Exception {
        try (RunContext run = new RunContext(spark, null, null, false)) {
            Future<Long> count = run.background("count", () -> run.jsc().parallelize(List.of(1, 2, 3), 2).count());
            assertEquals(3L, RunContext.await(count));
            IllegalStateException thrown = new IllegalStateException("boom");
            Future<Object> failing = run.background("fail", () -> {
                throw thrown;
            });
            assertSame(thrown, assertThrows(IllegalStateException.class, () -> RunContext.await(failing)));
            assertTrue(run.phases().get("count") > 0, "the background wall time is a phase");
        }
    }

    @Test
    void closingCancelsARunningBackgroundJob() throws Exception {
        RunContext run = new RunContext(spark, null, null, false);
        Future<Long> slow = run.background("slow", () -> run.jsc().parallelize(List.of(1, 2), 2).map(x -> {
            Thread.sleep(120_000);
            return x;
        }).count());
        // wait until its tasks run
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (spark.sparkContext().statusTracker().getActiveJobIds().length == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, spark.sparkContext().statusTracker().getActiveJobIds().length);
        long t0 = System.nanoTime();
        run.close();
        assertTrue((System.nanoTime() - t0) / 1e9 < 60, "closed without waiting for the 120 s tasks");
        assertTrue(slow.isDone());
        deadline = System.nanoTime() + 30_000_000_000L;
        while (spark.sparkContext().statusTracker().getActiveJobIds().length > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, spark.sparkContext().statusTracker().getActiveJobIds().length, "the job was cancelled");
    }
}
