package resnetmc.io;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import resnetmc.config.BadInputException;

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

    /** Reads and validates {@code resume} and {@code lock-timeout} of a merged config. */
    public static OutputOptions of(Config merged) {
        boolean resume;
        try {
            resume = merged.getBoolean("resume");
        } catch (ConfigException e) {
            throw new BadInputException("resume", "'" + merged.getValue("resume").unwrapped()
                    + "' is not allowed; use true or false");
        }
        Duration timeout;
        var v = merged.getValue("lock-timeout");
        try {
            if (v.valueType() != ConfigValueType.STRING) {
                throw new ConfigException.BadValue("lock-timeout", "no unit");
            }
            timeout = merged.getDuration("lock-timeout");
        } catch (ConfigException e) {
            throw new BadInputException("lock-timeout", "'" + v.unwrapped()
                    + "' is not allowed; use a duration with a unit, e.g. 60s or 5m");
        }
        if (timeout.toMillis() < 1000) {
            throw new BadInputException("lock-timeout", "'" + v.unwrapped() + "' is not allowed; must be >= 1s");
        }
        return new OutputOptions(resume, timeout, true);
    }
}
