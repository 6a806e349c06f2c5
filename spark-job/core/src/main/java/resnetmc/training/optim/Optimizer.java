package resnetmc.training.optim;

/**
 * One gradient-based update rule (THEORY.md section 4) with its state. One instance
 * belongs to one network and holds the state of its flat parameter vector; it is not thread-safe.
 */
public interface Optimizer {

    /**
     * Updates {@code params} in place from {@code grad} at the learning rate in force. {@code grad} may
     * be overwritten (the L2 penalty is added to it in place). Both arrays have the size the optimizer
     * was created for.
     */
    void step(double[] params, double[] grad, double lr);
}
