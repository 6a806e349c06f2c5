package resnetmc.job.montecarlo;

import java.io.Serializable;
import resnetmc.kernel.TrialOutcome;

/** A trial's outcome with the index of its cell in the run's cell list. */
public record CellTrial(int cell, TrialOutcome outcome) implements Serializable {
}
