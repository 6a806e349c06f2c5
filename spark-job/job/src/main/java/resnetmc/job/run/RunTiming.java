package resnetmc.job.run;

import java.time.Instant;

/**
 * When a run's work started and finished (its tables written, before the {@code runs} row and the
 * commit), and the rate of the trials this job computed over that time.
 */
public record RunTiming(Instant started, Instant finished, long trialsComputed) {

    public double wallSeconds() {
        return (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0;
    }

    /** Trials computed by this job per second (after a resume, the reused ones took no time here). */
    public double trialsPerSecond() {
        return trialsComputed / Math.max(wallSeconds(), 1e-3);
    }
}
