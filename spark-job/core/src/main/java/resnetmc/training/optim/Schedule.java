package resnetmc.training.optim;

/** A learning-rate schedule of seed 001 (section 2): the rate in force at each step. */
public interface Schedule {

    /** The learning rate in force at the 0-based step {@code step} (step >= 0). */
    double rate(long step);
}
