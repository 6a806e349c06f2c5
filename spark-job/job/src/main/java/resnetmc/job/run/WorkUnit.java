package resnetmc.job.run;

import java.io.Serializable;

/** Trials [firstTrial, endTrial) of cell number {@code cell} of the run's cell list. */
public record WorkUnit(int cell, long firstTrial, long endTrial, double cost) implements Serializable {
    public long size() {
        return endTrial - firstTrial;
    }
}
