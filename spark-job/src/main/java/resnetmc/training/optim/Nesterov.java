package resnetmc.training.optim;

/**
 * Nesterov's accelerated gradient in the same exponential-average form as {@link Momentum}:
 * v_{t+1} = gamma v_t + (1 - gamma) g_t, theta_{t+1} = theta_t - eta_t (gamma v_{t+1} + (1 - gamma) g_t).
 *
 * <p>Seed 001 names Nesterov's acceleration (sections 1.4 and 2) without writing its rule. Nesterov
 * evaluates the gradient at the look-ahead point theta_t - eta gamma v_t; the change of variables of
 * Sutskever et al. (2013) and Bengio et al. (2013) moves the look-ahead into the update, which then
 * applies the velocity one step ahead, gamma v_{t+1} + (1 - gamma) g_t, to the gradient at theta_t
 * (the form of PyTorch's {@code nesterov=True} and of Keras, with the seed's (1 - gamma) damping).
 */
final class Nesterov implements Optimizer {
    private final double gamma;
    private final double[] velocity;

    Nesterov(int size, double gamma) {
        this.gamma = gamma;
        this.velocity = new double[size];
    }

    @Override
    public void step(double[] params, double[] grad, double lr) {
        double[] v = velocity;
        double keep = 1 - gamma;
        for (int i = 0; i < v.length; i++) {
            double g = keep * grad[i];
            v[i] = gamma * v[i] + g;
            params[i] -= lr * (gamma * v[i] + g);
        }
    }
}
