package resnetmc.io;

import java.time.Duration;
import resnetmc.config.ConfigReader;

/**
 * How a run opens its output: whether it continues an interrupted run of the same id ({@code resume})
 * and how long its lock stays live without a heartbeat ({@code lock-timeout}); see reference.conf.
 *
 * @param noteLeftovers whether to say so when an interrupted run's staging folder is discarded
 */
public record OutputOptions(boolean resume, Duration lockTimeout, boolean noteLeftovers) {
    /** Default of the {@code lock-timeout} key: long enough for a driver paused by a full GC. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);

    /** A fresh run with the default timeout and no note: the modes that cannot resume. */
    public static final OutputOptions FRESH = new OutputOptions(false, DEFAULT_LOCK_TIMEOUT, false);

    /** Reads and validates {@code resume} and {@code lock-timeout}; bad values throw naming the key. */
    public static OutputOptions of(ConfigReader config) {
        return new OutputOptions(config.bool("resume"), config.duration("lock-timeout", Duration.ofSeconds(1)), true);
    }
}
