package resnetmc.job.training;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import org.apache.spark.util.LongAccumulator;

/**
 * The progress of a training run: a plain "progress: k/N networks" line every 15 s (a network reports
 * when its task ends, so the live trial counter of the other modes has nothing to show here).
 */
final class NetworkTicker {
    static final long EVERY_MS = 15_000;

    private NetworkTicker() {
    }

    /** Starts the ticker; closing the result stops it. */
    static AutoCloseable start(PrintStream out, LongAccumulator done, int total) {
        Instant started = Instant.now();
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(EVERY_MS);
                    long k = done.value();
                    double secs = (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0;
                    out.printf(Locale.ROOT, "progress: %d/%d networks trained, %.0f s%s%n", k, total, secs,
                            k > 0 && k < total ? String.format(Locale.ROOT, ", ETA %.0f s", secs * (total - k) / k) : "");
                }
            } catch (InterruptedException e) {
                // run finished
            }
        }, "resnetmc-training-progress");
        t.setDaemon(true);
        t.start();
        return t::interrupt;
    }
}
