package resnetmc.kernel;

import resnetmc.rng.TrialStreams;

/** Runs whole trials of one cell: what the job needs of any sampler. */
public interface TrialKernel {
    /** One trial, all of its random numbers read from {@code streams}. */
    TrialOutcome run(TrialStreams streams);
}
