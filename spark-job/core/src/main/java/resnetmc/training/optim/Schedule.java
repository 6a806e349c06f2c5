package resnetmc.training.optim;

/** A learning-rate schedule (THEORY.md section 4): the rate in force at each step. */
public interface Schedule {

    /** The learning rate in force at the 0-based step {@code step} (step >= 0). */
    double rate(long step);
}
